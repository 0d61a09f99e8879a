/**
 * The service worker's reading of a Web Push message (internal/notify's
 * payload `{title, body, url, kind, id}`) and the page a tap opens. No
 * imports but the texts and types: the service worker bundles this file.
 */
import { t } from './i18n/ko';
import type { PushPayload } from './types';

/** The query parameter that tells the app which notification a tap opened. */
export const NOTICE_PARAM = 'notice';

/** The message an open tab receives when a notification is tapped. */
export interface OpenNoticeMessage {
	type: 'mealbuddy:open-notice';
	url: string;
	id: string;
}

export function isOpenNoticeMessage(data: unknown): data is OpenNoticeMessage {
	const m = data as Partial<OpenNoticeMessage> | null;
	return !!m && m.type === 'mealbuddy:open-notice' && typeof m.url === 'string' && typeof m.id === 'string';
}

/**
 * readPush reads a push message's JSON; anything missing or malformed
 * still shows something sensible (the app's name, the notifications page).
 */
export function readPush(json: unknown): PushPayload {
	const p = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
	const text = (v: unknown) => (typeof v === 'string' ? v : '');
	return {
		title: text(p.title) || t.app.name,
		body: text(p.body),
		url: safePath(text(p.url)),
		kind: text(p.kind) as PushPayload['kind'],
		id: text(p.id)
	};
}

/**
 * safePath keeps a tap inside the app: a path of this origin, never
 * another site (a payload is the server's, but a tap must not leave).
 */
export function safePath(url: string): string {
	// "//host" and "/\host" are other sites to a browser.
	return /^\/(?![/\\])/.test(url) ? url : '/notifications';
}

/** The address a tap on a notification opens: its page, saying which notification it was. */
export function tapTarget(p: Pick<PushPayload, 'url' | 'id'>, origin: string): string {
	const target = new URL(safePath(p.url), origin);
	if (p.id) target.searchParams.set(NOTICE_PARAM, p.id);
	return target.href;
}
