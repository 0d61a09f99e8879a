/**
 * A chat room: the post, its members and its messages, live.
 *
 * Realtime (SPEC §4): `messages` filtered to the post, the post record and
 * the post's `memberships`. Every copy of a message — page, create
 * response, realtime event, re-read after a reconnect — goes through
 * mergeById, so none is shown twice and none goes missing.
 */
import type { RecordSubscription } from 'pocketbase';
import { firstUnreadId, GAP_SORT, HISTORY_SORT, newerThan, olderThan } from '$lib/chat';
import { explainError, statusOf, type ErrorView } from '$lib/errors';
import { mergeById, oldestFirst, removeById } from '$lib/merge';
import { pb } from '$lib/pb';
import { onReconnect } from '$lib/stores/connection.svelte';
import type { Ban, Membership, Message, Post } from '$lib/types';


/** Why the room closed under me. */
export type RoomEnd = 'banned' | 'deleted' | 'left' | 'gone';

const PAGE = 30;
const GAP_PAGE = 200;
/** A reconnect re-reads at most this many pages; beyond it the room reloads. */
const GAP_PAGES_MAX = 10;

export class Room {
	post = $state<Post | null>(null);
	members = $state<Membership[]>([]);
	/** Oldest first, as shown. */
	messages = $state<Message[]>([]);
	loading = $state(true);
	error = $state<ErrorView | null>(null);
	notFound = $state(false);
	notMember = $state(false);
	ended = $state<RoomEnd | null>(null);
	hasOlder = $state(false);
	loadingOlder = $state(false);
	olderError = $state<ErrorView | null>(null);
	/**
	 * The first message that was unread when the room opened ("" for
	 * none): the divider stays there while I read, and messages arriving
	 * while I watch never get one.
	 */
	unreadFrom = $state('');

	/** Set while I leave on purpose, so that my own leave is not reported as news. */
	private leaving = false;
	private ready = false;
	private markTimer: ReturnType<typeof setTimeout> | undefined;
	private lastMarked = '';

	constructor(
		readonly id: string,
		readonly me: string
	) {}

	get mine(): Membership | undefined {
		return this.members.find((m) => m.user === this.me);
	}

	get isHost(): boolean {
		return this.post?.host === this.me;
	}

	async load(): Promise<void> {
		this.loading = true;
		this.error = null;
		try {
			this.post = await pb.collection('posts').getOne<Post>(this.id, { expand: 'host' });
			await this.loadMembers();
			const mine = this.mine;
			if (!mine) {
				this.notMember = true;
				return;
			}
			this.lastMarked = mine.lastReadAt;
			const page = await pb.collection('messages').getList<Message>(1, PAGE, {
				filter: pb.filter('post = {:id}', { id: this.id }),
				sort: HISTORY_SORT,
				expand: 'author',
				skipTotal: true
			});
			// Realtime events may already have arrived: merge, never replace.
			this.messages = mergeById(this.messages, page.items, oldestFirst);
			this.hasOlder = page.items.length === PAGE;
			this.unreadFrom = firstUnreadId([...page.items].reverse(), mine.lastReadAt || mine.created, this.me);
			this.ready = true;
			this.markRead();
		} catch (err) {
			if (statusOf(err) === 404) this.notFound = true;
			else this.error = explainError(err);
		} finally {
			this.loading = false;
		}
	}

	private async loadMembers(): Promise<void> {
		this.members = await pb.collection('memberships').getFullList<Membership>({
			filter: pb.filter('post = {:id}', { id: this.id }),
			sort: 'created',
			expand: 'user'
		});
	}

	/** Reads the page of history before the oldest message shown. */
	async loadOlder(): Promise<void> {
		const oldest = this.messages[0];
		if (!oldest || !this.hasOlder || this.loadingOlder) return;
		this.loadingOlder = true;
		this.olderError = null;
		try {
			const page = await pb.collection('messages').getList<Message>(1, PAGE, {
				filter: olderThan(this.id, oldest),
				sort: HISTORY_SORT,
				expand: 'author',
				skipTotal: true
			});
			this.messages = mergeById(this.messages, page.items, oldestFirst);
			this.hasOlder = page.items.length === PAGE;
		} catch (err) {
			this.olderError = explainError(err);
		} finally {
			this.loadingOlder = false;
		}
	}

	/** Subscribes to the room; returns the cleanup. Call before load(). */
	start(): () => void {
		const postFilter = pb.filter('post = {:id}', { id: this.id });
		const subs = [
			pb.collection('messages').subscribe<Message>(
				'*',
				(e: RecordSubscription<Message>) => {
					if (e.action === 'delete') this.messages = removeById(this.messages, e.record.id);
					else this.messages = mergeById(this.messages, [e.record], oldestFirst);
					if (e.action === 'create') this.scheduleMarkRead();
				},
				{ filter: postFilter, expand: 'author' }
			),
			pb.collection('posts').subscribe<Post>(this.id, (e: RecordSubscription<Post>) => {
				if (e.action === 'delete') this.end('deleted');
				else this.post = { ...e.record, expand: this.post?.expand };
			}),
			pb.collection('memberships').subscribe<Membership>(
				'*',
				(e: RecordSubscription<Membership>) => {
					if (e.action === 'delete') {
						this.members = removeById(this.members, e.record.id);
						if (e.record.user === this.me) this.resolveEnd();
					} else {
						this.members = mergeById(this.members, [e.record], oldestFirst);
					}
				},
				{ filter: postFilter, expand: 'user' }
			)
		];
		const stopReconnect = onReconnect(() => this.resync());
		const onVisible = () => {
			if (document.visibilityState === 'visible') this.markRead();
		};
		document.addEventListener('visibilitychange', onVisible);

		return () => {
			stopReconnect();
			document.removeEventListener('visibilitychange', onVisible);
			clearTimeout(this.markTimer);
			for (const s of subs) s.then((unsub) => unsub()).catch(() => {});
		};
	}

	/**
	 * resync re-reads what a dropped connection may have hidden: the post,
	 * the members (was I removed meanwhile?) and every message after the
	 * newest one shown.
	 */
	async resync(): Promise<void> {
		if (!this.ready || this.ended) return;
		try {
			this.post = await pb.collection('posts').getOne<Post>(this.id, { expand: 'host' });
			await this.loadMembers();
			if (!this.mine) {
				await this.resolveEnd();
				return;
			}
			for (let i = 0; i < GAP_PAGES_MAX; i++) {
				const newest = this.messages.at(-1);
				const page = await pb.collection('messages').getList<Message>(1, GAP_PAGE, {
					filter: newest ? newerThan(this.id, newest) : pb.filter('post = {:id}', { id: this.id }),
					sort: GAP_SORT,
					expand: 'author',
					skipTotal: true
				});
				this.messages = mergeById(this.messages, page.items, oldestFirst);
				if (page.items.length < GAP_PAGE) break;
			}
			this.scheduleMarkRead();
		} catch (err) {
			const status = statusOf(err);
			if (status === 404) await this.resolveEnd();
			// Otherwise the next reconnect tries again.
		}
	}

	/** Sends a text message; the caller shows a refusal (429 rate_limited, …). */
	async send(body: string): Promise<void> {
		const m = await pb.collection('messages').create<Message>({ post: this.id, body }, { expand: 'author' });
		this.messages = mergeById(this.messages, [m], oldestFirst);
		this.scheduleMarkRead();
	}

	async ban(userId: string, reason: string): Promise<void> {
		await pb.collection('bans').create<Ban>({ post: this.id, user: userId, ...(reason ? { reason } : {}) });
	}

	async leave(): Promise<void> {
		const mine = this.mine;
		if (!mine) return;
		this.leaving = true;
		try {
			await pb.collection('memberships').delete(mine.id);
		} catch (err) {
			this.leaving = false;
			throw err;
		}
	}

	/** Marks everything shown as read (my membership's lastReadAt). */
	async markRead(): Promise<void> {
		const mine = this.mine;
		if (!mine || this.ended || document.visibilityState !== 'visible') return;
		// The newest message's own (server) time rather than this device's
		// clock, so that a clock running behind never leaves a message unread.
		const mark = this.messages.at(-1)?.created;
		if (!mark || (this.lastMarked && this.lastMarked >= mark)) return;
		this.lastMarked = mark;
		try {
			await pb.collection('memberships').update<Membership>(mine.id, { lastReadAt: mark });
		} catch {
			this.lastMarked = '';
		}
	}

	private scheduleMarkRead(): void {
		clearTimeout(this.markTimer);
		this.markTimer = setTimeout(() => this.markRead(), 800);
	}

	/** My membership ended: find out whether I was banned, the room was deleted, or I left elsewhere. */
	private async resolveEnd(): Promise<void> {
		if (this.ended || this.leaving) return;
		try {
			const bans = await pb.collection('bans').getList<Ban>(1, 1, {
				filter: pb.filter('post = {:post} && user = {:user}', { post: this.id, user: this.me }),
				skipTotal: true
			});
			if (bans.items.length > 0) return this.end('banned');
		} catch {
			// fall through: the post check below still tells deleted from left
		}
		try {
			await pb.collection('posts').getOne<Post>(this.id);
			this.end('left');
		} catch (err) {
			this.end(statusOf(err) === 404 ? 'deleted' : 'gone');
		}
	}

	private end(reason: RoomEnd): void {
		if (this.ended || this.leaving) return;
		this.ended = reason;
	}
}
