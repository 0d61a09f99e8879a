/**
 * One group order on its detail page: the live post and members of Group,
 * my ban if the host removed me, and the actions join / leave / close /
 * reopen / delete.
 */
import { pb } from '$lib/pb';
import { Group } from '$lib/stores/group.svelte';
import type { Ban, Membership, Post, PostStatus } from '$lib/types';

export class PostDetail extends Group {
	/** The host removed me: the page says so (with the reason) instead of offering to join. */
	ban = $state<Ban | null>(null);

	protected override async loaded(): Promise<void> {
		await super.loaded();
		if (!this.mine && !this.isHost) await this.readBan();
	}

	/** Removed while looking at it: the notice replaces the member's buttons. */
	protected override membershipEnded(): void {
		this.readBan();
	}

	private async readBan(): Promise<void> {
		try {
			this.ban = await this.findMyBan();
		} catch {
			// Then joining answers `banned` itself.
		}
	}

	async join(): Promise<void> {
		await pb.collection('memberships').create<Membership>({ post: this.id, user: this.me });
		// Joining opens the member list (and the post's new count).
		await Promise.all([this.readPost(), this.readMembers()]);
	}

	async leave(): Promise<void> {
		const mine = this.mine;
		if (!mine) return;
		await pb.collection('memberships').delete(mine.id);
		this.memberList.clear();
		await this.readPost();
	}

	async setStatus(status: PostStatus): Promise<void> {
		this.setPost(await pb.collection('posts').update<Post>(this.id, { status }, { expand: 'host' }));
	}

	/** Deletes the post; its delete event then is no news to me (the page says it worked). */
	async remove(): Promise<void> {
		await this.ownAction(() => pb.collection('posts').delete(this.id));
	}

	protected override postDeleted(): void {
		if (!this.actedMyself) super.postDeleted();
	}
}
