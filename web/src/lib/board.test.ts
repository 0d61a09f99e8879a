import { describe, expect, it } from 'vitest';
import { applyBoardEvent, boardFilter, boardHref, filterFromURL, matchesBoard, searchQuery, type BoardFilter } from './board';
import type { Post } from './types';

function post(id: string, created: string, extra: Partial<Post> = {}): Post {
	return {
		id,
		created,
		updated: created,
		collectionId: 'c',
		collectionName: 'posts',
		title: '치킨 같이 시켜요',
		content: '',
		category: 'chicken',
		host: 'h',
		address: '서울특별시 강남구 역삼동',
		restaurant: '',
		minOrderAmount: 0,
		deliveryFee: 0,
		pickupSpot: '',
		location: { lat: 0, lon: 0 },
		deadline: '',
		targetCount: 3,
		joinedCount: 1,
		status: 'recruiting',
		itemsTotal: 0,
		orderedAt: '',
		deliveredAt: '',
		doneAt: '',
		cancelReason: '',
		...extra
	};
}

const all: BoardFilter = { category: '', includeClosed: true, q: '' };
const open: BoardFilter = { category: '', includeClosed: false, q: '' };

describe('boardFilter', () => {
	it('builds the list filter and quotes user input', () => {
		expect(boardFilter(all)).toBe('');
		expect(boardFilter({ category: 'pizza', includeClosed: false, q: '' }, '2025-01-01 00:00:00.000Z')).toBe(
			'category = "pizza" && status = "recruiting" && created < "2025-01-01 00:00:00.000Z"'
		);
	});
	it('sends a search to the search route, with the board filters and cursor', () => {
		expect(searchQuery({ category: 'pizza', includeClosed: true, q: '피자 "반반"' }, 20, '2025-01-01 00:00:00.000Z')).toEqual({
			q: '피자 "반반"',
			perPage: '20',
			category: 'pizza',
			includeClosed: '1',
			before: '2025-01-01 00:00:00.000Z'
		});
		expect(searchQuery({ category: '', includeClosed: false, q: '치킨' }, 20)).toEqual({ q: '치킨', perPage: '20' });
	});
});

describe('matchesBoard', () => {
	it('applies category, status and title search', () => {
		const p = post('a', '1');
		expect(matchesBoard(p, { category: 'pizza', includeClosed: true, q: '' })).toBe(false);
		expect(matchesBoard({ ...p, status: 'full' }, open)).toBe(false);
		expect(matchesBoard({ ...p, status: 'full' }, all)).toBe(true);
		expect(matchesBoard(p, { ...all, q: '치킨' })).toBe(true);
		expect(matchesBoard(p, { ...all, q: '피자' })).toBe(false);
	});

	it('searches restaurant names as well as titles, ignoring case', () => {
		const p = post('a', '2025-01-01 00:00:00.000Z', { title: '저녁 같이 드실 분', restaurant: '바삭치킨 역삼동점' });
		expect(matchesBoard(p, { ...all, q: '치킨' })).toBe(true);
		expect(matchesBoard({ ...p, restaurant: 'BBQ Chicken' }, { ...all, q: 'chicken' })).toBe(true);
		expect(matchesBoard(p, { ...all, q: '피자' })).toBe(false);
	});
});

describe('applyBoardEvent', () => {
	const a = post('a', '2025-01-01 00:00:03.000Z');
	const b = post('b', '2025-01-01 00:00:02.000Z');
	const board = [a, b];

	it('puts a new post on top, once', () => {
		const c = post('c', '2025-01-01 00:00:04.000Z');
		const once = applyBoardEvent(board, 'create', c, all, false);
		expect(once.map((p) => p.id)).toEqual(['c', 'a', 'b']);
		expect(applyBoardEvent(once, 'create', c, all, false).map((p) => p.id)).toEqual(['c', 'a', 'b']);
	});

	it('ignores a new post the filter excludes', () => {
		const pizza = post('p', '2025-01-01 00:00:04.000Z', { category: 'pizza' });
		expect(applyBoardEvent(board, 'create', pizza, { ...all, category: 'chicken' }, false)).toHaveLength(2);
	});

	it('updates counts and status in place, even when the card no longer matches', () => {
		const full = { ...a, joinedCount: 3, status: 'full' as const, updated: '2025-01-01 00:00:09.000Z' };
		const out = applyBoardEvent(board, 'update', full, open, false);
		expect(out.map((p) => p.id)).toEqual(['a', 'b']);
		expect(out[0]).toMatchObject({ joinedCount: 3, status: 'full' });
	});

	it('removes a deleted post', () => {
		expect(applyBoardEvent(board, 'delete', a, all, false).map((p) => p.id)).toEqual(['b']);
	});

	it('adds a reopened post only inside the loaded range', () => {
		const older = post('z', '2025-01-01 00:00:01.000Z');
		const newer = post('n', '2025-01-01 00:00:02.500Z');
		expect(applyBoardEvent(board, 'update', older, open, false).map((p) => p.id)).toEqual(['a', 'b']);
		expect(applyBoardEvent(board, 'update', older, open, true).map((p) => p.id)).toEqual(['a', 'b', 'z']);
		expect(applyBoardEvent(board, 'update', newer, open, false).map((p) => p.id)).toEqual(['a', 'n', 'b']);
	});
});

describe('the filter in the URL', () => {
	const url = (s: string) => new URL(s, 'http://localhost');

	it('reads category, status and search, ignoring what it does not know', () => {
		expect(filterFromURL(url('/?category=asian&all=1&q=%20마라%20').searchParams)).toEqual({ category: 'asian', includeClosed: true, q: '마라' });
		expect(filterFromURL(url('/?category=sushi&all=yes').searchParams)).toEqual({ category: '', includeClosed: false, q: '' });
	});

	it('changes one part and keeps the others', () => {
		expect(boardHref(url('/'), { category: 'chicken' })).toBe('/?category=chicken');
		expect(boardHref(url('/?category=chicken'), { includeClosed: true })).toBe('/?category=chicken&all=1');
		expect(boardHref(url('/?category=chicken&all=1'), { category: '' })).toBe('/?all=1');
		expect(boardHref(url('/?q=a'), { q: ' 치킨 ' })).toBe('/?q=%EC%B9%98%ED%82%A8');
		expect(boardHref(url('/?category=pizza&all=1&q=x'), { category: '', includeClosed: false, q: '' })).toBe('/');
	});

	it('returns null when nothing would change, so that no history entry is added', () => {
		expect(boardHref(url('/?category=chicken'), { category: 'chicken' })).toBeNull();
		expect(boardHref(url('/'), { q: '   ' })).toBeNull();
		expect(boardHref(url('/?all=1'), { includeClosed: true })).toBeNull();
	});
});
