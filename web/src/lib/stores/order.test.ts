/**
 * The order store beside a room, against a fake server: the sheet's lines
 * from pages, create answers and realtime events — repeated, late, out of
 * order or lost while offline — and the payment marks shown at once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshServer, type FakeServer } from '$lib/testing/fake-server';
import type { Membership, OrderItem, Post } from '$lib/types';
import { watchRealtime } from './connection.svelte';
import { Order } from './order.svelte';
import { Room } from './room.svelte';

vi.mock('$lib/pb', () => import('$lib/testing/fake-server'));

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const HOST = 'host';
const ME = 'me';
const OTHER = 'other';
const POST = 'p1';

let server: FakeServer;
let stops: Array<() => void>;

beforeEach(() => {
	server = freshServer();
	stops = [];
	vi.stubGlobal('document', { visibilityState: 'visible', addEventListener() {}, removeEventListener() {} });
	const at = server.now();
	server.seed('posts', {
		id: POST,
		created: at,
		updated: at,
		collectionId: 'c',
		collectionName: 'posts',
		title: '치킨 같이 시켜요',
		host: HOST,
		minOrderAmount: 20000,
		deliveryFee: 3000,
		targetCount: 4,
		joinedCount: 3,
		status: 'recruiting',
		itemsTotal: 0,
		expand: { host: { id: HOST, name: '방장' } }
	});
	for (const [user, role] of [
		[HOST, 'host'],
		[ME, 'member'],
		[OTHER, 'member']
	] as const) {
		const created = server.now();
		server.seed<Membership>('memberships', {
			id: `m-${user}`,
			created,
			updated: created,
			post: POST,
			user,
			role,
			amountDue: 0,
			feeShare: 0,
			paidAt: '',
			confirmedAt: '',
			expand: { user: { id: user, name: `이웃 ${user}` } }
		} as unknown as Membership);
	}
});

afterEach(() => {
	for (const stop of stops) stop();
	vi.unstubAllGlobals();
});

/** A line someone else puts on the sheet (its create event reaches the store). */
function line(user: string, name: string, price: number, quantity = 1): OrderItem {
	return server.insert<OrderItem>('order_items', { post: POST, user, name, price, quantity, note: '' } as unknown as OrderItem);
}

async function open(): Promise<{ room: Room; order: Order }> {
	const room = new Room(POST, ME);
	const order = new Order(room);
	stops.push(room.start(), order.start());
	await room.load();
	await order.load();
	await settle();
	return { room, order };
}

const names = (order: Order) => order.items.map((i) => i.name);

describe('Order: the sheet from pages and events', () => {
	it('shows what was on the sheet and what arrives live, grouped by member with the total', async () => {
		line(OTHER, '양념 반마리', 9000);
		const { order } = await open();
		line(ME, '후라이드 반마리', 10000);
		line(OTHER, '콜라', 2000);
		expect(names(order)).toEqual(['양념 반마리', '후라이드 반마리', '콜라']);
		expect(order.groups.map((g) => [g.user, g.subtotal])).toEqual([
			[ME, 10000],
			[OTHER, 11000]
		]);
		expect(order.total).toBe(21000);
		expect(order.mine.map((i) => i.name)).toEqual(['후라이드 반마리']);
		// 3,000원 between two payers
		expect(order.preview.get(ME)).toEqual({ items: 10000, feeShare: 1500, amount: 11500 });
		expect(order.preview.get(OTHER)).toEqual({ items: 11000, feeShare: 1500, amount: 12500 });
		expect(order.preview.has(HOST)).toBe(false);
	});

	it('shows my new line once, from the create answer and its event', async () => {
		const { order } = await open();
		await order.addItem({ name: ' 치즈볼 ', price: 3000, quantity: 2, note: '' });
		const [sent] = server.all<OrderItem>('order_items');
		server.emit('order_items', 'create', sent); // delivered again
		expect(names(order)).toEqual(['치즈볼']);
		expect(order.total).toBe(6000);
	});

	it('keeps an edit when the older copy comes late, and a deleted line gone', async () => {
		const a = line(OTHER, '양념 반마리', 9000);
		const b = line(OTHER, '치즈볼', 3000);
		const { order } = await open();
		server.change<OrderItem>('order_items', a.id, { quantity: 2 });
		server.emit('order_items', 'update', a); // the old copy, late
		server.remove('order_items', b.id);
		server.emit('order_items', 'create', b); // a late copy of the deleted line
		expect(order.items.map((i) => [i.name, i.quantity])).toEqual([['양념 반마리', 2]]);
		expect(order.total).toBe(18000);
	});

	it('removes my own line at once, whether or not its event comes', async () => {
		const { order } = await open();
		await order.addItem({ name: '치즈볼', price: 3000, quantity: 1, note: '' });
		server.online = false; // the delete event is lost
		await order.removeItem(order.items[0].id);
		expect(order.items).toEqual([]);
	});

	it('keeps a line that arrived while the sheet was still loading', async () => {
		line(OTHER, '먼저', 1000);
		const room = new Room(POST, ME);
		const order = new Order(room);
		stops.push(room.start(), order.start());
		await room.load();
		const release = server.hold();
		const loading = order.load();
		await settle();
		line(ME, '로딩 중에', 2000);
		release();
		await loading;
		expect(names(order)).toEqual(['먼저', '로딩 중에']);
	});

	it('stops following the sheet when the room closes', async () => {
		const before = server.subscriptions;
		const room = new Room(POST, ME);
		const order = new Order(room);
		const stop = order.start();
		await settle();
		expect(server.subscriptions).toBe(before + 1);
		stop();
		await settle();
		expect(server.subscriptions).toBe(before);
	});
});

describe('Order: after a reconnect', () => {
	it('re-reads the sheet: lines deleted and added while offline, each once', async () => {
		stops.push(watchRealtime());
		await settle();
		server.connect(); // the first connection, not a comeback
		const gone = line(OTHER, '지울 것', 1000);
		const { order } = await open();
		server.online = false;
		server.remove('order_items', gone.id);
		line(OTHER, '새로 담은 것', 4000);
		server.connect();
		await settle();
		expect(names(order)).toEqual(['새로 담은 것']);
		expect(order.total).toBe(4000);
	});
});

describe('Order: payments', () => {
	it('shows my "송금했어요" and its undo at once, before the event', async () => {
		const { room, order } = await open();
		server.change<Membership>('memberships', `m-${ME}`, { amountDue: 11500, feeShare: 1500 });
		server.online = false; // events are slow today
		await order.markSent(true);
		expect(room.mine?.paidAt).not.toBe('');
		await order.markSent(false);
		expect(room.mine?.paidAt).toBe('');
		expect(room.mine?.expand?.user?.name).toBe(`이웃 ${ME}`);
	});

	it('shows the host’s confirmation of a member at once', async () => {
		const room = new Room(POST, HOST);
		const order = new Order(room);
		stops.push(room.start(), order.start());
		await room.load();
		server.online = false;
		await order.confirm(`m-${OTHER}`, true);
		expect(room.members.find((m) => m.user === OTHER)?.confirmedAt).not.toBe('');
		expect(order.hostMembership?.user).toBe(HOST);
	});

	it('shows the stage the host set at once', async () => {
		const room = new Room(POST, HOST);
		const order = new Order(room);
		stops.push(room.start(), order.start());
		await room.load();
		server.change<Post>('posts', POST, { status: 'ordered' });
		server.online = false;
		await order.setStage('delivered');
		expect(room.post?.status).toBe('delivered');
		expect(room.post?.expand?.host?.name).toBe('방장');
		await order.cancel('  가게가 문을 닫았어요 ');
		expect(room.post?.status).toBe('cancelled');
		expect(server.all<Post>('posts')[0].cancelReason).toBe('가게가 문을 닫았어요');
	});
});
