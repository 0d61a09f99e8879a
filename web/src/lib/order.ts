/**
 * The order of a group (SPEC §6) as the screens show it: the sheet grouped
 * by member, the arithmetic of who pays what (the same as the server's
 * `internal/order`, so that "if ordered now" is what the order will say),
 * the progress toward the minimum order, the stages, the payment marks, and
 * the Korean text of the order's refusals. Pure, for the unit tests.
 */
import { explainError, type ErrorView } from './errors';
import { won } from './format';
import { t } from './i18n/ko';
import type { Membership, OrderItem, OrderItemInput, PlaceOrderInput, Post, PostStatus } from './types';
import { charCount, type Errors } from './validation';

/** The limits of order_items and of the order route (SPEC §1, §3). */
export const ORDER_LIMITS = {
	itemName: { min: 1, max: 60 },
	price: { min: 0, max: 1_000_000 },
	quantity: { min: 1, max: 20 },
	note: { max: 100 },
	itemsPerMember: 20,
	deliveryFee: { min: 0, max: 100_000 },
	payAccount: { min: 2, max: 100 },
	cancelReason: { max: 200 }
} as const;

// ── stages ───────────────────────────────────────────────────────────────

/** The sheet may change: before the order is placed. */
export function sheetOpen(status: PostStatus): boolean {
	return status === 'recruiting' || status === 'full' || status === 'closed';
}

/** Money is moving: ordered or delivered (nobody leaves, payments may be marked). */
export function orderUnderWay(status: PostStatus): boolean {
	return status === 'ordered' || status === 'delivered';
}

/** The order was placed, whatever happened after (dues exist). */
export function orderPlaced(post: Pick<Post, 'status' | 'orderedAt'>): boolean {
	return orderUnderWay(post.status) || post.status === 'done' || (post.status === 'cancelled' && !!post.orderedAt);
}

/** What the host may do next, by stage (the server's transitions). */
export interface HostSteps {
	place: boolean;
	deliver: boolean;
	finish: boolean;
	cancel: boolean;
}

export function hostSteps(status: PostStatus): HostSteps {
	return {
		place: sheetOpen(status),
		deliver: status === 'ordered',
		finish: status === 'delivered',
		cancel: sheetOpen(status) || status === 'ordered'
	};
}

export type StepKey = 'recruiting' | 'ordered' | 'delivered' | 'done' | 'cancelled';
export type StepState = 'done' | 'current' | 'todo';

export interface TimelineStep {
	key: StepKey;
	label: string;
	state: StepState;
	/** When the post entered the step ("" when unknown or not yet). */
	at: string;
}

const STEPS: readonly StepKey[] = ['recruiting', 'ordered', 'delivered', 'done'];

/**
 * The room's timeline: 모집 → 주문 → 도착 → 정산 완료. A cancelled post shows
 * the steps it went through and then 취소 as its last, current step.
 */
export function timeline(post: Pick<Post, 'status' | 'created' | 'orderedAt' | 'deliveredAt' | 'doneAt'>): TimelineStep[] {
	const at: Record<StepKey, string> = {
		recruiting: post.created,
		ordered: post.orderedAt,
		delivered: post.deliveredAt,
		done: post.doneAt,
		cancelled: ''
	};
	const step = (key: StepKey, state: StepState): TimelineStep => ({
		key,
		label: t.order.stages[key],
		state,
		at: state === 'todo' ? '' : at[key]
	});
	if (post.status === 'cancelled') {
		const reached = STEPS.filter((key) => key === 'recruiting' || !!at[key]);
		return [...reached.map((key) => step(key, 'done')), step('cancelled', 'current')];
	}
	const current = sheetOpen(post.status) ? 0 : STEPS.indexOf(post.status as StepKey);
	return STEPS.map((key, i) => step(key, i < current || post.status === 'done' ? 'done' : i === current ? 'current' : 'todo'));
}

// ── the sheet ────────────────────────────────────────────────────────────

/** price × quantity of one line. */
export function lineTotal(item: Pick<OrderItem, 'price' | 'quantity'>): number {
	return item.price * item.quantity;
}

/** Σ price × quantity: what the server keeps as the post's itemsTotal. */
export function sheetTotal(items: readonly Pick<OrderItem, 'price' | 'quantity'>[]): number {
	return items.reduce((sum, item) => sum + lineTotal(item), 0);
}

/** One member's part of the sheet. */
export interface MemberLines {
	user: string;
	/** The member's display name, or the unknown-user text. */
	name: string;
	/** The member's membership, when it is shown (absent for a line whose member left). */
	membership?: Membership;
	items: OrderItem[];
	subtotal: number;
}

/**
 * groupByMember puts the lines under their members, in the order of the
 * member list (the host first, then by joining), each member's lines
 * oldest first. Only members with lines appear; a line whose member is not
 * (yet, or any more) in the list comes last under its own heading, so that
 * nothing on the sheet is hidden.
 */
export function groupByMember(items: readonly OrderItem[], members: readonly Membership[]): MemberLines[] {
	const byUser = new Map<string, OrderItem[]>();
	for (const item of items) {
		const lines = byUser.get(item.user);
		if (lines) lines.push(item);
		else byUser.set(item.user, [item]);
	}
	const groups: MemberLines[] = [];
	const take = (user: string, membership?: Membership) => {
		const lines = byUser.get(user);
		if (!lines) return;
		byUser.delete(user);
		lines.sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : 1));
		groups.push({
			user,
			name: membership?.expand?.user?.name ?? t.common.unknownUser,
			membership,
			items: lines,
			subtotal: sheetTotal(lines)
		});
	};
	for (const m of members) take(m.user, m);
	for (const user of [...byUser.keys()]) take(user);
	return groups;
}

// ── the arithmetic (internal/order) ──────────────────────────────────────

/**
 * feeShare is one payer's share of fee: ⌈fee ÷ payers ÷ 10⌉ × 10 won,
 * rounded up so that the host is never short. No payers or no fee: 0.
 */
export function feeShare(fee: number, payers: number): number {
	if (payers <= 0 || fee <= 0) return 0;
	// One division of integers is exact enough: a quotient that is a whole
	// number comes out whole, and one that is not never rounds onto one.
	return Math.ceil(fee / (10 * payers)) * 10;
}

/** What one member would send: their lines plus their share of the fee. */
export interface Due {
	items: number;
	feeShare: number;
	amount: number;
}

/**
 * dues computes what everyone would owe if the order were placed now with
 * fee: the payers are the members with at least one line (the host too),
 * each pays their lines plus feeShare(fee, payers). Members without lines
 * owe nothing and are not in the answer.
 */
export function dues(items: readonly Pick<OrderItem, 'user' | 'price' | 'quantity'>[], fee: number): Map<string, Due> {
	const own = new Map<string, number>();
	for (const item of items) own.set(item.user, (own.get(item.user) ?? 0) + lineTotal(item));
	const share = feeShare(fee, own.size);
	const answer = new Map<string, Due>();
	for (const [user, sum] of own) answer.set(user, { items: sum, feeShare: share, amount: sum + share });
	return answer;
}

/** A placed order's due, as the server wrote it on the membership. */
export function placedDue(m: Pick<Membership, 'amountDue' | 'feeShare'>): Due {
	return { items: m.amountDue - m.feeShare, feeShare: m.feeShare, amount: m.amountDue };
}

// ── the minimum order ────────────────────────────────────────────────────

export interface MinOrderProgress {
	/** 0–1, for the bar; 1 when there is no minimum. */
	ratio: number;
	/** Won still missing; 0 when reached or without a minimum. */
	short: number;
	reached: boolean;
	/** "7,000원 더 모이면 최소주문", "최소주문 금액을 채웠어요", or "" without a minimum. */
	text: string;
}

/** How far the sheet's total is from the restaurant's minimum order. */
export function minOrderProgress(total: number, min: number): MinOrderProgress {
	if (!min || min <= 0) return { ratio: 1, short: 0, reached: true, text: '' };
	const short = Math.max(0, min - total);
	return {
		ratio: Math.min(1, Math.max(0, total / min)),
		short,
		reached: short === 0,
		text: short > 0 ? t.order.progress.short(won(short)) : t.order.progress.reached
	};
}

/**
 * The board card's line about the sheet, while it is open: the shortfall
 * against the minimum (a reason to join), the minimum reached, or the
 * total when there is no minimum; "" when there is nothing to say.
 */
export function boardSheetText(post: Pick<Post, 'status' | 'itemsTotal' | 'minOrderAmount'>): string {
	if (!sheetOpen(post.status)) return '';
	const total = post.itemsTotal ?? 0;
	const progress = minOrderProgress(total, post.minOrderAmount);
	if (progress.text) return progress.text;
	return total > 0 ? t.order.progress.total(won(total)) : '';
}

// ── payments ─────────────────────────────────────────────────────────────

/** Where one membership stands with its money. */
export type PaymentState = 'none' | 'owed' | 'sent' | 'confirmed';

export function paymentState(m: Pick<Membership, 'amountDue' | 'paidAt' | 'confirmedAt'>): PaymentState {
	if (m.amountDue <= 0) return 'none';
	if (m.confirmedAt) return 'confirmed';
	return m.paidAt ? 'sent' : 'owed';
}

/** The host's membership: where the money goes (payAccount, payLink). */
export function hostRow(members: readonly Membership[]): Membership | undefined {
	return members.find((m) => m.role === 'host');
}

/** The rows the host checks off: members (not the host) who owe something. */
export function payers(members: readonly Membership[]): Membership[] {
	return members.filter((m) => m.role !== 'host' && m.amountDue > 0);
}

/** How many of the host's checklist are confirmed. */
export function confirmedCount(members: readonly Membership[]): number {
	return payers(members).filter((m) => !!m.confirmedAt).length;
}

// ── forms ────────────────────────────────────────────────────────────────

function checkInt(errors: Errors, field: string, value: number, min: number, max: number, text: string) {
	if (!Number.isInteger(value) || value < min || value > max) errors[field] = text;
}

/** validateItem checks a line of the sheet as the server will. */
export function validateItem(input: OrderItemInput): Errors {
	const L = ORDER_LIMITS;
	const errors: Errors = {};
	const name = charCount(input.name.trim());
	if (name === 0) errors.name = t.validation.required;
	else if (name > L.itemName.max) errors.name = t.validation.lengthMax(L.itemName.max);
	checkInt(errors, 'price', input.price, L.price.min, L.price.max, t.validation.intBetween(L.price.min, L.price.max));
	checkInt(errors, 'quantity', input.quantity, L.quantity.min, L.quantity.max, t.validation.intBetween(L.quantity.min, L.quantity.max));
	if (charCount(input.note.trim()) > L.note.max) errors.note = t.validation.lengthMax(L.note.max);
	return errors;
}

/** Whether s is an https link with a host, as the server requires of payLink. */
export function isHttpsLink(s: string): boolean {
	try {
		const u = new URL(s);
		return u.protocol === 'https:' && u.hostname !== '';
	} catch {
		return false;
	}
}

/** validatePlaceOrder checks the host's order form as the order route will. */
export function validatePlaceOrder(input: PlaceOrderInput): Errors {
	const L = ORDER_LIMITS;
	const errors: Errors = {};
	checkInt(errors, 'deliveryFee', input.deliveryFee, L.deliveryFee.min, L.deliveryFee.max, t.validation.intBetween(L.deliveryFee.min, L.deliveryFee.max));
	const account = charCount(input.payAccount.trim());
	if (account === 0) errors.payAccount = t.validation.required;
	else if (account < L.payAccount.min || account > L.payAccount.max) errors.payAccount = t.validation.lengthBetween(L.payAccount.min, L.payAccount.max);
	const link = input.payLink.trim();
	if (link && !isHttpsLink(link)) errors.payLink = t.order.place.linkInvalid;
	return errors;
}

// ── refusals ─────────────────────────────────────────────────────────────

/** What the person was doing when the server refused: the same code reads differently. */
export type OrderAction = keyof typeof t.order.refusals;

/**
 * explainOrderError is explainError said for what the person was doing:
 * `order_locked` on a leave is "you cannot leave until the money is
 * settled", on the sheet "the order is placed".
 */
export function explainOrderError(err: unknown, action: OrderAction, shownFields: readonly string[] = []): ErrorView {
	const view = explainError(err, shownFields);
	const said: Record<string, string> = t.order.refusals[action];
	return { ...view, message: said[view.code] ?? view.message };
}
