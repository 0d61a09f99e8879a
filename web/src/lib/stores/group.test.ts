/**
 * The live group stores against a fake server: the chat room (Room) and the
 * post page (PostDetail), both built on Group, with their lists kept by
 * LiveList — what events do to them, in order or not, repeated or lost,
 * and what a reconnect re-reads.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshServer, type FakeServer } from '$lib/testing/fake-server';
import type { Ban, Membership, Message, Post } from '$lib/types';
import { watchRealtime } from './connection.svelte';
import { PostDetail } from './post.svelte';
import { Room } from './room.svelte';

vi.mock('$lib/pb', () => import('$lib/testing/fake-server'));

/** Lets every answer and event that is not held reach the store. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const HOST = 'host';
const ME = 'me';
const POST = 'p1';
const name = (id: string) => ({ id, name: `이웃 ${id}` });

let server: FakeServer;
let stops: Array<() => void>;

beforeEach(() => {
	server = freshServer();
	stops = [];
	// The room marks messages read while its tab is visible.
	vi.stubGlobal('document', { visibilityState: 'visible', addEventListener() {}, removeEventListener() {} });
	server.seed('posts', {
		...record(POST),
		collectionId: 'c',
		collectionName: 'posts',
		title: '치킨 같이 시켜요',
		content: '',
		category: 'chicken',
		host: HOST,
		address: '역삼동',
		restaurant: '',
		minOrderAmount: 0,
		deliveryFee: 0,
		pickupSpot: '',
		location: { lat: 0, lon: 0 },
		deadline: '',
		targetCount: 4,
		joinedCount: 2,
		status: 'recruiting',
		expand: { host: name(HOST) }
	});
	join(HOST, 'host', true);
	join(ME, 'member', true);
});

afterEach(() => {
	for (const stop of stops) stop();
	vi.unstubAllGlobals();
});

function record(id: string) {
	const at = server.now();
	return { id, created: at, updated: at };
}

/** A membership; seeded (there before the screen opened) or live (an event). */
function join(user: string, role: Membership['role'] = 'member', seeded = false): Membership {
	const fields = { post: POST, user, role, lastReadAt: '', collectionId: 'c', collectionName: 'memberships', expand: { user: name(user) } };
	if (seeded) return server.seed<Membership>('memberships', { ...record(`m-${user}`), ...fields } as Membership);
	return server.insert<Membership>('memberships', { id: `m-${user}`, ...fields } as Membership);
}

function say(body: string, author = HOST): Message {
	return server.insert<Message>('messages', {
		post: POST,
		author,
		kind: 'text',
		body,
		collectionId: 'c',
		collectionName: 'messages',
		expand: { author: name(author) }
	} as Message);
}

async function open<T extends Room | PostDetail>(screen: T): Promise<T> {
	stops.push(screen.start());
	await screen.load();
	await settle();
	return screen;
}

const bodies = (room: Room) => room.messages.map((m) => m.body);
const members = (screen: Room | PostDetail) => screen.members.map((m) => m.user);

describe('Room: messages from events', () => {
	it('shows my sent message once, from the create answer and its event', async () => {
		const room = await open(new Room(POST, ME));
		await room.send('안녕하세요');
		const [sent] = server.all<Message>('messages');
		server.emit('messages', 'create', sent); // a duplicate delivery
		expect(bodies(room)).toEqual(['안녕하세요']);
	});

	it('shows my message at once, as sending, until it is stored', async () => {
		const room = await open(new Room(POST, ME));
		server.online = false; // the fake answers at once; no echo to beat the answer
		const sent = room.send('지금 갈게요');
		expect(room.outbox.map((o) => [o.body, o.state])).toEqual([['지금 갈게요', 'sending']]);
		await sent;
		expect(room.outbox).toEqual([]);
		expect(bodies(room)).toEqual(['지금 갈게요']);
	});

	it('keeps a refused message with its reason, and sends it again once', async () => {
		const room = await open(new Room(POST, ME));
		server.failNextCreate('messages', 429);
		await room.send('스물한 번째');
		expect(room.outbox.map((o) => [o.body, o.state, o.error?.status])).toEqual([['스물한 번째', 'failed', 429]]);
		expect(bodies(room)).toEqual([]);

		const id = room.outbox[0].id;
		await Promise.all([room.retry(id), room.retry(id)]); // a double tap
		expect(room.outbox).toEqual([]);
		expect(server.all<Message>('messages').map((m) => [m.id, m.body])).toEqual([[id, '스물한 번째']]);
		expect(bodies(room)).toEqual(['스물한 번째']);
	});

	it('never stores a message twice when only the answer was lost', async () => {
		const room = await open(new Room(POST, ME));
		server.online = false; // no echo either
		server.failNextCreate('messages', 0, true);
		await room.send('한 번만');
		expect(room.outbox[0].state).toBe('failed');
		server.online = true;
		await room.retry(room.outbox[0].id);
		expect(server.all<Message>('messages').map((m) => m.body)).toEqual(['한 번만']);
		expect(bodies(room)).toEqual(['한 번만']);
		expect(room.outbox).toEqual([]);
	});

	it('drops a refused message when asked', async () => {
		const room = await open(new Room(POST, ME));
		server.failNextCreate('messages');
		await room.send('보내지 말걸');
		room.discard(room.outbox[0].id);
		expect(room.outbox).toEqual([]);
	});

	it('keeps chat order when events arrive out of order', async () => {
		const room = await open(new Room(POST, ME));
		server.online = false;
		const first = say('첫째');
		const second = say('둘째');
		server.online = true;
		server.emit('messages', 'create', second);
		server.emit('messages', 'create', first);
		expect(bodies(room)).toEqual(['첫째', '둘째']);
	});

	it('keeps a moderated body and the author name when the old copy comes late, and a deleted message gone', async () => {
		const a = say('원래');
		const b = say('지울 말');
		const room = await open(new Room(POST, ME));
		server.change<Message>('messages', a.id, { body: '수정됨' });
		server.emit('messages', 'update', a); // the old copy, late
		server.remove('messages', b.id);
		server.emit('messages', 'create', b); // a late copy of the deleted one
		expect(bodies(room)).toEqual(['수정됨']);
		expect(room.messages[0].expand?.author?.name).toBe(`이웃 ${HOST}`);
	});

	it('keeps what arrived while the room was still loading', async () => {
		say('이전 대화');
		const room = new Room(POST, ME);
		stops.push(room.start());
		const release = server.hold();
		const loading = room.load();
		await settle();
		say('로딩 중에 온 말');
		join('late');
		release();
		await loading;
		await settle();
		expect(bodies(room)).toEqual(['이전 대화', '로딩 중에 온 말']);
		expect(members(room)).toEqual([HOST, ME, 'late']);
	});
});

describe('Room: resync after a reconnect', () => {
	async function reconnectingRoom(): Promise<Room> {
		stops.push(watchRealtime());
		await settle();
		server.connect(); // the first connection, not a comeback
		return open(new Room(POST, ME));
	}

	it('reads every message missed while offline, beyond one gap page, once and in order', async () => {
		say('before');
		const room = await reconnectingRoom();
		server.online = false;
		const missed = Array.from({ length: 450 }, (_, i) => say(`missed ${i}`).body);
		server.connect();
		await settle();
		server.emit('messages', 'create', server.all<Message>('messages').at(-1)!); // the SDK may repeat one
		expect(bodies(room)).toEqual(['before', ...missed]);
	});

	it('drops a member who left while offline and shows one who joined', async () => {
		join('gone');
		const room = await reconnectingRoom();
		server.online = false;
		server.remove('memberships', 'm-gone');
		join('new');
		server.connect();
		await settle();
		expect(members(room)).toEqual([HOST, ME, 'new']);
		expect(room.ended).toBeNull();
	});

	it('tells me I was banned while offline', async () => {
		const room = await reconnectingRoom();
		server.online = false;
		server.insert<Ban>('bans', { post: POST, user: ME, reason: '' } as Ban);
		server.remove('memberships', `m-${ME}`);
		server.connect();
		await settle();
		expect(room.ended).toBe('banned');
		expect(members(room)).toEqual([HOST]);
	});

	it('tells me the room was deleted while offline', async () => {
		const room = await reconnectingRoom();
		server.online = false;
		server.remove('posts', POST);
		server.connect();
		await settle();
		expect(room.ended).toBe('deleted');
	});

	it('takes the newer post and keeps its host when an older copy comes late', async () => {
		const room = await reconnectingRoom();
		const old = server.all<Post>('posts')[0];
		server.change<Post>('posts', POST, { title: '피자로 바꿨어요' });
		server.emit('posts', 'update', old);
		expect(room.post?.title).toBe('피자로 바꿨어요');
		expect(room.post?.expand?.host?.name).toBe(`이웃 ${HOST}`);
	});
});

describe('Room: live ends', () => {
	it('ends when the post is deleted', async () => {
		const room = await open(new Room(POST, ME));
		server.remove('posts', POST);
		expect(room.ended).toBe('deleted');
	});

	it('ends when I leave in another tab', async () => {
		const room = await open(new Room(POST, ME));
		server.remove('memberships', `m-${ME}`);
		await settle();
		expect(room.ended).toBe('left');
	});

	it('unsubscribes everything on stop', async () => {
		const room = new Room(POST, ME);
		const stop = room.start();
		await settle();
		expect(server.subscriptions).toBe(3);
		stop();
		await settle();
		expect(server.subscriptions).toBe(0);
	});
});

describe('PostDetail', () => {
	it('joins, then follows who comes and goes', async () => {
		const detail = await open(new PostDetail(POST, 'neighbour'));
		await detail.join();
		expect(detail.mine?.user).toBe('neighbour');
		server.remove('memberships', `m-${ME}`);
		join('next');
		expect(members(detail)).toEqual([HOST, 'neighbour', 'next']);
	});

	it('re-reads the post and the members after a reconnect', async () => {
		stops.push(watchRealtime());
		await settle();
		server.connect();
		const detail = await open(new PostDetail(POST, ME));
		server.online = false;
		server.change<Post>('posts', POST, { status: 'closed' });
		server.remove('memberships', `m-${HOST}`);
		server.connect();
		await settle();
		expect(detail.post?.status).toBe('closed');
		expect(members(detail)).toEqual([ME]);
	});

	it('says so when the post is deleted while open', async () => {
		const detail = await open(new PostDetail(POST, ME));
		server.remove('posts', POST);
		expect(detail.deleted).toBe(true);
	});
});
