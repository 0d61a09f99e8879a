import { describe, expect, it } from 'vitest';
import { chatPreview, continuesBlock, firstUnreadId, isSendKey, newerThan, newRecordId, olderThan, showsTime, startsDay } from './chat';
import type { Message } from './types';

function msg(id: string, created: string, author = 'u1', kind: Message['kind'] = 'text'): Message {
	return { id, created, updated: created, collectionId: 'c', collectionName: 'messages', post: 'p', author, kind, body: id };
}

describe('history pages', () => {
	it('pages by (created, id) so that messages of one millisecond are neither lost nor repeated', () => {
		const m = { id: 'abc', created: '2025-01-01 00:00:01.000Z' };
		expect(olderThan('p1', m)).toBe(
			'post = "p1" && (created < "2025-01-01 00:00:01.000Z" || (created = "2025-01-01 00:00:01.000Z" && id < "abc"))'
		);
		expect(newerThan('p1', m)).toBe(
			'post = "p1" && (created > "2025-01-01 00:00:01.000Z" || (created = "2025-01-01 00:00:01.000Z" && id > "abc"))'
		);
	});
});

describe('firstUnreadId', () => {
	const list = [
		msg('a', '2025-01-01 00:00:01.000Z', 'other'),
		msg('b', '2025-01-01 00:00:02.000Z', 'me'),
		msg('c', '2025-01-01 00:00:03.000Z', 'other'),
		msg('d', '2025-01-01 00:00:04.000Z', '', 'system')
	];

	it('is the first message after the read mark not written by me', () => {
		expect(firstUnreadId(list, '2025-01-01 00:00:01.000Z', 'me')).toBe('c');
		expect(firstUnreadId(list, '2025-01-01 00:00:00.000Z', 'me')).toBe('a');
	});

	it('is empty when only notices are new (my own join notice)', () => {
		expect(firstUnreadId(list, '2025-01-01 00:00:03.000Z', 'me')).toBe('');
	});

	it('is empty when everything was read or there is no mark', () => {
		expect(firstUnreadId(list, '2025-01-01 00:00:04.000Z', 'me')).toBe('');
		expect(firstUnreadId(list, '', 'me')).toBe('');
	});
});

describe('grouping', () => {
	it('groups one author’s messages within three minutes', () => {
		const a = msg('a', '2025-01-01 00:00:00.000Z');
		expect(continuesBlock(a, msg('b', '2025-01-01 00:02:59.000Z'))).toBe(true);
		expect(continuesBlock(a, msg('b', '2025-01-01 00:03:01.000Z'))).toBe(false);
		expect(continuesBlock(a, msg('b', '2025-01-01 00:01:00.000Z', 'u2'))).toBe(false);
		expect(continuesBlock(a, msg('b', '2025-01-01 00:01:00.000Z', '', 'system'))).toBe(false);
		expect(continuesBlock(undefined, a)).toBe(false);
	});

	it('marks the first message of a day', () => {
		expect(startsDay(undefined, msg('a', '2025-01-01 00:00:00.000Z'))).toBe(true);
		expect(startsDay(msg('a', '2025-01-01 10:00:00.000Z'), msg('b', '2025-01-01 10:05:00.000Z'))).toBe(false);
		expect(startsDay(msg('a', '2025-01-01 10:00:00.000Z'), msg('b', '2025-01-03 10:00:00.000Z'))).toBe(true);
	});
});

describe('isSendKey', () => {
	const key = (over: Partial<KeyboardEvent>) => ({ key: 'Enter', shiftKey: false, isComposing: false, keyCode: 13, ...over });
	it('sends on Enter, not on Shift+Enter or while composing Hangul', () => {
		expect(isSendKey(key({}))).toBe(true);
		expect(isSendKey(key({ shiftKey: true }))).toBe(false);
		expect(isSendKey(key({ isComposing: true }))).toBe(false);
		expect(isSendKey(key({ keyCode: 229 }))).toBe(false);
		expect(isSendKey(key({ key: 'a' }))).toBe(false);
	});
});

describe('showsTime', () => {
	const at = (hms: string, author = 'u1', kind: Message['kind'] = 'text') => msg(hms, `2025-01-01 03:${hms}.000Z`, author, kind);

	it('shows the time once per minute group, under its last message', () => {
		const list = [at('04:05'), at('04:40'), at('04:59'), at('05:00'), at('05:30')];
		expect(list.map((m, i) => showsTime(m, list[i + 1]))).toEqual([false, false, true, false, true]);
	});

	it('shows it when the next message is someone else’s or a notice', () => {
		expect(showsTime(at('04:05'), at('04:06', 'u2'))).toBe(true);
		expect(showsTime(at('04:05'), at('04:06', '', 'system'))).toBe(true);
		expect(showsTime(at('04:05'), undefined)).toBe(true);
	});
});

describe('chatPreview', () => {
	const last = (authorName: string, kind: Message['kind'] = 'text') => ({ body: '7시 픽업이요', kind, created: '', authorName });

	it('reads "나: …" for my own last message and "이름: …" for others', () => {
		expect(chatPreview(last('김밥천국'), '김밥천국')).toBe('나: 7시 픽업이요');
		expect(chatPreview(last('이웃'), '김밥천국')).toBe('이웃: 7시 픽업이요');
	});

	it('shows notices and messages of deleted accounts as they are', () => {
		expect(chatPreview(last('', 'system'), '김밥천국')).toBe('7시 픽업이요');
		expect(chatPreview(last(''), '김밥천국')).toBe('7시 픽업이요');
	});
});

describe('newRecordId', () => {
	it('makes ids in PocketBase’s format, different each time', () => {
		const ids = Array.from({ length: 50 }, newRecordId);
		for (const id of ids) expect(id).toMatch(/^[a-z0-9]{15}$/);
		expect(new Set(ids).size).toBe(50);
	});
});
