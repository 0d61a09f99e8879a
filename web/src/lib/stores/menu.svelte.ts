/**
 * The "뭐 먹을까?" conversation (SPEC §3 menu route): the wish being typed,
 * the last answer and how many asks are left today. One per menu panel.
 */
import { askMenu, resetMenu } from '$lib/api';
import { explainError } from '$lib/errors';
import { t } from '$lib/i18n/ko';
import type { GeoPoint, MenuResponse } from '$lib/types';
import { charCount, LIMITS } from '$lib/validation';

export class MenuChat {
	wish = $state('');
	asking = $state(false);
	resetting = $state(false);
	error = $state('');
	result = $state<MenuResponse | null>(null);
	remaining = $state<number | null>(null);

	tooLong = $derived(charCount(this.wish) > LIMITS.menuWish.max);

	/** Asks for suggestions; point is a position picked on this visit, else the server uses my saved location. */
	async ask(point: GeoPoint | null): Promise<void> {
		if (this.tooLong || this.asking) return;
		this.asking = true;
		this.error = '';
		try {
			const message = this.wish.trim();
			this.result = await askMenu({ ...(message ? { message } : {}), ...(point ? { lat: point.lat, lon: point.lon } : {}) });
			this.remaining = this.result.remaining;
		} catch (err) {
			const v = explainError(err);
			this.error = v.code ? v.message : `${t.menu.error} ${v.message}`;
			if (v.code === 'daily_limit') this.remaining = 0;
		} finally {
			this.asking = false;
		}
	}

	/** Starts the conversation over; returns whether it worked. */
	async reset(): Promise<boolean> {
		this.resetting = true;
		try {
			await resetMenu();
			this.result = null;
			this.wish = '';
			this.error = '';
			return true;
		} catch (err) {
			this.error = explainError(err).message;
			return false;
		} finally {
			this.resetting = false;
		}
	}
}
