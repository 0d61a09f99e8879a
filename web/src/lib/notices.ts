/**
 * Notifications (SPEC §7) without a server: which page one opens, how
 * realtime events change the set of unread ones, and the keyset of the
 * list's pages. Pure, for the unit tests.
 */
import type { RecordSubscription } from 'pocketbase';
import { pb } from './pb';
import type { Notice } from './types';

/** Newest first, ties on the millisecond broken by id: the list's order. */
export const NOTICE_SORT = '-created,-id';

export const NOTICE_PAGE_SIZE = 20;

/**
 * pageOf is the page a notification opens, the same as the `url` of its
 * push message (internal/notify PageOf): the room for the order's events,
 * the post for an alert (a post to join) and a ban (no room is left), and
 * nothing when it has no post (the post was deleted).
 */
export function pageOf(n: Pick<Notice, 'kind' | 'post'>): string | null {
	if (!n.post) return null;
	if (n.kind === 'alert' || n.kind === 'banned') return `/posts/${n.post}`;
	return `/chats/${n.post}`;
}

/** Notifications older than n in the list's order (the next page). */
export function olderNotices(n: Pick<Notice, 'id' | 'created'>): string {
	return pb.filter('(created < {:created} || (created = {:created} && id < {:id}))', { created: n.created, id: n.id });
}

/** The filter of my unread notifications (the list rule limits them to me). */
export const UNREAD_FILTER = 'readAt = ""';

/** What the count knows of one notification: whether it is unread, as of which copy. */
export interface ReadMark {
	unread: boolean;
	/** The copy's `updated`; a deleted one is later than any copy. */
	updated: string;
}

/** A deleted notification: PocketBase never reuses an id, so no copy brings it back. */
const GONE: ReadMark = { unread: false, updated: '\uffff' };

/**
 * applyUnread returns the read marks after one realtime event (or a copy
 * read from the server): a notification counts while its readAt is empty;
 * a deleted one never counts again; an older copy (by `updated`) than one
 * already seen changes nothing, nor does a repeated event.
 */
export function applyUnread(
	marks: ReadonlyMap<string, ReadMark>,
	e: { action: string; record: Pick<Notice, 'id' | 'readAt' | 'updated'> }
): Map<string, ReadMark> {
	const next = new Map(marks);
	const current = marks.get(e.record.id);
	if (e.action === 'delete') next.set(e.record.id, GONE);
	else if (!current || !e.record.updated || e.record.updated >= current.updated)
		next.set(e.record.id, { unread: !e.record.readAt, updated: e.record.updated });
	return next;
}

/** How many notifications the marks count as unread. */
export function unreadCount(marks: ReadonlyMap<string, ReadMark>): number {
	let n = 0;
	for (const m of marks.values()) if (m.unread) n++;
	return n;
}

/** The ids the marks count as unread ("모두 읽음" marks these). */
export function unreadIds(marks: ReadonlyMap<string, ReadMark>): string[] {
	return [...marks].filter(([, m]) => m.unread).map(([id]) => id);
}
