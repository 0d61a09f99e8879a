/**
 * The signed-in user, kept in the SDK's auth store (localStorage) so that a
 * session survives a reload, and refreshed with authRefresh at start.
 */
import { pb } from '$lib/pb';
import type { User } from '$lib/types';
import { statusOf } from '$lib/errors';

class AuthState {
	user = $state<User | null>(pb.authStore.isValid ? (pb.authStore.record as User | null) : null);

	get signedIn(): boolean {
		return this.user !== null;
	}
}

export const auth = new AuthState();

pb.authStore.onChange(() => {
	auth.user = pb.authStore.isValid ? (pb.authStore.record as User | null) : null;
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

export async function signIn(email: string, password: string): Promise<User> {
	const res = await pb.collection('users').authWithPassword<User>(email.trim(), password);
	return res.record;
}

export function signOut(): void {
	pb.realtime.unsubscribe().catch(() => {});
	pb.authStore.clear();
}

/** Replaces the stored user after a profile change, keeping the token. */
export function setUser(user: User): void {
	pb.authStore.save(pb.authStore.token, user);
}
