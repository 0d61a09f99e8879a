/**
 * One group order on its detail page: the live post and members of Group,
 * and the actions join / leave / close / reopen / delete.
 */
import { pb } from '$lib/pb';
import { Group } from '$lib/stores/group.svelte';
import type { Membership, Post, PostStatus } from '$lib/types';

export class PostDetail extends Group {
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

	async remove(): Promise<void> {
		await pb.collection('posts').delete(this.id);
	}
}
