/** The alert's one line, word for word the server's Alert.Summary (internal/notify/alerts_test.go). */
import { describe, expect, it } from 'vitest';
import { alertSummary } from './alerts';
import type { AlertInput } from './types';

describe('alertSummary', () => {
	const cases: Array<[AlertInput, string]> = [
		// The server's own cases (TestAlertSummary), so that both say the same.
		[{ category: 'chicken', fromHour: 18, toHour: 22, weather: 'rain' }, '비 오는 날 18시–22시 치킨'],
		[{ category: '', fromHour: 22, toHour: 2, weather: 'any' }, '22시–2시 아무 메뉴'],
		[{ category: 'pizza', fromHour: 0, toHour: 0, weather: 'cold' }, '추운 날 하루 종일 피자'],
		[{ category: 'cafe_dessert', fromHour: 13, toHour: 17, weather: 'hot' }, '더운 날 13시–17시 카페·디저트'],
		// Equal hours other than 0 are the whole day too; any weather says nothing.
		[{ category: 'jjim_tang', fromHour: 9, toHour: 9, weather: 'any' }, '하루 종일 찜·탕·찌개'],
		[{ category: '', fromHour: 0, toHour: 0, weather: 'any' }, '하루 종일 아무 메뉴']
	];
	for (const [alert, want] of cases) {
		it(`${JSON.stringify(alert)} reads "${want}"`, () => {
			expect(alertSummary(alert)).toBe(want);
		});
	}
});
