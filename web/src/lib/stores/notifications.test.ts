/**
 * The notifications store against a fake server: the bell's count and the
 * list, from the first reads and from create, update and delete events —
 * in order or not, repeated, or arriving while a read is on its way.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshServer, type FakeServer } from '$lib/testing/fake-server';
import type { Notice } from '$lib/types';
import { NOTICE_PAGE_SIZE } from '$lib/notices';
import { watchRealtime } from './connection.svelte';
import { Notifications } from './notifications.svelte';

vi.mock('$lib/pb', () => import('$lib/testing/fake-server'));

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

let server: FakeServer;
let store: Notifications;
let stop: () => void;
let stopWatching: () => void;

beforeEach(() => {
	server = freshServer();
	store = new Notifications();
	stopWatching = watchRealtime(); // the reconnects the store listens to
});

afterEach(() => {
	stop?.();
	stopWatching();
});

function fields(title: string, readAt = '') {
	return { user: 'me', kind: 'joined' as const, post: 'p1', title, body: '', readAt, collectionId: 'c', collectionName: 'notifications' };
}

/** A notification there before the app opened. */
function seed(id: string, title: string, readAt = ''): Notice {
	const at = server.now();
	return server.seed<Notice>('notifications', { id, created: at, updated: at, ...fields(title, readAt) });
}

/** A notification the server writes while the app is open (an event). */
function notify(title: string): Notice {
	return server.insert<Notice>('notifications', fields(title));
}

async function started(): Promise<void> {
	stop = store.start();
	await settle();
}

describe('the unread count', () => {
	it('starts from the server and counts up with each new notification, once', async () => {
		seed('old1', '읽은 알림', server.now());
		seed('old2', '안 읽은 알림');
		await started();
		expect(store.unread).toBe(1);

		const n = notify('새 참여');
		expect(store.unread).toBe(2);
		server.emit('notifications', 'create', n); // the same event twice
		expect(store.unread).toBe(2);
	});

	it('counts down when one is read, here or in another tab, and when one is deleted', async () => {
		seed('a', '하나');
		seed('b', '둘');
		seed('c', '셋');
		await started();
		expect(store.unread).toBe(3);

		await store.markRead({ id: 'a', readAt: '' });
		expect(store.unread).toBe(2);
		server.change<Notice>('notifications', 'b', { readAt: server.now() }); // another tab
		expect(store.unread).toBe(1);
		server.remove('notifications', 'c');
		expect(store.unread).toBe(0);
	});

	it('keeps an event that arrives while the count is being read', async () => {
		seed('a', '하나');
		const release = server.hold();
		stop = store.start();
		await settle();
		notify('읽는 사이에 온 알림'); // the answer on its way was taken before it
		release();
		await settle();
		expect(store.unread).toBe(2);
	});

	it('reads again after a reconnect: what happened while the stream was down counts', async () => {
		seed('a', '하나');
		await started();
		server.online = false;
		notify('끊긴 사이에 온 알림');
		expect(store.unread).toBe(1);
		server.connect();
		await settle();
		expect(store.unread).toBe(2);
	});

	it('"모두 읽음" marks every unread one read', async () => {
		for (let i = 0; i < 6; i++) seed(`n${i}`, `알림 ${i}`);
		await started();
		await store.markAllRead();
		expect(store.unread).toBe(0);
		expect(server.all<Notice>('notifications').every((n) => n.readAt)).toBe(true);
	});

	it('shows nothing of this account after it signs out', async () => {
		seed('a', '하나');
		await started();
		stop();
		expect(store.unread).toBe(0);
		notify('로그아웃 뒤');
		expect(store.unread).toBe(0);
	});
});

describe('the list', () => {
	it('is newest first, and a new notification goes on top, once', async () => {
		seed('a', '첫째');
		seed('b', '둘째');
		await started();
		await store.load();
		expect(store.items.map((n) => n.title)).toEqual(['둘째', '첫째']);

		const n = notify('셋째');
		server.emit('notifications', 'create', n);
		expect(store.items.map((x) => x.title)).toEqual(['셋째', '둘째', '첫째']);
	});

	it('shows a read mark made elsewhere, and never an older copy over a newer one', async () => {
		seed('a', '하나');
		await started();
		await store.load();
		const stale = store.items[0];
		server.change<Notice>('notifications', 'a', { readAt: server.now() });
		expect(store.items[0].readAt).not.toBe('');
		server.emit('notifications', 'update', stale); // a late, older copy
		expect(store.items[0].readAt).not.toBe('');
		expect(store.unread).toBe(0);
	});

	it('pages by keyset: every notification once, in order, even within one millisecond', async () => {
		const at = server.now();
		const total = NOTICE_PAGE_SIZE + 5;
		for (let i = 0; i < total; i++) {
			const id = `n${String(i).padStart(2, '0')}`;
			server.seed<Notice>('notifications', { id, created: at, updated: at, ...fields(id) });
		}
		await started();
		await store.load();
		expect(store.items).toHaveLength(NOTICE_PAGE_SIZE);
		expect(store.done).toBe(false);
		await store.loadMore();
		expect(store.done).toBe(true);
		const ids = store.items.map((n) => n.id);
		expect(ids).toHaveLength(total);
		expect(ids).toEqual([...ids].sort().reverse());
	});

	it('leaves a change below the loaded pages to its page', async () => {
		for (let i = 0; i < NOTICE_PAGE_SIZE + 1; i++) seed(`n${String(i).padStart(2, '0')}`, `알림 ${i}`);
		await started();
		await store.load();
		server.change<Notice>('notifications', 'n00', { readAt: server.now() }); // the oldest, not loaded
		expect(store.items.some((n) => n.id === 'n00')).toBe(false);
		expect(store.unread).toBe(NOTICE_PAGE_SIZE);
		await store.loadMore();
		expect(store.items.at(-1)?.id).toBe('n00');
		expect(store.items.at(-1)?.readAt).not.toBe('');
	});
});
