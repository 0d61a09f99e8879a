/**
 * Record and response shapes of SPEC.md, written once and used everywhere.
 * Field names are the contract's: do not rename them here.
 */
import type { CategoryKey } from './categories';
import type { ALERT_WEATHERS, MESSAGE_KINDS, NOTICE_KINDS, POST_STATUSES, ROLES } from './schema.gen';

/** PocketBase's geoPoint: (0, 0) means "unset" in this project. */
export interface GeoPoint {
	lon: number;
	lat: number;
}

/** Fields every PocketBase record carries. */
export interface BaseRecord {
	id: string;
	collectionId: string;
	collectionName: string;
	created: string;
	updated: string;
}

export interface User extends BaseRecord {
	email?: string;
	name: string;
	address?: string;
	location?: GeoPoint;
	avatar?: string;
	verified?: boolean;
}

export type PostStatus = (typeof POST_STATUSES)[number];

export interface Post extends BaseRecord {
	title: string;
	content: string;
	category: CategoryKey;
	host: string;
	address: string;
	restaurant: string;
	minOrderAmount: number;
	deliveryFee: number;
	pickupSpot: string;
	location: GeoPoint;
	/** PocketBase date string ("2006-01-02 15:04:05.000Z") or "" when unset. */
	deadline: string;
	targetCount: number;
	joinedCount: number;
	status: PostStatus;
	/** Server-set: Σ price × quantity of the post's order_items. */
	itemsTotal: number;
	/** When the post entered that stage (server-set), or "". */
	orderedAt: string;
	deliveredAt: string;
	doneAt: string;
	/** The host's reason, given with the cancellation. */
	cancelReason: string;
	expand?: { host?: User };
}

/** The fields a client may send when creating or editing a post. */
export interface PostInput {
	title: string;
	content: string;
	category: CategoryKey | '';
	restaurant: string;
	minOrderAmount: number | null;
	deliveryFee: number | null;
	pickupSpot: string;
	location: GeoPoint | null;
	deadline: string;
	targetCount: number;
}

export type Role = (typeof ROLES)[number];

export interface Membership extends BaseRecord {
	post: string;
	user: string;
	role: Role;
	lastReadAt: string;
	/** Server-set when the order is placed: own items plus feeShare; 0 before. */
	amountDue: number;
	/** Server-set when the order is placed: this member's share of the delivery fee. */
	feeShare: number;
	/** The member's "송금했어요" (server time), or "". */
	paidAt: string;
	/** The host's "받았어요" (server time), or "". */
	confirmedAt: string;
	/** The host's row only: where to send the money. */
	payAccount: string;
	/** The host's row only: an https remittance link (KakaoPay, Toss), or "". */
	payLink: string;
	expand?: { user?: User };
}

/** One line of a post's order sheet. */
export interface OrderItem extends BaseRecord {
	post: string;
	/** Server-set: the member who orders it. */
	user: string;
	name: string;
	/** KRW per unit. */
	price: number;
	quantity: number;
	note: string;
}

/** The fields a member sends for a line of the sheet. */
export interface OrderItemInput {
	name: string;
	price: number;
	quantity: number;
	note: string;
}

/** The body of POST /api/mealbuddy/posts/{id}/order. */
export interface PlaceOrderInput {
	/** The fee actually charged. */
	deliveryFee: number;
	payAccount: string;
	/** Optional https link; "" for none. */
	payLink: string;
}

export interface Ban extends BaseRecord {
	post: string;
	user: string;
	reason: string;
}

export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface Message extends BaseRecord {
	post: string;
	author: string;
	kind: MessageKind;
	body: string;
	expand?: { author?: User };
}

/** One room of GET /api/mealbuddy/chats. */
export interface ChatSummary {
	post: Pick<Post, 'id' | 'title' | 'status' | 'joinedCount' | 'targetCount' | 'category'>;
	role: Role;
	lastMessage: { body: string; kind: MessageKind; created: string; authorName: string } | null;
	unread: number;
	/** My amountDue while the host has not confirmed it, otherwise 0. */
	owes: number;
}

export interface ChatsResponse {
	items: ChatSummary[];
}

export type Sky = 'clear' | 'partly_cloudy' | 'cloudy' | 'overcast' | 'unknown';
export type Precipitation = 'none' | 'rain' | 'rain_snow' | 'snow' | 'shower' | 'drizzle';

/** GET /api/mealbuddy/weather. */
export interface Weather {
	source: 'kma' | 'open-meteo';
	lat: number;
	lon: number;
	observedAt: string;
	temperature: number;
	humidity: number;
	windSpeed: number;
	sky: Sky;
	precipitation: Precipitation;
	precipitationMm: number | null;
	summary: string;
}

export interface MenuSuggestion {
	name: string;
	category: CategoryKey;
	reason: string;
}

/** POST /api/mealbuddy/menu. */
export interface MenuResponse {
	source: 'openai' | 'offline';
	reply: string;
	suggestions: MenuSuggestion[];
	weather: Weather | null;
	remaining: number;
}

export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** A notifications record (SPEC §7): the server writes it, the recipient marks it read. */
export interface Notice extends BaseRecord {
	user: string;
	kind: NoticeKind;
	/** The post it is about; "" when there is none or the post was deleted. */
	post: string;
	title: string;
	body: string;
	/** PocketBase date string, "" while unread. */
	readAt: string;
}

export type AlertWeather = (typeof ALERT_WEATHERS)[number];

/** The fields of an alert a person chooses ("배고플 때 알려줘"). */
export interface AlertInput {
	/** "" = any category. */
	category: CategoryKey | '';
	/** 0–23, Asia/Seoul; equal hours = all day; the window may wrap midnight. */
	fromHour: number;
	toHour: number;
	weather: AlertWeather;
}

/** An alerts record; user, address and firedAt are the server's. */
export interface Alert extends BaseRecord, AlertInput {
	user: string;
	firedAt: string;
}

/** A push_subscriptions record: one browser of mine that receives Web Push. */
export interface PushSubscriptionRecord extends BaseRecord {
	user: string;
	endpoint: string;
	p256dh: string;
	auth: string;
}

/** GET /api/mealbuddy/push/key. */
export interface PushKeyResponse {
	publicKey: string;
}

/** What the server's Web Push message carries (internal/notify pushPayload). */
export interface PushPayload {
	title: string;
	body: string;
	/** The page a tap opens, e.g. /chats/<postId>. */
	url: string;
	kind: NoticeKind | '';
	/** The notification's id, so that a tap marks it read. */
	id: string;
}
