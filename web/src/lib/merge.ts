/**
 * Keeping lists current from realtime events and pages that overlap: every
 * record appears once (by id), in a stable order. The same record can reach
 * the screen twice — from the create response and from its realtime event,
 * or from a page re-read after a reconnect — and must not be shown twice.
 */

export interface Dated {
	id: string;
	created: string;
}

/** Newest first; ties on the millisecond broken by id, as the keyset pages are. */
export function newestFirst(a: Dated, b: Dated): number {
	if (a.created !== b.created) return a.created < b.created ? 1 : -1;
	return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Oldest first (chat order on screen). */
export function oldestFirst(a: Dated, b: Dated): number {
	return -newestFirst(a, b);
}

/**
 * mergeById returns list with incoming records added or replacing the ones
 * with the same id, sorted by compare. Records are compared by `updated`
 * when both carry it, so that a late, older copy never overwrites a newer one.
 */
export function mergeById<T extends Mergeable>(
	list: readonly T[],
	incoming: readonly T[],
	compare: (a: T, b: T) => number
): T[] {
	const byId = new Map<string, T>();
	for (const item of list) byId.set(item.id, item);
	for (const item of incoming) {
		const current = byId.get(item.id);
		byId.set(item.id, current ? newer(current, item) : item);
	}
	return [...byId.values()].sort(compare);
}

/** The fields merging looks at. */
export interface Mergeable {
	id: string;
	updated?: string;
	expand?: object;
}

/**
 * newer picks the fresher of two copies of one record. A realtime copy may
 * come without the expanded relations the list was loaded with (names,
 * avatars): those are kept.
 */
export function newer<T extends Mergeable>(current: T, item: T): T {
	if (current.updated && item.updated && item.updated < current.updated) return current;
	if (current.expand && !item.expand) return { ...item, expand: current.expand };
	return item;
}

/** removeById returns list without the record with id. */
export function removeById<T extends { id: string }>(list: readonly T[], id: string): T[] {
	return list.filter((item) => item.id !== id);
}

/** replaceIfPresent swaps in a newer copy of a record already in list, and nothing else. */
export function replaceIfPresent<T extends Mergeable>(list: readonly T[], item: T): T[] {
	return list.map((x) => (x.id === item.id ? newer(x, item) : x));
}
