/**
 * A chat room: the live post and members of Group, and the room's messages.
 *
 * Realtime (SPEC §4): `messages` filtered to the post, besides the post
 * record and the post's `memberships`. Every copy of a message — page,
 * create response, realtime event, re-read after a reconnect — goes through
 * one LiveList, so none is shown twice and none goes missing.
 */
import type { RecordSubscription } from 'pocketbase';
import { firstUnreadId, GAP_SORT, HISTORY_SORT, newerThan, newRecordId, olderThan } from '$lib/chat';
import { explainError, statusOf, type ErrorView } from '$lib/errors';
import { oldestFirst } from '$lib/merge';
import { pb } from '$lib/pb';
import { Group } from '$lib/stores/group.svelte';
import { LiveList } from '$lib/stores/live-list.svelte';
import type { Ban, Membership, Message, Post } from '$lib/types';

/** Why the room closed under me. */
export type RoomEnd = 'banned' | 'deleted' | 'left' | 'gone';

/**
 * A message of mine that the server has not stored (yet): shown at once at
 * the bottom of the room, as 카카오톡 does, "sending" until it is stored
 * and "failed" — with the reason, to send again or to drop — when refused.
 */
export interface Outgoing {
	/** The id the message gets on the server, chosen here (see newRecordId). */
	id: string;
	body: string;
	/** When I sent it (this device's clock, ISO). */
	created: string;
	state: 'sending' | 'failed';
	error: ErrorView | null;
}

const PAGE = 30;
const GAP_PAGE = 200;
/** A reconnect re-reads at most this many pages; beyond it the room reloads. */
const GAP_PAGES_MAX = 10;

export class Room extends Group {
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
	/** My messages on their way or refused, in the order I sent them. */
	outbox = $state<Outgoing[]>([]);

	private readonly messageList = new LiveList<Message>(oldestFirst);
	private markTimer: ReturnType<typeof setTimeout> | undefined;
	/** Ids of outgoing messages with a request on its way: a double tap sends once. */
	private readonly delivering = new Set<string>();
	private lastMarked = '';

	/** Oldest first, as shown. */
	get messages(): Message[] {
		return this.messageList.items;
	}

	protected override async loaded(): Promise<void> {
		const mine = this.mine;
		if (!mine) {
			this.notMember = true;
			return;
		}
		this.lastMarked = mine.lastReadAt;
		// Realtime events may already have arrived: the page is merged, never replaces.
		const page = await this.readMessages(this.ofPost, HISTORY_SORT, PAGE);
		this.hasOlder = page.length === PAGE;
		this.unreadFrom = firstUnreadId([...page].reverse(), mine.lastReadAt || mine.created, this.me);
		this.following = true;
		this.markRead();
	}

	/** Reads the page of history before the oldest message shown. */
	async loadOlder(): Promise<void> {
		const oldest = this.messages[0];
		if (!oldest || !this.hasOlder || this.loadingOlder) return;
		this.loadingOlder = true;
		this.olderError = null;
		try {
			const page = await this.readMessages(olderThan(this.id, oldest), HISTORY_SORT, PAGE);
			this.hasOlder = page.length === PAGE;
		} catch (err) {
			this.olderError = explainError(err);
		} finally {
			this.loadingOlder = false;
		}
	}

	/** Reads one page of messages into the list; returns it. */
	private async readMessages(filter: string, sort: string, size: number): Promise<Message[]> {
		const page = await pb.collection('messages').getList<Message>(1, size, { filter, sort, expand: 'author', skipTotal: true });
		this.messageList.add(page.items);
		return page.items;
	}

	/** Subscribes to the room; returns the cleanup. Call before load(). */
	override start(): () => void {
		const onVisible = () => {
			if (document.visibilityState === 'visible') this.markRead();
		};
		document.addEventListener('visibilitychange', onVisible);
		return this.follow()
			.on<Message>('messages', '*', (e) => this.onMessage(e), { filter: this.ofPost, expand: 'author' })
			.also(() => {
				document.removeEventListener('visibilitychange', onVisible);
				clearTimeout(this.markTimer);
			}).stop;
	}

	private onMessage(e: RecordSubscription<Message>): void {
		this.messageList.apply(e);
		// My own message may echo back before its create answer: it is stored.
		if (e.action === 'create') {
			this.dropOutgoing(e.record.id);
			this.scheduleMarkRead();
		}
	}

	/**
	 * After a reconnect has re-read the post and the members: was I removed
	 * meanwhile? Otherwise read every message after the newest one shown.
	 */
	protected override async caughtUp(): Promise<void> {
		if (!this.mine) {
			await this.resolveEnd();
			return;
		}
		for (let i = 0; i < GAP_PAGES_MAX; i++) {
			const newest = this.messages.at(-1);
			const page = await this.readMessages(newest ? newerThan(this.id, newest) : this.ofPost, GAP_SORT, GAP_PAGE);
			if (page.length < GAP_PAGE) break;
		}
		this.scheduleMarkRead();
	}

	/** Sends a text message: it shows at once (outbox) and resolves when stored or refused. */
	send(body: string): Promise<void> {
		const out: Outgoing = { id: newRecordId(), body, created: new Date().toISOString(), state: 'sending', error: null };
		this.outbox = [...this.outbox, out];
		return this.deliver(out.id);
	}

	/** Sends a refused message again, under the same id: it can only be stored once. */
	retry(id: string): Promise<void> {
		return this.deliver(id);
	}

	/** Drops a refused message from the screen. */
	discard(id: string): void {
		this.dropOutgoing(id);
	}

	private async deliver(id: string): Promise<void> {
		const out = this.outbox.find((o) => o.id === id);
		if (!out || this.delivering.has(id)) return;
		this.delivering.add(id);
		this.setOutgoing(id, { state: 'sending', error: null });
		try {
			const m = await this.store(out);
			this.messageList.add([m]);
			this.dropOutgoing(id);
			this.scheduleMarkRead();
		} catch (err) {
			this.setOutgoing(id, { state: 'failed', error: explainError(err) });
		} finally {
			this.delivering.delete(id);
		}
	}

	/**
	 * Creates the message. When an earlier try was stored but its answer
	 * was lost, the id is taken: the stored message is read instead.
	 */
	private async store(out: Outgoing): Promise<Message> {
		try {
			return await pb.collection('messages').create<Message>({ id: out.id, post: this.id, body: out.body }, { expand: 'author' });
		} catch (err) {
			if (statusOf(err) !== 400) throw err;
			try {
				return await pb.collection('messages').getOne<Message>(out.id, { expand: 'author' });
			} catch {
				throw err;
			}
		}
	}

	private setOutgoing(id: string, change: Pick<Outgoing, 'state' | 'error'>): void {
		this.outbox = this.outbox.map((o) => (o.id === id ? { ...o, ...change } : o));
	}

	private dropOutgoing(id: string): void {
		if (this.outbox.some((o) => o.id === id)) this.outbox = this.outbox.filter((o) => o.id !== id);
	}

	async ban(userId: string, reason: string): Promise<void> {
		await pb.collection('bans').create<Ban>({ post: this.id, user: userId, ...(reason ? { reason } : {}) });
	}

	async leave(): Promise<void> {
		const mine = this.mine;
		if (!mine) return;
		await this.ownAction(() => pb.collection('memberships').delete(mine.id));
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

	protected override postDeleted(): void {
		this.end('deleted');
	}

	protected override membershipEnded(): void {
		this.resolveEnd();
	}

	protected override lost(): Promise<void> {
		return this.resolveEnd();
	}

	/** My membership ended: find out whether I was banned, the room was deleted, or I left elsewhere. */
	private async resolveEnd(): Promise<void> {
		if (this.ended || this.actedMyself) return;
		try {
			if (await this.findMyBan()) return this.end('banned');
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
		if (this.ended || this.actedMyself) return;
		this.ended = reason;
		this.following = false;
	}
}
