import { describe, expect, it } from 'vitest';
import { oldestFirst } from '$lib/merge';
import { LiveList } from './live-list.svelte';

interface Item {
	id: string;
	created: string;
	updated: string;
	body: string;
	expand?: { author?: { name: string } };
}

const at = (s: number) => `2025-01-01 00:00:${String(s).padStart(2, '0')}.000Z`;
const item = (id: string, created: number, extra: Partial<Item> = {}): Item => ({
	id,
	created: at(created),
	updated: at(created),
	body: id,
	...extra
});
const ids = (l: LiveList<Item>) => l.items.map((x) => x.id);

/** A read whose answer the test delivers when it likes. */
function deferred(): { read: () => Promise<Item[]>; answer: (items: Item[]) => void } {
	let answer!: (items: Item[]) => void;
	const p = new Promise<Item[]>((resolve) => (answer = resolve));
	return { read: () => p, answer };
}

describe('LiveList events', () => {
	it('shows a record once when its create arrives twice (event and create answer)', () => {
		const l = new LiveList<Item>(oldestFirst);
		l.apply({ action: 'create', record: item('a', 1) });
		l.add([item('a', 1)]);
		l.apply({ action: 'create', record: item('a', 1) });
		expect(ids(l)).toEqual(['a']);
	});

	it('keeps the list in order when events arrive out of order', () => {
		const l = new LiveList<Item>(oldestFirst);
		for (const n of [3, 1, 2]) l.apply({ action: 'create', record: item(`m${n}`, n) });
		expect(ids(l)).toEqual(['m1', 'm2', 'm3']);
	});

	it('never lets a late, older copy replace a newer one, and keeps the expanded author', () => {
		const l = new LiveList<Item>(oldestFirst);
		l.add([item('a', 1, { expand: { author: { name: '민지' } } })]);
		l.apply({ action: 'update', record: item('a', 1, { updated: at(5), body: 'edited' }) });
		l.apply({ action: 'update', record: item('a', 1, { updated: at(3), body: 'stale' }) });
		expect(l.items[0].body).toBe('edited');
		expect(l.items[0].expand?.author?.name).toBe('민지');
	});

	it('keeps a deleted record deleted when a late event or page still carries it', () => {
		const l = new LiveList<Item>(oldestFirst);
		l.add([item('a', 1), item('b', 2)]);
		l.apply({ action: 'delete', record: item('a', 1) });
		l.apply({ action: 'update', record: item('a', 1, { updated: at(9) }) });
		l.add([item('a', 1), item('c', 3)]);
		expect(ids(l)).toEqual(['b', 'c']);
	});

	it('ignores the delete of a record it never showed', () => {
		const l = new LiveList<Item>(oldestFirst);
		l.add([item('a', 1)]);
		l.apply({ action: 'delete', record: item('x', 2) });
		expect(ids(l)).toEqual(['a']);
	});
});

describe('LiveList resync (replace)', () => {
	it('drops what the fresh read no longer has (a member who left while offline)', async () => {
		const l = new LiveList<Item>(oldestFirst);
		l.add([item('host', 1), item('left', 2)]);
		await l.replace(async () => [item('host', 1), item('joined', 3)]);
		expect(ids(l)).toEqual(['host', 'joined']);
	});

	it('keeps what events brought while the read was on its way', async () => {
		const l = new LiveList<Item>(oldestFirst);
		l.add([item('host', 1), item('b', 2)]);
		const r = deferred();
		const done = l.replace(r.read);
		l.apply({ action: 'create', record: item('c', 4) });
		l.apply({ action: 'delete', record: item('b', 2) });
		// The server's snapshot was taken before c joined and b left.
		r.answer([item('host', 1), item('b', 2)]);
		await done;
		expect(ids(l)).toEqual(['host', 'c']);
	});

	it('keeps the newer copy when an event is fresher than the read', async () => {
		const l = new LiveList<Item>(oldestFirst);
		const r = deferred();
		const done = l.replace(r.read);
		l.apply({ action: 'update', record: item('a', 1, { updated: at(7), body: 'read 7' }) });
		r.answer([item('a', 1, { updated: at(5), body: 'read 5', expand: { author: { name: '민지' } } })]);
		await done;
		expect(l.items).toHaveLength(1);
		expect(l.items[0].body).toBe('read 7');
		expect(l.items[0].expand?.author?.name).toBe('민지');
	});

	it('drops an answer that comes after a newer one', async () => {
		const l = new LiveList<Item>(oldestFirst);
		const first = deferred();
		const second = deferred();
		const a = l.replace(first.read);
		const b = l.replace(second.read);
		second.answer([item('host', 1), item('now', 5)]);
		await b;
		first.answer([item('host', 1), item('before', 2)]);
		await a;
		expect(ids(l)).toEqual(['host', 'now']);
	});

	it('clear() empties the list and drops the reads on their way', async () => {
		const l = new LiveList<Item>(oldestFirst);
		const r = deferred();
		l.add([item('a', 1)]);
		const done = l.replace(r.read);
		l.clear();
		r.answer([item('a', 1)]);
		await done;
		expect(l.items).toEqual([]);
	});
});
