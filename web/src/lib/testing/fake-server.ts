/**
 * An in-memory stand-in for the PocketBase client, for the store tests:
 * records per collection behind the calls the stores make (getOne,
 * getFullList, getList, create, update, delete, subscribe), realtime events
 * to the stores' subscriptions, and the two things a network does to them:
 * it drops events while the stream is down (offline, then reconnect) and it
 * delivers answers late (hold). Filters are the SDK's own pb.filter; the
 * fake understands the few shapes the stores build (`field = "v"` joined by
 * `&&`, and the messages' keyset on created and id).
 */
import PocketBase, { ClientResponseError, type RecordSubscription } from 'pocketbase';

export interface FakeRecord {
	id: string;
	created: string;
	updated: string;
	expand?: object;
}

type Listener = (e: RecordSubscription<FakeRecord>) => void;

interface Subscription {
	collection: string;
	topic: string;
	fn: Listener;
	filter?: string;
	expand?: string;
}

interface Options {
	filter?: string;
	sort?: string;
	expand?: string;
}

const sdk = new PocketBase('/');
const EPOCH = Date.parse('2025-01-01T00:00:00.000Z');

/** A PocketBase date string, n milliseconds after a fixed start. */
export function stamp(n: number): string {
	return new Date(EPOCH + n).toISOString().replace('T', ' ');
}

export class FakeServer {
	/** While false, events are lost: the realtime stream is down. */
	online = true;

	private readonly tables = new Map<string, Map<string, FakeRecord>>();
	private readonly subs = new Set<Subscription>();
	private readonly connectFns = new Set<() => void>();
	private gate: Promise<void> | null = null;
	private readonly failures = new Map<string, { status: number; stored: boolean }>();
	private tick = 0;
	private ids = 0;

	/** The record services and the realtime service behind `pb` below. */
	readonly client = {
		collection: (name: string) => this.service(name),
		realtime: {
			onDisconnect: undefined as ((active: string[]) => void) | undefined,
			subscribe: async (topic: string, fn: () => void) => {
				if (topic !== 'PB_CONNECT') throw new Error(`fake realtime: unexpected topic ${topic}`);
				this.connectFns.add(fn);
				return async () => void this.connectFns.delete(fn);
			}
		}
	};

	/** The next time stamp: every write is later than the one before. */
	now(): string {
		return stamp(++this.tick);
	}

	/** Stores a record as it is (no event): what was there before the screen opened. */
	seed<T extends FakeRecord>(collection: string, record: T): T {
		this.table(collection).set(record.id, record);
		return record;
	}

	/** Creates a record, as a client or a hook would, and tells the subscribers. */
	insert<T extends FakeRecord>(collection: string, fields: Omit<T, 'id' | 'created' | 'updated'> & { id?: string }): T {
		const at = this.now();
		const record = { id: `r${++this.ids}`, created: at, updated: at, ...fields } as unknown as T;
		this.table(collection).set(record.id, record);
		this.emit(collection, 'create', record);
		return record;
	}

	/** Changes a record and tells the subscribers. */
	change<T extends FakeRecord>(collection: string, id: string, fields: Partial<T>): T {
		const current = this.table(collection).get(id);
		if (!current) throw new Error(`fake: no ${collection}/${id}`);
		const record = { ...current, ...fields, updated: this.now() } as T;
		this.table(collection).set(id, record);
		this.emit(collection, 'update', record);
		return record;
	}

	/** Deletes a record and tells the subscribers. */
	remove(collection: string, id: string): void {
		const record = this.table(collection).get(id);
		if (!record) throw new Error(`fake: no ${collection}/${id}`);
		this.table(collection).delete(id);
		this.emit(collection, 'delete', record);
	}

	/** Sends an event as it is, whatever the table holds: a duplicate, or one that comes late. */
	emit(collection: string, action: string, record: FakeRecord): void {
		if (!this.online) return;
		for (const s of this.subs) {
			if (s.collection !== collection || (s.topic !== '*' && s.topic !== record.id)) continue;
			if (s.filter && !matches(s.filter, record)) continue;
			s.fn({ action, record: shape(record, s.expand) });
		}
	}

	/** The stream comes back: the SDK re-subscribes and fires PB_CONNECT. */
	connect(): void {
		this.online = true;
		for (const fn of this.connectFns) fn();
	}

	/**
	 * Holds the answers of the reads started from now on: each is taken
	 * when asked (the server's snapshot) and delivered when the returned
	 * function is called.
	 */
	hold(): () => void {
		let open!: () => void;
		const gate = new Promise<void>((resolve) => (open = resolve));
		this.gate = gate;
		return () => {
			if (this.gate === gate) this.gate = null;
			open();
		};
	}

	/**
	 * Makes the next create in collection fail with status (0: the network
	 * dropped it). With stored, the record is stored first and only the
	 * answer is lost, as when a phone loses its signal mid-request.
	 */
	failNextCreate(collection: string, status = 0, stored = false): void {
		this.failures.set(collection, { status, stored });
	}

	/** The records of a collection, oldest first. */
	all<T extends FakeRecord>(collection: string): T[] {
		return [...this.table(collection).values()].sort(byCreated) as T[];
	}

	/** How many subscriptions the stores hold now. */
	get subscriptions(): number {
		return this.subs.size;
	}

	private table(name: string): Map<string, FakeRecord> {
		let t = this.tables.get(name);
		if (!t) this.tables.set(name, (t = new Map()));
		return t;
	}

	private async answer<T>(read: () => T): Promise<T> {
		const value = read();
		if (this.gate) await this.gate;
		return value;
	}

	private list(collection: string, o: Options = {}): FakeRecord[] {
		const rows = this.all(collection).filter((r) => !o.filter || matches(o.filter, r));
		if (o.sort?.startsWith('-')) rows.reverse();
		return rows.map((r) => shape(r, o.expand));
	}

	private service(collection: string) {
		return {
			getOne: (id: string, o: Options = {}) =>
				this.answer(() => {
					const r = this.table(collection).get(id);
					if (!r) throw new ClientResponseError({ status: 404 });
					return shape(r, o.expand);
				}),
			getFullList: (o?: Options) => this.answer(() => this.list(collection, o)),
			getList: (_page: number, size: number, o?: Options) =>
				this.answer(() => ({ items: this.list(collection, o).slice(0, size) })),
			create: async (fields: { id?: string }, o: Options = {}) => {
				const failure = this.failures.get(collection);
				this.failures.delete(collection);
				if (failure && !failure.stored) throw new ClientResponseError({ status: failure.status });
				// PocketBase refuses an id that is taken.
				if (fields.id && this.table(collection).has(fields.id)) {
					throw new ClientResponseError({ status: 400, response: { data: { id: { code: 'validation_invalid_value' } } } });
				}
				const record = shape(this.insert(collection, fields), o.expand);
				if (failure) throw new ClientResponseError({ status: failure.status });
				return record;
			},
			update: async (id: string, fields: object, o: Options = {}) => shape(this.change(collection, id, fields), o.expand),
			delete: async (id: string) => this.remove(collection, id),
			subscribe: async (topic: string, fn: Listener, o: Options = {}) => {
				const s: Subscription = { collection, topic, fn, filter: o.filter, expand: o.expand };
				this.subs.add(s);
				return async () => void this.subs.delete(s);
			}
		};
	}
}

function byCreated(a: FakeRecord, b: FakeRecord): number {
	if (a.created !== b.created) return a.created < b.created ? -1 : 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A copy as the API answers it: expanded relations only when asked for. */
function shape(r: FakeRecord, expand?: string): FakeRecord {
	const { expand: relations, ...fields } = r;
	return expand && relations ? { ...fields, expand: relations } : { ...fields };
}

const KEYSET = /\(created ([<>]) "([^"]*)" \|\| \(created = "[^"]*" && id [<>] "([^"]*)"\)\)/;

/** Whether r passes a filter of the shapes the stores build. */
function matches(filter: string, r: FakeRecord): boolean {
	let rest = filter;
	const keyset = KEYSET.exec(filter);
	if (keyset) {
		const [whole, op, created, id] = keyset;
		const order = byCreated(r, { id, created, updated: '' });
		if (op === '<' ? order >= 0 : order <= 0) return false;
		rest = filter.replace(whole, '');
	}
	for (const [, field, value] of rest.matchAll(/(\w+) = "([^"]*)"/g)) {
		if ((r as unknown as Record<string, unknown>)[field] !== value) return false;
	}
	return true;
}

let current = new FakeServer();

/** Starts every store test on an empty server; returns it. */
export function freshServer(): FakeServer {
	current = new FakeServer();
	return current;
}

/**
 * The `pb` of `$lib/pb` under `vi.mock('$lib/pb', () => import('$lib/testing/fake-server'))`:
 * it talks to the server freshServer() made last.
 */
export const pb = {
	filter: sdk.filter.bind(sdk),
	collection: (name: string) => current.client.collection(name),
	get realtime() {
		return current.client.realtime;
	}
};
