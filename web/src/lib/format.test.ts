import { describe, expect, it } from 'vitest';
import { countdown, feePerPerson, fromLocalInput, hasPoint, parseDate, timeAgo, toLocalInput } from './format';

describe('feePerPerson', () => {
	it('divides the fee by the head-count and rounds up to 10원', () => {
		expect(feePerPerson(3000, 3)).toBe(1000);
		expect(feePerPerson(3000, 4)).toBe(750);
		expect(feePerPerson(3500, 3)).toBe(1170); // 1166.67 → 1170
		expect(feePerPerson(4000, 3)).toBe(1340); // 1333.33 → 1340
		expect(feePerPerson(1, 2)).toBe(10);
		expect(feePerPerson(100000, 10)).toBe(10000);
	});

	it('is unknown when no fee is given (PocketBase stores an empty number as 0)', () => {
		expect(feePerPerson(0, 3)).toBeNull();
		expect(feePerPerson(null, 3)).toBeNull();
		expect(feePerPerson(undefined, 3)).toBeNull();
	});

	it('is unknown for a nonsensical head-count', () => {
		expect(feePerPerson(3000, 0)).toBeNull();
	});
});

describe('countdown', () => {
	const now = new Date('2025-11-26T03:00:00Z');
	const at = (ms: number) => new Date(now.getTime() + ms);
	const MIN = 60_000;

	it('says the deadline has passed at and after it', () => {
		expect(countdown(now, now)).toMatchObject({ passed: true, text: '마감 시간 지남' });
		expect(countdown(at(-MIN), now).passed).toBe(true);
	});

	it('counts the last minute, then minutes rounded up, as urgent', () => {
		expect(countdown(at(30_000), now)).toMatchObject({ text: '1분 안에 마감', urgent: true });
		expect(countdown(at(4 * MIN + 1000), now)).toMatchObject({ text: '5분 남음', urgent: true });
		expect(countdown(at(59 * MIN), now).text).toBe('59분 남음');
		expect(countdown(at(60 * MIN - 1000), now).text).toBe('1시간 남음');
	});

	it('shows hours and minutes within a day', () => {
		expect(countdown(at(60 * MIN), now)).toMatchObject({ text: '1시간 남음', urgent: false });
		expect(countdown(at(125 * MIN), now).text).toBe('2시간 5분 남음');
	});

	it('shows days and hours beyond a day', () => {
		expect(countdown(at(24 * 60 * MIN), now).text).toBe('1일 남음');
		expect(countdown(at((3 * 24 + 5) * 60 * MIN + 30 * MIN), now).text).toBe('3일 5시간 남음');
	});

	it('asks to be re-evaluated when the text would change', () => {
		const c = countdown(at(5 * MIN + 20_000), now);
		expect(c.nextTickMs).toBe(20_000);
	});
});

describe('dates', () => {
	it('parses PocketBase dates and treats "" as unset', () => {
		expect(parseDate('2025-11-26 03:00:00.000Z')?.toISOString()).toBe('2025-11-26T03:00:00.000Z');
		expect(parseDate('2025-11-26T03:00:00Z')?.toISOString()).toBe('2025-11-26T03:00:00.000Z');
		expect(parseDate('')).toBeNull();
		expect(parseDate('nonsense')).toBeNull();
	});

	it('round-trips datetime-local values in local time', () => {
		const d = new Date(2025, 10, 26, 15, 4);
		expect(toLocalInput(d)).toBe('2025-11-26T15:04');
		expect(fromLocalInput('2025-11-26T15:04')?.getTime()).toBe(d.getTime());
		expect(fromLocalInput('')).toBeNull();
	});

	it('says how long ago', () => {
		const now = new Date('2025-11-26T03:00:00Z');
		expect(timeAgo(new Date(now.getTime() - 10_000), now)).toBe('방금');
		expect(timeAgo(new Date(now.getTime() - 5 * 60_000), now)).toBe('5분 전');
		expect(timeAgo(new Date(now.getTime() - 3 * 3600_000), now)).toBe('3시간 전');
		expect(timeAgo(new Date(now.getTime() - 2 * 86400_000), now)).toBe('2일 전');
	});

	it('treats (0, 0) as an unset point', () => {
		expect(hasPoint({ lat: 0, lon: 0 })).toBe(false);
		expect(hasPoint(undefined)).toBe(false);
		expect(hasPoint({ lat: 37.5, lon: 127.03 })).toBe(true);
	});
});
