/**
 * The order of one group, beside its room (SPEC §6): the live order sheet
 * (`order_items` of the post), and the host's and members' steps — place
 * the order, mark delivered or done, cancel, "송금했어요", "받았어요".
 *
 * The post and the memberships (dues, payment marks, the host's account)
 * are the Group's, kept live by its own subscriptions; this store follows
 * only the sheet, with one LiveList, re-read after a reconnect because
 * lines deleted meanwhile must vanish.
 */
import type { RecordSubscription } from 'pocketbase';
import { explainError, type ErrorView } from '$lib/errors';
import { oldestFirst } from '$lib/merge';
import { dues, groupByMember, hostRow, sheetTotal, type Due, type MemberLines } from '$lib/order';
import { pb } from '$lib/pb';
import { onReconnect } from '$lib/stores/connection.svelte';
import type { Group } from '$lib/stores/group.svelte';
import { LiveList } from '$lib/stores/live-list.svelte';
import { Subscriptions } from '$lib/stores/subscriptions';
import type { Membership, OrderItem, OrderItemInput, PlaceOrderInput, Post } from '$lib/types';

const ITEMS = 'order_items';

export class Order {
	loading = $state(true);
	error = $state<ErrorView | null>(null);

	private readonly list = new LiveList<OrderItem>(oldestFirst);
	private readonly ofPost: string;
	private open = false;

	constructor(private readonly group: Group) {
		this.ofPost = pb.filter('post = {:id}', { id: group.id });
	}

	/** Every line of the sheet, oldest first. */
	get items(): OrderItem[] {
		return this.list.items;
	}

	/** My own lines, oldest first. */
	get mine(): OrderItem[] {
		return this.items.filter((i) => i.user === this.group.me);
	}

	/** The lines under their members, the host first. */
	get groups(): MemberLines[] {
		return groupByMember(this.items, this.group.members);
	}

	/** Σ of the lines shown: the post's itemsTotal, once every event is in. */
	get total(): number {
		return sheetTotal(this.items);
	}

	/** What each member would send if the order were placed now, with the post's fee. */
	get preview(): Map<string, Due> {
		return dues(this.items, this.group.post?.deliveryFee ?? 0);
	}

	/** The host's membership: where the money goes. */
	get hostMembership(): Membership | undefined {
		return hostRow(this.group.members);
	}

	/** Subscribes to the sheet; returns the cleanup. Call before load(). */
	start(): () => void {
		return new Subscriptions()
			.on<OrderItem>(ITEMS, '*', (e) => this.onItem(e), { filter: this.ofPost })
			.also(
				onReconnect(() => {
					// A failed re-read waits for the next reconnect.
					if (this.open) this.read().catch(() => {});
				})
			)
			.also(() => {
				this.open = false;
			}).stop;
	}

	async load(): Promise<void> {
		this.loading = true;
		this.error = null;
		try {
			await this.read();
			this.open = true;
		} catch (err) {
			this.error = explainError(err);
		} finally {
			this.loading = false;
		}
	}

	/** Reads the whole sheet; lines deleted while away vanish, events on the way are kept. */
	private read(): Promise<void> {
		return this.list.replace(() => pb.collection(ITEMS).getFullList<OrderItem>({ filter: this.ofPost, sort: 'created' }));
	}

	private onItem(e: RecordSubscription<OrderItem>): void {
		this.list.apply(e);
	}

	// ── the sheet (a member, on their own lines) ──────────────────────────

	async addItem(input: OrderItemInput): Promise<void> {
		const item = await pb.collection(ITEMS).create<OrderItem>({ post: this.group.id, ...clean(input) });
		this.list.add([item]);
	}

	async updateItem(id: string, input: OrderItemInput): Promise<void> {
		this.list.add([await pb.collection(ITEMS).update<OrderItem>(id, clean(input))]);
	}

	async removeItem(id: string): Promise<void> {
		await pb.collection(ITEMS).delete(id);
		this.list.apply({ action: 'delete', record: { id } as OrderItem });
	}

	// ── the host's steps ──────────────────────────────────────────────────

	/** Places the order: the fee actually charged and where to send the money. */
	async place(input: PlaceOrderInput): Promise<void> {
		const body: Record<string, unknown> = { deliveryFee: input.deliveryFee, payAccount: input.payAccount.trim() };
		if (input.payLink.trim()) body.payLink = input.payLink.trim();
		const post = await pb.send<Post>(`/api/mealbuddy/posts/${encodeURIComponent(this.group.id)}/order`, { method: 'POST', body });
		this.group.showAnswer({ post });
	}

	/** "도착했어요" (from ordered) or "정산 완료" (from delivered). */
	async setStage(status: 'delivered' | 'done'): Promise<void> {
		this.group.showAnswer({ post: await pb.collection('posts').update<Post>(this.group.id, { status }) });
	}

	/** "모집 취소", with an optional reason. */
	async cancel(reason: string): Promise<void> {
		const body = reason.trim() ? { status: 'cancelled', cancelReason: reason.trim() } : { status: 'cancelled' };
		this.group.showAnswer({ post: await pb.collection('posts').update<Post>(this.group.id, body) });
	}

	// ── payments ──────────────────────────────────────────────────────────

	/** "송금했어요" on my own row, or its undo (sent = false). The server stores its own time. */
	async markSent(sent: boolean): Promise<void> {
		const mine = this.group.mine;
		if (!mine) return;
		await this.updateMembership(mine.id, { paidAt: sent ? new Date().toISOString() : '' });
	}

	/** The host's "받았어요" on a member's row, or its undo. */
	async confirm(membershipId: string, received: boolean): Promise<void> {
		await this.updateMembership(membershipId, { confirmedAt: received ? new Date().toISOString() : '' });
	}

	private async updateMembership(id: string, fields: Partial<Membership>): Promise<void> {
		const membership = await pb.collection('memberships').update<Membership>(id, fields, { expand: 'user' });
		this.group.showAnswer({ membership });
	}
}

/** The line as sent: texts trimmed (the server trims too, and counts after trimming). */
function clean(input: OrderItemInput): OrderItemInput {
	return { name: input.name.trim(), price: input.price, quantity: input.quantity, note: input.note.trim() };
}
