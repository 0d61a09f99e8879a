/**
 * One group order as its detail page sees it: the post with its host, the
 * members (visible to members only, by the server's rules), and the
 * actions join / leave / close / reopen / delete. Kept live by the post's
 * own realtime topic and the memberships of the post.
 */
import type { RecordSubscription } from 'pocketbase';
import { explainError, statusOf, type ErrorView } from '$lib/errors';
import { mergeById, oldestFirst, removeById } from '$lib/merge';
import { pb } from '$lib/pb';
import type { Membership, Post, PostStatus } from '$lib/types';


export class PostDetail {
	post = $state<Post | null>(null);
	members = $state<Membership[]>([]);
	loading = $state(true);
	error = $state<ErrorView | null>(null);
	notFound = $state(false);
	/** The post was deleted while open. */
	deleted = $state(false);

	constructor(
		readonly id: string,
		readonly me: string
	) {}

	get isHost(): boolean {
		return this.post?.host === this.me;
	}

	get myMembership(): Membership | undefined {
		return this.members.find((m) => m.user === this.me);
	}

	async load(): Promise<void> {
		this.loading = true;
		this.error = null;
		try {
			this.post = await pb.collection('posts').getOne<Post>(this.id, { expand: 'host' });
			await this.loadMembers();
		} catch (err) {
			if (statusOf(err) === 404) this.notFound = true;
			else this.error = explainError(err);
		} finally {
			this.loading = false;
		}
	}

	/** Members see each other; a neighbour who has not joined sees nobody (an empty list). */
	async loadMembers(): Promise<void> {
		this.members = await pb.collection('memberships').getFullList<Membership>({
			filter: pb.filter('post = {:id}', { id: this.id }),
			sort: 'created',
			expand: 'user'
		});
	}

	start(): () => void {
		const subs = [
			pb.collection('posts').subscribe<Post>(
				this.id,
				(e: RecordSubscription<Post>) => {
					if (e.action === 'delete') {
						this.deleted = true;
						return;
					}
					this.post = { ...e.record, expand: this.post?.expand };
				},
				{ expand: 'host' }
			),
			pb.collection('memberships').subscribe<Membership>(
				'*',
				(e: RecordSubscription<Membership>) => {
					if (e.action === 'delete') this.members = removeById(this.members, e.record.id);
					else this.members = mergeById(this.members, [e.record], oldestFirst);
				},
				{ filter: pb.filter('post = {:id}', { id: this.id }), expand: 'user' }
			)
		];
		return () => {
			for (const s of subs) s.then((unsub) => unsub()).catch(() => {});
		};
	}

	async join(): Promise<void> {
		await pb.collection('memberships').create<Membership>({ post: this.id, user: this.me });
		// Joining opens the member list (and the post's new count).
		await Promise.all([this.refreshPost(), this.loadMembers()]);
	}

	async leave(): Promise<void> {
		const mine = this.myMembership;
		if (!mine) return;
		await pb.collection('memberships').delete(mine.id);
		this.members = [];
		await this.refreshPost();
	}

	async setStatus(status: PostStatus): Promise<void> {
		const updated = await pb.collection('posts').update<Post>(this.id, { status }, { expand: 'host' });
		this.post = updated;
	}

	async remove(): Promise<void> {
		await pb.collection('posts').delete(this.id);
	}

	private async refreshPost(): Promise<void> {
		this.post = await pb.collection('posts').getOne<Post>(this.id, { expand: 'host' });
	}
}
