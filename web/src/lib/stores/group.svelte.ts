/**
 * One group order as a screen sees it: the post with its host and its
 * members (visible to members only, by the server's rules), kept live by the
 * post's own realtime topic and the post's memberships, and re-read after a
 * reconnect (SPEC §4). The post page (PostDetail) and the chat room (Room)
 * are built on it and add what is theirs through the protected hooks.
 */
import type { RecordSubscription } from 'pocketbase';
import { explainError, statusOf, type ErrorView } from '$lib/errors';
import { newer, oldestFirst } from '$lib/merge';
import { pb } from '$lib/pb';
import { onReconnect } from '$lib/stores/connection.svelte';
import { LiveList } from '$lib/stores/live-list.svelte';
import { Subscriptions } from '$lib/stores/subscriptions';
import type { Ban, Membership, Post } from '$lib/types';

export class Group {
	post = $state<Post | null>(null);
	loading = $state(true);
	error = $state<ErrorView | null>(null);
	notFound = $state(false);
	/** The post was deleted while open. */
	deleted = $state(false);

	/** Oldest first, the host first among them. */
	protected readonly memberList = new LiveList<Membership>(oldestFirst);
	/** Loaded and still open: a reconnect re-reads. */
	protected following = false;
	/** The filter for the records of this post (memberships, messages, bans). */
	protected readonly ofPost: string;
	/**
	 * Set once I leave or delete on purpose (ownAction): the realtime echo
	 * of my own doing is not news to tell me.
	 */
	protected actedMyself = false;

	constructor(
		readonly id: string,
		readonly me: string
	) {
		this.ofPost = pb.filter('post = {:id}', { id });
	}

	get members(): Membership[] {
		return this.memberList.items;
	}

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
			await this.readPost();
			await this.readMembers();
			await this.loaded();
		} catch (err) {
			if (statusOf(err) === 404) this.notFound = true;
			else this.error = explainError(err);
		} finally {
			this.loading = false;
		}
	}

	/** Subscribes to the group; returns the cleanup. Call before load(). */
	start(): () => void {
		return this.follow().stop;
	}

	/** The group's subscriptions, for a screen to add its own to. */
	protected follow(): Subscriptions {
		return new Subscriptions()
			.on<Post>('posts', this.id, (e) => this.onPost(e))
			.on<Membership>('memberships', '*', (e) => this.onMembership(e), { filter: this.ofPost, expand: 'user' })
			.also(onReconnect(() => this.resync()));
	}

	/**
	 * resync re-reads what a dropped connection may have hidden: the post
	 * and the members (who left or was removed meanwhile).
	 */
	async resync(): Promise<void> {
		if (!this.following) return;
		try {
			await this.readPost();
			await this.readMembers();
			await this.caughtUp();
		} catch (err) {
			if (statusOf(err) === 404) await this.lost();
			// Otherwise the next reconnect tries again.
		}
	}

	protected async readPost(): Promise<void> {
		this.setPost(await pb.collection('posts').getOne<Post>(this.id, { expand: 'host' }));
	}

	/** Members see each other; a neighbour who has not joined sees nobody (an empty list). */
	protected readMembers(): Promise<void> {
		return this.memberList.replace(() =>
			pb.collection('memberships').getFullList<Membership>({ filter: this.ofPost, sort: 'created', expand: 'user' })
		);
	}

	/**
	 * Shows what a request answered (a stage change, a payment mark) at
	 * once, before its realtime event; an older copy never wins (newer).
	 */
	showAnswer(answer: { post?: Post; membership?: Membership }): void {
		if (answer.post) this.setPost(answer.post);
		if (answer.membership) this.memberList.add([answer.membership]);
	}

	/** Runs my own leave or delete; the mark stays when it worked, for an echo that comes later. */
	protected async ownAction(action: () => Promise<unknown>): Promise<void> {
		this.actedMyself = true;
		try {
			await action();
		} catch (err) {
			this.actedMyself = false;
			throw err;
		}
	}

	/** My ban from this post, or null. The banned user may read their own ban (SPEC §1). */
	protected async findMyBan(): Promise<Ban | null> {
		const bans = await pb.collection('bans').getList<Ban>(1, 1, {
			filter: pb.filter('post = {:post} && user = {:user}', { post: this.id, user: this.me }),
			skipTotal: true
		});
		return bans.items[0] ?? null;
	}

	/** Shows p unless a newer copy is shown; the host (expanded) stays when p comes without it. */
	protected setPost(p: Post): void {
		const next = this.post ? newer(this.post, p) : p;
		this.post = next.expand ? next : { ...next, expand: p.expand };
	}

	private onPost(e: RecordSubscription<Post>): void {
		if (e.action === 'delete') this.postDeleted();
		else this.setPost(e.record);
	}

	private onMembership(e: RecordSubscription<Membership>): void {
		this.memberList.apply(e);
		if (e.action === 'delete' && e.record.user === this.me) this.membershipEnded();
	}

	/** After the post and members are loaded; the room reads its messages here. */
	protected async loaded(): Promise<void> {
		this.following = true;
	}

	/** After a resync's re-read; the room reads the messages it missed here. */
	protected async caughtUp(): Promise<void> {}

	/** A resync found the post gone (404): deleted, or no longer mine to see. */
	protected async lost(): Promise<void> {
		this.postDeleted();
	}

	/** The post's delete event arrived. */
	protected postDeleted(): void {
		this.deleted = true;
	}

	/** My own membership was deleted (I left elsewhere, was removed, or the post went). */
	protected membershipEnded(): void {}
}
