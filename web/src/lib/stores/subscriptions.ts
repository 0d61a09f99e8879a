/**
 * One owner for a screen's realtime subscriptions. It subscribes through the
 * SDK and, on stop(), removes every subscription it made — including one
 * whose subscribe call has not answered yet — and runs the other cleanups it
 * was given (a reconnect listener, a DOM listener, a timer).
 */
import type { RecordSubscribeOptions, RecordSubscription, UnsubscribeFunc } from 'pocketbase';
import { pb } from '$lib/pb';

export class Subscriptions {
	private readonly pending: Promise<UnsubscribeFunc>[] = [];
	private readonly cleanups: Array<() => void> = [];

	/** Subscribes fn to topic ("*" or a record id) of collection. */
	on<T>(collection: string, topic: string, fn: (e: RecordSubscription<T>) => void, options?: RecordSubscribeOptions): this {
		this.pending.push(pb.collection(collection).subscribe<T>(topic, fn, options));
		return this;
	}

	/**
	 * Settles once the server has every subscription made so far: a read
	 * begun after it misses no event (one begun before may, unseen).
	 */
	get ready(): Promise<void> {
		return Promise.allSettled(this.pending).then(() => {});
	}

	/** Adds a cleanup that stop() runs. */
	also(cleanup: () => void): this {
		this.cleanups.push(cleanup);
		return this;
	}

	/**
	 * Removes every subscription and runs the cleanups. An arrow, so that a
	 * store's start() can hand it to an $effect as its cleanup. A failed
	 * unsubscribe is ignored: the connection it belonged to is gone anyway.
	 */
	readonly stop = (): void => {
		for (const cleanup of this.cleanups) cleanup();
		for (const p of this.pending) p.then((unsubscribe) => unsubscribe()).catch(() => {});
	};
}
