/**
 * My notifications (SPEC §7): the unread count the header's bell shows,
 * live, and the list of /notifications, newest first, a page at a time.
 * One subscription to `notifications` "*" (the list rule limits it to my
 * own) keeps both current; a reconnect re-reads what may have been missed.
 */
import type { RecordSubscription } from 'pocketbase';
import { explainError, type ErrorView } from '$lib/errors';
import { newestFirst } from '$lib/merge';
import { applyUnread, NOTICE_PAGE_SIZE, NOTICE_SORT, olderNotices, UNREAD_FILTER, unreadCount, unreadIds, type ReadMark } from '$lib/notices';
import { pb } from '$lib/pb';
import { onReconnect } from '$lib/stores/connection.svelte';
import { LiveList } from '$lib/stores/live-list.svelte';
import { Subscriptions } from '$lib/stores/subscriptions';
import type { Notice } from '$lib/types';

/**
 * How many unread ids are read at once: the badge says "99+" long before,
 * and "모두 읽음" reads again until none is left.
 */
const UNREAD_READ = 200;

export class Notifications {
	/** What is known of each notification's read state: the bell's count. */
	marks = $state<Map<string, ReadMark>>(new Map());
	unread = $derived(unreadCount(this.marks));

	readonly list = new LiveList<Notice>(newestFirst);
	/** The list's first page has been asked for (the page opened). */
	loaded = $state(false);
	loading = $state(false);
	loadingMore = $state(false);
	error = $state<ErrorView | null>(null);
	moreError = $state<ErrorView | null>(null);
	/** Every page has been read. */
	done = $state(false);
	markingAll = $state(false);

	/** Events that arrived while the unread ids were on their way, one log per read. */
	private readonly unreadLogs = new Set<RecordSubscription<Notice>[]>();
	/** Bumped by stop(): an event or answer for a signed-out account is dropped. */
	private session = 0;
	/** Settles once the subscription is in place: reads wait for it, so that no event falls between. */
	private subscribed: Promise<void> = Promise.resolve();

	get items(): Notice[] {
		return this.list.items;
	}

	/** Follows my notifications live and reads the unread count; returns the cleanup. */
	start(): () => void {
		const session = ++this.session;
		const subs = new Subscriptions()
			.on<Notice>('notifications', '*', (e) => {
				if (session === this.session) this.apply(e);
			})
			.also(onReconnect(() => this.catchUp()));
		this.subscribed = subs.ready;
		this.subscribed
			.then(() => {
				if (session === this.session) return this.readUnread();
			})
			.catch(() => {});
		return () => {
			this.session++;
			subs.stop();
			// Nothing of this account may show after it signs out.
			this.marks = new Map();
			this.list.clear();
			this.loaded = this.done = false;
			this.error = this.moreError = null;
		};
	}

	/** Applies one realtime event to the count and, within what is loaded, to the list. */
	apply(e: RecordSubscription<Notice>): void {
		this.marks = applyUnread(this.marks, e);
		for (const log of this.unreadLogs) log.push(e);
		// A change to a notification below the loaded pages waits for its page.
		if (e.action === 'update' && !this.inLoadedRange(e.record)) return;
		this.list.apply(e);
	}

	/** Reads the list's first page (the page opened, or asked to retry). */
	async load(): Promise<void> {
		this.loaded = true;
		this.loading = true;
		this.error = null;
		try {
			await this.subscribed;
			await this.list.replace(async () => {
				const page = await this.page();
				this.done = page.length < NOTICE_PAGE_SIZE;
				return page;
			});
		} catch (err) {
			this.error = explainError(err);
		} finally {
			this.loading = false;
		}
	}

	/** Reads the next page (older notifications). */
	async loadMore(): Promise<void> {
		const last = this.items.at(-1);
		if (!last || this.loading || this.loadingMore || this.done) return;
		this.loadingMore = true;
		this.moreError = null;
		try {
			const page = await this.page(last);
			this.list.add(page);
			this.done = page.length < NOTICE_PAGE_SIZE;
		} catch (err) {
			this.moreError = explainError(err);
		} finally {
			this.loadingMore = false;
		}
	}

	/** Marks one notification read (a tap opens it), unless it already is. */
	async markRead(n: Pick<Notice, 'id' | 'readAt'>): Promise<void> {
		if (n.readAt) return;
		await this.markReadById(n.id);
	}

	/** Marks a notification read by id (a tap on a push message says which). */
	async markReadById(id: string): Promise<void> {
		const updated = await pb.collection('notifications').update<Notice>(id, { readAt: new Date().toISOString() });
		this.apply({ action: 'update', record: updated });
	}

	/** "모두 읽음": every unread notification, read again until none is left. */
	async markAllRead(): Promise<void> {
		this.markingAll = true;
		try {
			for (let round = 0; round < 10 && this.unread > 0; round++) {
				const ids = unreadIds(this.marks);
				// A few at a time: one request per notification, without a burst.
				for (let i = 0; i < ids.length; i += 4) {
					await Promise.all(ids.slice(i, i + 4).map((id) => this.markReadById(id)));
				}
				if (ids.length >= UNREAD_READ) await this.readUnread();
			}
		} finally {
			this.markingAll = false;
		}
	}

	/** After a reconnect: the count again, and the newest page merged in. */
	private async catchUp(): Promise<void> {
		await this.readUnread().catch(() => {});
		if (!this.loaded) return;
		try {
			this.list.add(await this.page());
		} catch {
			// The next event or reconnect tries again.
		}
	}

	/**
	 * Reads the unread ones afresh: the count is the server's, with the
	 * events that arrived meanwhile on top.
	 */
	private async readUnread(): Promise<void> {
		const session = this.session;
		const log: RecordSubscription<Notice>[] = [];
		this.unreadLogs.add(log);
		try {
			const res = await pb.collection('notifications').getList<Notice>(1, UNREAD_READ, {
				filter: UNREAD_FILTER,
				fields: 'id,readAt,updated',
				skipTotal: true
			});
			if (session !== this.session) return;
			let marks = new Map<string, ReadMark>();
			for (const n of res.items) marks = applyUnread(marks, { action: 'update', record: n });
			for (const e of log) marks = applyUnread(marks, e);
			this.marks = marks;
		} finally {
			this.unreadLogs.delete(log);
		}
	}

	private async page(after?: Notice): Promise<Notice[]> {
		const res = await pb.collection('notifications').getList<Notice>(1, NOTICE_PAGE_SIZE, {
			sort: NOTICE_SORT,
			filter: after ? olderNotices(after) : '',
			skipTotal: true
		});
		return res.items;
	}

	/** Whether n falls among the pages read so far (or everything is read). */
	private inLoadedRange(n: Notice): boolean {
		const oldest = this.items.at(-1);
		return this.done || !oldest || newestFirst(n, oldest) <= 0;
	}
}

/** Mine, for the whole signed-in app: started by the (app) layout, shown by the bell and /notifications. */
export const notices = new Notifications();
