/**
 * Whether the server answers and whether the realtime stream is up. The
 * layout shows the server-unreachable page when the first health check
 * fails, and a slim banner while realtime reconnects.
 */
import { pb } from '$lib/pb';

class Connection {
	/** null until the first health check has answered. */
	reachable = $state<boolean | null>(null);
	realtimeDown = $state(false);
}

export const connection = new Connection();

export async function checkHealth(): Promise<boolean> {
	try {
		await pb.health.check({ requestKey: null });
		connection.reachable = true;
	} catch {
		connection.reachable = false;
	}
	return connection.reachable;
}

type Listener = () => void;
const reconnectListeners = new Set<Listener>();

/**
 * onReconnect calls fn every time the realtime stream comes back after a
 * drop (the SDK's PB_CONNECT, which it fires after it has re-sent the
 * subscriptions). Rooms use it to re-read what they may have missed.
 * Returns the removal function.
 */
export function onReconnect(fn: Listener): () => void {
	reconnectListeners.add(fn);
	return () => reconnectListeners.delete(fn);
}

/**
 * watchRealtime follows the realtime connection while a user is signed in:
 * the banner while it is down and the reconnect listeners when it is back.
 * Returns the cleanup for the signed-in layout.
 */
export function watchRealtime(): () => void {
	let ready = false;
	let stop: (() => Promise<void>) | null = null;
	let stopped = false;

	pb.realtime.onDisconnect = (active) => {
		// An empty list means every subscription was removed on purpose.
		if (active.length > 0) connection.realtimeDown = true;
	};
	pb.realtime
		.subscribe('PB_CONNECT', () => {
			connection.realtimeDown = false;
			// The first PB_CONNECT is the initial connection, not a comeback.
			if (ready) for (const fn of reconnectListeners) fn();
		})
		.then((unsubscribe) => {
			ready = true;
			stop = unsubscribe;
			if (stopped) unsubscribe().catch(() => {});
		})
		.catch(() => {
			ready = true;
			connection.realtimeDown = true;
		});

	return () => {
		stopped = true;
		stop?.().catch(() => {});
		connection.realtimeDown = false;
	};
}
