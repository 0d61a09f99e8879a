/**
 * Chat helpers without a server: keyset filters for history pages, the
 * unread divider, and grouping of consecutive messages. Pure, for the tests.
 */
import { pb } from './pb';
import type { Message } from './types';

/** Newest first, ties broken by id: the order of the history pages. */
export const HISTORY_SORT = '-created,-id';
/** Oldest first: the order in which a reconnect re-reads the gap. */
export const GAP_SORT = 'created,id';

/** Messages of the room older than m (the next history page). */
export function olderThan(postId: string, m: Pick<Message, 'id' | 'created'>): string {
	return beyond(postId, m, '<');
}

/** Messages of the room newer than m (what a reconnect may have missed). */
export function newerThan(postId: string, m: Pick<Message, 'id' | 'created'>): string {
	return beyond(postId, m, '>');
}

/** Keyset by (created, id): messages of one millisecond are neither lost nor repeated. */
function beyond(postId: string, m: Pick<Message, 'id' | 'created'>, op: '<' | '>'): string {
	return pb.filter(`post = {:post} && (created ${op} {:created} || (created = {:created} && id ${op} {:id}))`, {
		post: postId,
		created: m.created,
		id: m.id
	});
}

/**
 * Where the unread divider goes when a room opens: before the first
 * message written after my read mark and not by me. Returns its id, or ""
 * when there is nothing new to read — including when the only news are
 * notices (my own join notice comes right after my membership: a divider
 * above it would be noise).
 */
export function firstUnreadId(messages: readonly Message[], readMark: string, me: string): string {
	if (!readMark) return '';
	const unread = messages.filter((x) => x.created > readMark && x.author !== me);
	if (!unread.some((x) => x.kind === 'text')) return '';
	return unread[0].id;
}

/** Whether m continues the previous message's block (same author within 3 minutes). */
export function continuesBlock(prev: Message | undefined, m: Message): boolean {
	if (!prev || prev.kind !== 'text' || m.kind !== 'text' || prev.author !== m.author) return false;
	const gap = Date.parse(m.created.replace(' ', 'T')) - Date.parse(prev.created.replace(' ', 'T'));
	return gap >= 0 && gap < 3 * 60_000;
}

/** Whether m starts a new calendar day (local time) after prev. */
export function startsDay(prev: Message | undefined, m: Message): boolean {
	if (!prev) return true;
	const a = new Date(prev.created.replace(' ', 'T'));
	const b = new Date(m.created.replace(' ', 'T'));
	return a.toDateString() !== b.toDateString();
}

/** Whether Enter should send: not with Shift, and not while an IME is composing Hangul. */
export function isSendKey(e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'isComposing' | 'keyCode'>): boolean {
	return e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229;
}
