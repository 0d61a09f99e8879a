/**
 * The custom routes of SPEC §3, typed. Records go through the SDK's
 * collection services directly; these are the endpoints that are not records.
 */
import { pb } from './pb';
import type { ChatsResponse, GeoPoint, MenuResponse, PushKeyResponse, Weather } from './types';

const BASE = '/api/mealbuddy';

/** Current weather at point, or at the caller's saved location when omitted. */
export function getWeather(point?: GeoPoint): Promise<Weather> {
	const query = point ? { lat: point.lat, lon: point.lon } : {};
	return pb.send<Weather>(`${BASE}/weather`, { method: 'GET', query });
}

export interface MenuRequest {
	message?: string;
	lat?: number;
	lon?: number;
}

/** Five menu suggestions (a conversation that continues until reset). */
export function askMenu(body: MenuRequest): Promise<MenuResponse> {
	return pb.send<MenuResponse>(`${BASE}/menu`, { method: 'POST', body });
}

/** Starts the menu conversation over (the day's count stays). */
export function resetMenu(): Promise<void> {
	return pb.send(`${BASE}/menu`, { method: 'DELETE' });
}

/** The caller's chat rooms, most recent activity first. */
export function getChats(): Promise<ChatsResponse> {
	return pb.send<ChatsResponse>(`${BASE}/chats`, {});
}

/** Deletes the caller's account after checking the password (204). */
export function deleteAccount(password: string): Promise<void> {
	return pb.send(`${BASE}/account/delete`, { method: 'POST', body: { password } });
}

/** The server's VAPID public key (base64url), which a browser subscribes to Web Push with. */
export function getPushKey(): Promise<PushKeyResponse> {
	return pb.send<PushKeyResponse>(`${BASE}/push/key`, {});
}
