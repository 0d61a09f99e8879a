/**
 * Record and response shapes of SPEC.md, written once and used everywhere.
 * Field names are the contract's: do not rename them here.
 */
import type { CategoryKey } from './categories';
import type { MESSAGE_KINDS, POST_STATUSES, ROLES } from './schema.gen';

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
	expand?: { user?: User };
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
