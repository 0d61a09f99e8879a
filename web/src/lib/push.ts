/**
 * Web Push in the browser (SPEC §7): whether this browser can, its
 * subscription made with the server's VAPID key, and the
 * push_subscriptions row that tells the server where to send. The screens
 * go through stores/push.svelte.ts; the service worker shows the messages.
 */
import { getPushKey } from './api';
import { explainError } from './errors';
import { pb } from './pb';
import type { PushSubscriptionRecord } from './types';

/** What push_subscriptions stores of a browser's subscription. */
export interface SubscriptionFields {
	endpoint: string;
	p256dh: string;
	auth: string;
}

/**
 * base64UrlToBytes decodes base64url (RFC 4648 §5, padding optional), the
 * form of the server's VAPID key, into the bytes `applicationServerKey` wants.
 */
export function base64UrlToBytes(s: string): Uint8Array<ArrayBuffer> {
	const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
	const binary = atob(b64);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes;
}

/** bytesToBase64Url is the inverse, without padding (to compare keys). */
export function bytesToBase64Url(buf: ArrayBuffer | Uint8Array): string {
	const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
	let binary = '';
	for (const b of bytes) binary += String.fromCharCode(b);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** subscriptionFields reads the row's fields from a subscription's JSON form. */
export function subscriptionFields(json: PushSubscriptionJSON): SubscriptionFields | null {
	const { endpoint, keys } = json;
	if (!endpoint || !keys?.p256dh || !keys.auth) return null;
	return { endpoint, p256dh: keys.p256dh, auth: keys.auth };
}

/** Whether this browser can receive Web Push at all (a service worker, PushManager, notifications). */
export function pushSupported(): boolean {
	return (
		typeof window !== 'undefined' &&
		'serviceWorker' in navigator &&
		'PushManager' in window &&
		'Notification' in window
	);
}

/** How long to wait for the service worker before saying push cannot be had. */
const READY_MS = 10_000;

/** The service worker's registration, or an error when it does not come up. */
async function registration(): Promise<ServiceWorkerRegistration> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error('push: no service worker')), READY_MS);
	});
	try {
		return await Promise.race([navigator.serviceWorker.ready, late]);
	} finally {
		clearTimeout(timer);
	}
}

/** This browser's subscription, if it has one (without waiting for a service worker to come up). */
export async function browserSubscription(): Promise<PushSubscription | null> {
	const reg = await navigator.serviceWorker.getRegistration();
	return reg ? reg.pushManager.getSubscription() : null;
}

/** My row for endpoint, if the server has one. */
export async function findRow(endpoint: string): Promise<PushSubscriptionRecord | null> {
	const res = await pb.collection('push_subscriptions').getList<PushSubscriptionRecord>(1, 1, {
		filter: pb.filter('endpoint = {:endpoint}', { endpoint }),
		skipTotal: true
	});
	return res.items[0] ?? null;
}

/** Whether err is the unique endpoint refusing a second row (another account of this browser has it). */
function endpointTaken(err: unknown): boolean {
	return explainError(err, ['endpoint']).code === 'validation_not_unique';
}

/**
 * subscribe makes this browser's subscription with the server's key (a
 * subscription made with another key is replaced) and stores its row.
 * The permission must have been granted. An endpoint already stored for
 * another account of this browser (a shared device) cannot be taken over,
 * since rows are their owner's only: the browser subscribes afresh, and
 * the old row is deleted by the server once the push service forgets it.
 */
export async function subscribe(): Promise<void> {
	const reg = await registration();
	const { publicKey } = await getPushKey();
	const key = base64UrlToBytes(publicKey);
	let sub = await reg.pushManager.getSubscription();
	const current = sub?.options.applicationServerKey;
	if (sub && (!current || bytesToBase64Url(current) !== bytesToBase64Url(key))) {
		await sub.unsubscribe();
		sub = null;
	}
	for (let attempt = 0; ; attempt++) {
		sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
		const fields = subscriptionFields(sub.toJSON());
		if (!fields) throw new Error('push: the subscription has no keys');
		if (await findRow(fields.endpoint)) return;
		try {
			await pb.collection('push_subscriptions').create(fields);
			return;
		} catch (err) {
			if (!endpointTaken(err) || attempt > 0) throw err;
			await sub.unsubscribe();
			sub = null;
		}
	}
}

/** unsubscribe deletes my row of this browser and ends the browser's subscription. */
export async function unsubscribe(): Promise<void> {
	const sub = await browserSubscription();
	if (!sub) return;
	const row = await findRow(sub.endpoint);
	if (row) await pb.collection('push_subscriptions').delete(row.id);
	await sub.unsubscribe();
}

/** Whether this browser is subscribed and the server has my row for it. */
export async function subscribed(): Promise<boolean> {
	const sub = await browserSubscription();
	return !!sub && !!(await findRow(sub.endpoint));
}
