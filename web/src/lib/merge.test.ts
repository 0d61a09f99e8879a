import { describe, expect, it } from 'vitest';
import { mergeById, newestFirst, oldestFirst, removeById, replaceIfPresent } from './merge';

interface Item {
	id: string;
	created: string;
	updated?: string;
	body?: string;
	expand?: { author?: { name: string } };
}

const m = (id: string, created: string, extra: Partial<Item> = {}): Item => ({ id, created, ...extra });

describe('mergeById', () => {
	it('never shows a record twice (create response + realtime event)', () => {
		const list = [m('a', '2025-01-01 00:00:01.000Z')];
		const once = mergeById(list, [m('b', '2025-01-01 00:00:02.000Z')], oldestFirst);
		const twice = mergeById(once, [m('b', '2025-01-01 00:00:02.000Z')], oldestFirst);
		expect(twice.map((x) => x.id)).toEqual(['a', 'b']);
	});

	it('fills a gap after a reconnect without duplicating the overlap', () => {
		const shown = [m('1', '2025-01-01 00:00:01.000Z'), m('2', '2025-01-01 00:00:02.000Z')];
		const reread = [m('2', '2025-01-01 00:00:02.000Z'), m('3', '2025-01-01 00:00:03.000Z'), m('4', '2025-01-01 00:00:04.000Z')];
		expect(mergeById(shown, reread, oldestFirst).map((x) => x.id)).toEqual(['1', '2', '3', '4']);
	});

	it('sorts events that arrive out of order', () => {
		const list = mergeById([], [m('c', '2025-01-01 00:00:03.000Z'), m('a', '2025-01-01 00:00:01.000Z')], oldestFirst);
		expect(mergeById(list, [m('b', '2025-01-01 00:00:02.000Z')], oldestFirst).map((x) => x.id)).toEqual(['a', 'b', 'c']);
		expect(mergeById(list, [m('b', '2025-01-01 00:00:02.000Z')], newestFirst).map((x) => x.id)).toEqual(['c', 'b', 'a']);
	});

	it('orders records of the same millisecond by id, as the keyset pages do', () => {
		const t = '2025-01-01 00:00:01.000Z';
		expect(mergeById([m('y', t)], [m('x', t)], oldestFirst).map((x) => x.id)).toEqual(['x', 'y']);
	});

	it('keeps the newer copy when an older one arrives late', () => {
		const fresh = m('a', '2025-01-01 00:00:01.000Z', { updated: '2025-01-01 00:00:09.000Z', body: 'new' });
		const stale = m('a', '2025-01-01 00:00:01.000Z', { updated: '2025-01-01 00:00:05.000Z', body: 'old' });
		expect(mergeById([fresh], [stale], oldestFirst)[0].body).toBe('new');
		expect(mergeById([stale], [fresh], oldestFirst)[0].body).toBe('new');
	});

	it('keeps expanded relations a realtime copy lacks', () => {
		const withName = m('a', '2025-01-01 00:00:01.000Z', { expand: { author: { name: '민지' } } });
		const bare = m('a', '2025-01-01 00:00:01.000Z', { body: 'edited' });
		const out = mergeById([withName], [bare], oldestFirst)[0];
		expect(out.body).toBe('edited');
		expect(out.expand?.author?.name).toBe('민지');
	});
});

describe('removeById / replaceIfPresent', () => {
	it('removes only the given record', () => {
		const list = [m('a', '1'), m('b', '2')];
		expect(removeById(list, 'a').map((x) => x.id)).toEqual(['b']);
		expect(removeById(list, 'zzz')).toHaveLength(2);
	});

	it('replaces a record in place and adds nothing', () => {
		const list = [m('a', '1', { body: 'x' }), m('b', '2')];
		expect(replaceIfPresent(list, m('a', '1', { body: 'y' }))[0].body).toBe('y');
		expect(replaceIfPresent(list, m('c', '3'))).toHaveLength(2);
	});
});
