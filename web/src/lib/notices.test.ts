/** Where a notification leads, and how events change the unread set. */
import { describe, expect, it } from 'vitest';
import { NOTICE_KINDS } from './schema.gen';
import { applyUnread, pageOf, unreadCount, unreadIds, type ReadMark } from './notices';
import type { NoticeKind } from './types';

describe('pageOf (the same as the push url of internal/notify PageOf)', () => {
	const room: NoticeKind[] = ['joined', 'full', 'ordered', 'delivered', 'paid', 'confirmed', 'done', 'cancelled'];
	for (const kind of room) {
		it(`${kind} opens the room`, () => {
			expect(pageOf({ kind, post: 'p1' })).toBe('/chats/p1');
		});
	}
	it('an alert opens the post, to join it', () => {
		expect(pageOf({ kind: 'alert', post: 'p1' })).toBe('/posts/p1');
	});
	it('a ban opens the post: the room is closed to me', () => {
		expect(pageOf({ kind: 'banned', post: 'p1' })).toBe('/posts/p1');
	});
	it('a notification without a post (deleted) opens nothing', () => {
		for (const kind of NOTICE_KINDS) expect(pageOf({ kind, post: '' })).toBeNull();
	});
	it('every kind the server knows is mapped', () => {
		expect([...room, 'alert', 'banned', 'deleted'].sort()).toEqual([...NOTICE_KINDS].sort());
	});
});

describe('applyUnread', () => {
	const n = (id: string, updated: string, readAt = '') => ({ id, readAt, updated });
	const count = (marks: Map<string, ReadMark>) => unreadCount(marks);

	it('counts a new unread notification once, however often its event comes', () => {
		let m = applyUnread(new Map(), { action: 'create', record: n('a', '1') });
		m = applyUnread(m, { action: 'create', record: n('a', '1') });
		expect(count(m)).toBe(1);
		expect(unreadIds(m)).toEqual(['a']);
	});
	it('a read mark takes it off', () => {
		let m = applyUnread(new Map(), { action: 'create', record: n('a', '1') });
		m = applyUnread(m, { action: 'create', record: n('b', '1') });
		m = applyUnread(m, { action: 'update', record: n('a', '2', '2025-01-01 00:00:00.000Z') });
		expect(unreadIds(m)).toEqual(['b']);
	});
	it('an older copy that arrives late does not make it unread again', () => {
		let m = applyUnread(new Map(), { action: 'update', record: n('a', '2', '2025-01-01 00:00:00.000Z') });
		m = applyUnread(m, { action: 'create', record: n('a', '1') });
		expect(count(m)).toBe(0);
	});
	it('a deleted notification never counts again', () => {
		let m = applyUnread(new Map(), { action: 'create', record: n('a', '1') });
		m = applyUnread(m, { action: 'delete', record: n('a', '1') });
		expect(count(m)).toBe(0);
		m = applyUnread(m, { action: 'update', record: n('a', '3') });
		expect(count(m)).toBe(0);
	});
	it('does not change the marks it was given', () => {
		const m = applyUnread(new Map(), { action: 'create', record: n('a', '1') });
		applyUnread(m, { action: 'delete', record: n('a', '1') });
		expect(count(m)).toBe(1);
	});
});
