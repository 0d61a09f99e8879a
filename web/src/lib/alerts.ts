/**
 * Craving alerts ("배고플 때 알려줘", SPEC §7) without a server: the
 * one-line summary the profile lists, the same words as the server's
 * `Alert.Summary()` in internal/notify/alerts.go (which titles the alert's
 * notification), and the choices the editor offers.
 */
import { categoryLabel } from './categories';
import { t } from './i18n/ko';
import { ALERT_WEATHERS } from './schema.gen';
import type { AlertInput } from './types';

/** How many alerts one person keeps (the server answers too_many_alerts past it). */
export const MAX_ALERTS = 10;

/** The hours an alert window can start and end at (Asia/Seoul). */
export const HOURS: readonly number[] = Array.from({ length: 24 }, (_, h) => h);

export const WEATHERS = ALERT_WEATHERS;

/** What a new alert starts as in the editor: any menu, dinner time, any weather. */
export function newAlertInput(): AlertInput {
	return { category: '', fromHour: 18, toHour: 22, weather: 'any' };
}

/**
 * alertSummary is the alert's one line: "비 오는 날 18시–22시 치킨",
 * "하루 종일 아무 메뉴". Hours as stored: 18–22 is 18:00 to 21:59, and
 * equal hours are the whole day.
 */
export function alertSummary(a: Pick<AlertInput, 'category' | 'fromHour' | 'toHour' | 'weather'>): string {
	const parts: string[] = [];
	const s = t.alerts.summary;
	if (a.weather === 'rain') parts.push(s.rain);
	else if (a.weather === 'cold') parts.push(s.cold);
	else if (a.weather === 'hot') parts.push(s.hot);
	parts.push(a.fromHour === a.toHour ? s.allDay : s.hours(a.fromHour, a.toHour));
	parts.push(a.category ? categoryLabel(a.category) : t.alerts.anyCategory);
	return parts.join(' ');
}

/** The fields sent for an alert: the server sets user, address and firedAt. */
export function alertBody(a: AlertInput): AlertInput {
	return { category: a.category, fromHour: a.fromHour, toHour: a.toHour, weather: a.weather };
}
