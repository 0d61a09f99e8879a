/**
 * Chat helpers without a server: keyset filters for history pages, the
 * unread divider, and grouping of consecutive messages. Pure, for the tests.
 */
import { t } from './i18n/ko';
import { pb } from './pb';
import type { ChatSummary, Message } from './types';

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

/**
 * Whether m shows its time: as in 카카오톡, once per minute group — on the
 * last of one author's messages sent within the same minute, so a burst
 * of lines carries one time, under its last line.
 */
export function showsTime(m: Message, next: Message | undefined): boolean {
	if (!next || next.kind !== 'text' || m.kind !== 'text' || next.author !== m.author) return true;
	return minuteOf(m.created) !== minuteOf(next.created);
}

/** The minute a record date falls in (every time zone in use is whole minutes off UTC). */
function minuteOf(created: string): number {
	return Math.floor(Date.parse(created.replace(' ', 'T')) / 60_000);
}

/** The last message of a room as "내 채팅" lists it: "나: …" for mine, "이름: …" for others', a notice as it is. */
export function chatPreview(last: NonNullable<ChatSummary['lastMessage']>, myName: string): string {
	if (last.kind === 'system' || !last.authorName) return last.body;
	return `${last.authorName === myName ? t.common.me : last.authorName}: ${last.body}`;
}

const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A new record id in PocketBase's format (15 of a–z, 0–9). A message gets
 * its id before it is sent, so that sending it again after a failure can
 * never store it twice, and its realtime echo is known as the same message.
 */
export function newRecordId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(15));
	return Array.from(bytes, (b) => ID_CHARS[b % ID_CHARS.length]).join('');
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
