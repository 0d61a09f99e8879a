/** Formatting of money, dates and countdowns, kept pure for the unit tests. */
import { t } from './i18n/ko';

/**
 * The delivery fee each person pays: fee ÷ head-count, rounded up to 10원
 * so that the host is never short. Returns null when the fee is unknown:
 * PocketBase stores an empty number as 0, so 0 is treated as "not given".
 */
export function feePerPerson(fee: number | null | undefined, target: number): number | null {
	if (!fee || fee <= 0 || !Number.isFinite(fee) || !target || target < 1) return null;
	return Math.ceil(fee / target / 10) * 10;
}

export function won(n: number): string {
	return t.common.won(n);
}

/** Parses a PocketBase date ("2006-01-02 15:04:05.000Z") or ISO string; null for "". */
export function parseDate(value: string | null | undefined): Date | null {
	if (!value) return null;
	const d = new Date(value.includes('T') ? value : value.replace(' ', 'T'));
	return Number.isNaN(d.getTime()) ? null : d;
}

export interface Countdown {
	text: string;
	/** Less than an hour left. */
	urgent: boolean;
	passed: boolean;
	/** Milliseconds until the next change of the text, for the ticking timer. */
	nextTickMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The time left until deadline, as shown on cards ("2시간 5분 남음"). */
export function countdown(deadline: Date, now: Date): Countdown {
	const left = deadline.getTime() - now.getTime();
	if (left <= 0) return { text: t.countdown.passed, urgent: false, passed: true, nextTickMs: 0 };
	const untilNextMinute = left % MINUTE || MINUTE;
	if (left < MINUTE) {
		return { text: t.countdown.lessThanMinute, urgent: true, passed: false, nextTickMs: left };
	}
	if (left < HOUR) {
		// Round up: "5분 남음" while 4m01s–5m00s remain, as a person reads it;
		// the last seconds of the first hour read "1시간 남음", not "60분".
		const m = Math.ceil(left / MINUTE);
		const text = m < 60 ? t.countdown.minutes(m) : t.countdown.hoursMinutes(1, 0);
		return { text, urgent: true, passed: false, nextTickMs: untilNextMinute };
	}
	if (left < DAY) {
		const h = Math.floor(left / HOUR);
		const m = Math.floor((left % HOUR) / MINUTE);
		return { text: t.countdown.hoursMinutes(h, m), urgent: false, passed: false, nextTickMs: untilNextMinute };
	}
	const d = Math.floor(left / DAY);
	const h = Math.floor((left % DAY) / HOUR);
	return { text: t.countdown.days(d, h), urgent: false, passed: false, nextTickMs: left % HOUR || HOUR };
}

/** "오후 3:04" in the viewer's time zone. */
export function clockTime(d: Date): string {
	return d.toLocaleTimeString(t.app.locale, { hour: 'numeric', minute: '2-digit' });
}

/** "2025년 11월 26일 (수)": the day separator of a chat. */
export function longDate(d: Date): string {
	return d.toLocaleDateString(t.app.locale, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' });
}

/** "11월 26일 (수) 오후 3:04". */
export function dateTime(d: Date): string {
	return d.toLocaleString(t.app.locale, {
		month: 'long',
		day: 'numeric',
		weekday: 'short',
		hour: 'numeric',
		minute: '2-digit'
	});
}

/** "3분 전", "2시간 전", … for lists. */
export function timeAgo(d: Date, now: Date): string {
	const diff = Math.max(0, now.getTime() - d.getTime());
	if (diff < MINUTE) return t.time.justNow;
	if (diff < HOUR) return t.time.minutesAgo(Math.floor(diff / MINUTE));
	if (diff < DAY) return t.time.hoursAgo(Math.floor(diff / HOUR));
	if (diff < 7 * DAY) return t.time.daysAgo(Math.floor(diff / DAY));
	return d.toLocaleDateString(t.app.locale, { month: 'long', day: 'numeric' });
}

/** The value for <input type="datetime-local"> in local time ("2025-11-26T15:04"). */
export function toLocalInput(d: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Parses a datetime-local value as local time; null for "" or garbage. */
export function fromLocalInput(value: string): Date | null {
	if (!value) return null;
	const d = new Date(value);
	return Number.isNaN(d.getTime()) ? null : d;
}

/** Whether a geoPoint is set: (0, 0) means unset in this project. */
export function hasPoint(p: { lat: number; lon: number } | null | undefined): p is { lat: number; lon: number } {
	return !!p && (p.lat !== 0 || p.lon !== 0);
}
