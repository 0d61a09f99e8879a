/**
 * My chat rooms (GET /api/mealbuddy/chats), re-read whenever a message or
 * a membership of one of my rooms changes. The server decides what
 * "unread" and "most recent activity" mean; this only keeps it current.
 */
import { getChats } from '$lib/api';
import { explainError, type ErrorView } from '$lib/errors';
import { pb } from '$lib/pb';
import { onReconnect } from '$lib/stores/connection.svelte';
import { Subscriptions } from '$lib/stores/subscriptions';
import type { ChatSummary } from '$lib/types';

class ChatList {
	items = $state<ChatSummary[]>([]);
	loading = $state(true);
	error = $state<ErrorView | null>(null);

	/** Unread messages over all my rooms (the header's badge). */
	unread = $derived(this.items.reduce((n, item) => n + item.unread, 0));

	private timer: ReturnType<typeof setTimeout> | undefined;
	private inFlight = false;
	private again = false;

	async load(): Promise<void> {
		// One request at a time; a burst of events becomes one more read.
		if (this.inFlight) {
			this.again = true;
			return;
		}
		this.inFlight = true;
		try {
			const res = await getChats();
			this.items = res.items ?? [];
			this.error = null;
		} catch (err) {
			// Keep showing the last good list when a refresh fails.
			if (this.items.length === 0) this.error = explainError(err);
		} finally {
			this.inFlight = false;
			this.loading = false;
			if (this.again) {
				this.again = false;
				this.load();
			}
		}
	}

	private soon(): void {
		clearTimeout(this.timer);
		this.timer = setTimeout(() => this.load(), 300);
	}

	/** Follows my rooms live; returns the cleanup. */
	start(me: string): () => void {
		// The server's rules already limit message and membership events to
		// my rooms; posts are narrowed to mine (a host closing a room).
		const subs = new Subscriptions()
			.on('messages', '*', () => this.soon())
			.on('memberships', '*', () => this.soon())
			.on('posts', '*', () => this.soon(), { filter: pb.filter('memberships_via_post.user ?= {:me}', { me }) })
			.also(onReconnect(() => this.soon()));
		return () => {
			clearTimeout(this.timer);
			subs.stop();
			// Nothing of this account may show after it signs out.
			this.items = [];
			this.loading = true;
			this.error = null;
		};
	}
}

/**
 * My rooms, for the whole signed-in app: started by the (app) layout,
 * shown by /chats and counted in the header's badge, with one set of
 * subscriptions.
 */
export const myChats = new ChatList();
