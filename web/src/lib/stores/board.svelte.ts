/**
 * The board: my neighbourhood's group orders, a page at a time, kept
 * current by the `posts` realtime subscription. Which posts I am in comes
 * from my own memberships, followed live as well.
 */
import type { ListResult, RecordSubscription } from 'pocketbase';
import { applyBoardEvent, boardFilter, PAGE_SIZE, searchQuery, type BoardFilter } from '$lib/board';
import { explainError, type ErrorView } from '$lib/errors';
import { mergeById, newestFirst } from '$lib/merge';
import { pb } from '$lib/pb';
import { Subscriptions } from '$lib/stores/subscriptions';
import type { Membership, Post } from '$lib/types';


export class Board {
	posts = $state<Post[]>([]);
	loading = $state(true);
	loadingMore = $state(false);
	error = $state<ErrorView | null>(null);
	moreError = $state<ErrorView | null>(null);
	/** Every page has been read. */
	done = $state(false);
	/** Ids of posts I am a member of (host included). */
	joined = $state<Set<string>>(new Set());

	private filter: BoardFilter = { category: '', includeClosed: false, q: '' };
	/** Bumped by every reload, so that an answer for an old filter is dropped. */
	private generation = 0;
	/** Events that arrive while a first page is on its way, replayed onto it. */
	private buffered: RecordSubscription<Post>[] = [];

	constructor(private readonly me: string) {}

	/** Reads the first page for filter f. */
	async reload(f: BoardFilter): Promise<void> {
		this.filter = f;
		const gen = ++this.generation;
		this.loading = true;
		this.error = null;
		this.moreError = null;
		this.buffered = [];
		try {
			const page = await this.fetchPage();
			if (gen !== this.generation) return;
			this.done = page.length < PAGE_SIZE;
			let list = page;
			for (const e of this.buffered) list = applyBoardEvent(list, e.action, e.record, f, this.done);
			this.buffered = [];
			this.posts = list;
		} catch (err) {
			if (gen === this.generation) this.error = explainError(err);
		} finally {
			if (gen === this.generation) this.loading = false;
		}
	}

	/** Reads the next page (older posts). */
	async loadMore(): Promise<void> {
		if (this.loading || this.loadingMore || this.done || this.error) return;
		const gen = this.generation;
		this.loadingMore = true;
		this.moreError = null;
		try {
			const page = await this.fetchPage(this.posts.at(-1)?.created);
			if (gen !== this.generation) return;
			this.posts = mergeById(this.posts, page, newestFirst);
			this.done = page.length < PAGE_SIZE;
		} catch (err) {
			if (gen === this.generation) this.moreError = explainError(err);
		} finally {
			this.loadingMore = false;
		}
	}

	private async fetchPage(cursor?: string): Promise<Post[]> {
		// A search goes through the server's search index (titles and
		// restaurant names, within my neighbourhood): a LIKE filter would
		// read the whole neighbourhood for a word few posts hold.
		if (this.filter.q) {
			const res = await pb.send<ListResult<Post>>('/api/mealbuddy/search', { query: searchQuery(this.filter, PAGE_SIZE, cursor) });
			return res.items;
		}
		// skipTotal: the board never shows a total, and counting every
		// matching row on each page is its most expensive part (SPEC §1).
		const res = await pb.collection('posts').getList<Post>(1, PAGE_SIZE, {
			sort: '-created',
			filter: boardFilter(this.filter, cursor),
			skipTotal: true
		});
		return res.items;
	}


	/** Subscribes to the board and my memberships; returns the cleanup. */
	start(): () => void {
		const myFilter = pb.filter('user = {:me}', { me: this.me });
		const subs = new Subscriptions()
			.on<Post>('posts', '*', (e) => {
				if (this.loading) this.buffered.push(e);
				this.posts = applyBoardEvent(this.posts, e.action, e.record, this.filter, this.done);
			})
			.on<Membership>(
				'memberships',
				'*',
				(e) => {
					if (e.record.user !== this.me) return;
					const next = new Set(this.joined);
					if (e.action === 'delete') next.delete(e.record.post);
					else next.add(e.record.post);
					this.joined = next;
				},
				{ filter: myFilter }
			);
		this.loadJoined(myFilter);
		return subs.stop;
	}

	private async loadJoined(filter: string): Promise<void> {
		try {
			const rows = await pb.collection('memberships').getFullList<Membership>({
				filter,
				fields: 'id,post'
			});
			this.joined = new Set(rows.map((m) => m.post));
		} catch {
			// Only the "참여 중" badges depend on it; the board still works.
		}
	}
}
