/**
 * Web Push for the signed-in person, as the screens see it: whether this
 * browser can, whether it is on, turning it on and off (lib/push.ts), and
 * the one-time offer after a first join or a first post — never on a first
 * load: a person is asked when an order has started to matter to them.
 */
import { explainError } from '$lib/errors';
import { t } from '$lib/i18n/ko';
import * as push from '$lib/push';

/** Set once this device has been offered push (accepted or not). */
const OFFERED_KEY = 'mealbuddy.pushOffered';

export type PushPermission = NotificationPermission | 'unsupported';

class PushState {
	/** 'unsupported' where the browser has no PushManager or service worker. */
	permission = $state<PushPermission>('default');
	/** This browser is subscribed and the server has my row for it. */
	enabled = $state(false);
	busy = $state(false);
	error = $state('');
	/** The offer dialog is showing. */
	offerOpen = $state(false);

	/** Reads the browser's and the server's state (the profile's switch). */
	async refresh(): Promise<void> {
		if (!push.pushSupported()) {
			this.permission = 'unsupported';
			this.enabled = false;
			return;
		}
		this.permission = Notification.permission;
		try {
			this.enabled = this.permission === 'granted' && (await push.subscribed());
		} catch {
			this.enabled = false;
		}
	}

	/**
	 * offer asks once per device, after a first join or a first post, where
	 * push can be had, is not blocked and is not already on.
	 */
	async offer(): Promise<void> {
		if (!push.pushSupported() || Notification.permission === 'denied' || offered()) return;
		await this.refresh();
		if (this.enabled || this.permission === 'denied') return;
		try {
			localStorage.setItem(OFFERED_KEY, new Date().toISOString());
		} catch {
			// Private mode without storage: asked again next time, no harm.
		}
		this.error = '';
		this.offerOpen = true;
	}

	/** Turns push on: the browser's permission prompt, the subscription, the row. */
	async enable(): Promise<boolean> {
		this.busy = true;
		this.error = '';
		try {
			this.permission = await Notification.requestPermission();
			if (this.permission !== 'granted') {
				this.error = this.permission === 'denied' ? t.push.denied : '';
				return false;
			}
			await push.subscribe();
			this.enabled = true;
			return true;
		} catch (err) {
			this.error = explainError(err).code ? explainError(err).message : t.push.failed;
			return false;
		} finally {
			this.busy = false;
		}
	}

	/** Turns push off for this browser: the row is deleted and the subscription ended. */
	async disable(): Promise<boolean> {
		this.busy = true;
		this.error = '';
		try {
			await push.unsubscribe();
			this.enabled = false;
			return true;
		} catch {
			this.error = t.push.offFailed;
			return false;
		} finally {
			this.busy = false;
		}
	}

	/**
	 * forget turns push off before signing out, so that a shared device
	 * does not keep receiving the previous person's notifications.
	 */
	async forget(): Promise<void> {
		if (!push.pushSupported()) return;
		await push.unsubscribe().catch(() => {});
		this.enabled = false;
		this.offerOpen = false;
	}
}

function offered(): boolean {
	try {
		return localStorage.getItem(OFFERED_KEY) !== null;
	} catch {
		return false;
	}
}

export const pushState = new PushState();
