/**
 * A list of records kept current from pages and realtime events: every
 * record once (by id), in a stable order, never an older copy over a newer
 * one (mergeById), and never a deleted record brought back by a page or an
 * event that was already on its way when the delete arrived.
 */
import type { RecordSubscription } from 'pocketbase';
import { mergeById, removeById, type Dated, type Mergeable } from '$lib/merge';

export class LiveList<T extends Mergeable & Dated> {
	items = $state<T[]>([]);

	/** Ids deleted while this list was open: PocketBase never reuses an id. */
	private readonly deleted = new Set<string>();
	/** What events brought while a replace() was on its way, one log per read. */
	private readonly logs = new Set<T[]>();
	/** Numbers the replace() reads; an answer numbered at most `stale` is dropped. */
	private reads = 0;
	private stale = 0;

	constructor(private readonly compare: (a: T, b: T) => number) {}

	/** Applies one realtime event (create, update or delete). */
	apply(e: RecordSubscription<T>): void {
		if (e.action === 'delete') {
			this.deleted.add(e.record.id);
			this.items = removeById(this.items, e.record.id);
			return;
		}
		for (const log of this.logs) log.push(e.record);
		this.add([e.record]);
	}

	/** Adds records read from the server (a page, a create response) to those shown. */
	add(records: readonly T[]): void {
		this.items = mergeById(this.items, this.alive(records), this.compare);
	}

	/**
	 * Replaces the list with a fresh read, for lists whose records may
	 * vanish unseen (the members after a reconnect: who left meanwhile is
	 * gone). Events that arrive while the read is on its way are kept, and
	 * an answer that is older than one already shown is dropped.
	 */
	async replace(read: () => Promise<T[]>): Promise<void> {
		const n = ++this.reads;
		const log: T[] = [];
		this.logs.add(log);
		try {
			const fresh = await read();
			if (n <= this.stale) return;
			this.stale = n;
			this.items = mergeById(this.alive(fresh), this.alive(log), this.compare);
		} finally {
			this.logs.delete(log);
		}
	}

	/** Empties the list (I may no longer see it); reads on their way are dropped. */
	clear(): void {
		this.stale = this.reads;
		this.items = [];
	}

	private alive(records: readonly T[]): T[] {
		return records.filter((r) => !this.deleted.has(r.id));
	}
}
