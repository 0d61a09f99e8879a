/**
 * The signed-in user, kept in the SDK's auth store (localStorage) so that a
 * session survives a reload, and refreshed with authRefresh at start.
 */
import { getTokenPayload } from 'pocketbase';
import { pb } from '$lib/pb';
import type { User } from '$lib/types';
import { statusOf } from '$lib/errors';

class AuthState {
	user = $state<User | null>(pb.authStore.isValid ? (pb.authStore.record as User | null) : null);
	/**
	 * The last sign-out was my own (the button, account deletion), not an
	 * expired session: sign-in then starts afresh, with no page to return to.
	 */
	signedOutOnPurpose = false;

	get signedIn(): boolean {
		return this.user !== null;
	}
}

export const auth = new AuthState();

pb.authStore.onChange(() => {
	auth.user = pb.authStore.isValid ? (pb.authStore.record as User | null) : null;
	if (auth.user) auth.signedOutOnPurpose = false;
});

/**
 * refreshAuth renews the token and re-reads the user at start. A rejected
 * token signs out; an unreachable server keeps the stored session (the
 * layout shows the server-unreachable page instead).
 */
export async function refreshAuth(): Promise<void> {
	if (!pb.authStore.token) return;
	if (!pb.authStore.isValid) {
		pb.authStore.clear();
		return;
	}
	try {
		await pb.collection('users').authRefresh();
	} catch (err) {
		const status = statusOf(err);
		if (status === 401 || status === 403 || status === 404) pb.authStore.clear();
		else throw err;
	}
}

/** How close to its expiry a token is renewed while the app stays open. */
const RENEW_WITHIN_MS = 24 * 60 * 60 * 1000;

/**
 * keepFresh renews the token while the app stays open for days (a phone
 * tab is rarely reloaded); returns the cleanup.
 */
export function keepFresh(): () => void {
	const check = () => {
		const exp = getTokenPayload(pb.authStore.token).exp;
		if (typeof exp === 'number' && exp * 1000 - Date.now() < RENEW_WITHIN_MS) refreshAuth().catch(() => {});
	};
	const timer = setInterval(check, 60 * 60 * 1000);
	const onVisible = () => document.visibilityState === 'visible' && check();
	document.addEventListener('visibilitychange', onVisible);
	return () => {
		clearInterval(timer);
		document.removeEventListener('visibilitychange', onVisible);
	};
}

export async function signIn(email: string, password: string): Promise<User> {
	const res = await pb.collection('users').authWithPassword<User>(email.trim(), password);
	return res.record;
}

/** Signs out on purpose; the signed-in layout then shows /login. */
export function signOut(): void {
	auth.signedOutOnPurpose = true;
	pb.realtime.unsubscribe().catch(() => {});
	pb.authStore.clear();
}

/** Replaces the stored user after a profile change, keeping the token. */
export function setUser(user: User): void {
	pb.authStore.save(pb.authStore.token, user);
}
