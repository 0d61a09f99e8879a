/**
 * The board's query and how realtime events change a loaded board. Pure, so
 * that the merging rules are unit-tested without a server.
 */
import { isCategory, type CategoryKey } from './categories';
import { mergeById, newestFirst, removeById, replaceIfPresent } from './merge';
import { pb } from './pb';
import type { Post } from './types';

export interface BoardFilter {
	category: CategoryKey | '';
	/** false: only `recruiting` (모집중); true: every status (마감 포함). */
	includeClosed: boolean;
	/** Search in titles and restaurant names, trimmed. */
	q: string;
}

/**
 * The board's filter lives in the URL (`/?category=chicken&all=1&q=치킨`),
 * so that a menu suggestion can link to a category and Back undoes a
 * filter change: each change is a history entry.
 */
export const BOARD_PARAMS = { category: 'category', includeClosed: 'all', q: 'q' } as const;

/** The filter a board URL's query asks for; unknown values mean "no filter". */
export function filterFromURL(params: URLSearchParams): BoardFilter {
	const category = params.get(BOARD_PARAMS.category);
	return {
		category: isCategory(category) ? category : '',
		includeClosed: params.get(BOARD_PARAMS.includeClosed) === '1',
		q: (params.get(BOARD_PARAMS.q) ?? '').trim()
	};
}

/**
 * The board URL (path and query) with the given parts of the filter
 * changed, or null when the filter it asks for stays the same (tapping the
 * chip already chosen adds no history entry).
 */
export function boardHref(url: URL, changes: Partial<BoardFilter>): string | null {
	const next = { ...filterFromURL(url.searchParams), ...changes };
	const params = new URLSearchParams(url.searchParams);
	const set = (key: string, value: string) => (value ? params.set(key, value) : params.delete(key));
	set(BOARD_PARAMS.category, next.category);
	set(BOARD_PARAMS.includeClosed, next.includeClosed ? '1' : '');
	set(BOARD_PARAMS.q, next.q.trim());
	const search = params.toString();
	const href = `${url.pathname}${search ? `?${search}` : ''}`;
	return href === `${url.pathname}${url.search}` ? null : href;
}

export const PAGE_SIZE = 20;

/**
 * The list filter for one page. The server's list rule already limits the
 * board to the caller's address; `created < cursor` pages by keyset, so that
 * posts arriving or vanishing live never shift the next page.
 */
export function boardFilter(f: BoardFilter, cursor?: string): string {
	const parts: string[] = [];
	if (f.category) parts.push('category = {:category}');
	if (!f.includeClosed) parts.push('status = "recruiting"');
	// A search (q) goes to the search route instead: see searchQuery.
	if (cursor) parts.push('created < {:cursor}');
	return pb.filter(parts.join(' && '), { category: f.category, cursor });
}

/**
 * The query of GET /api/mealbuddy/search for one page of a searched board:
 * the search index answers q, with the board's other filters and cursor.
 */
export function searchQuery(f: BoardFilter, perPage: number, cursor?: string): Record<string, string> {
	const query: Record<string, string> = { q: f.q, perPage: String(perPage) };
	if (f.category) query.category = f.category;
	if (f.includeClosed) query.includeClosed = '1';
	if (cursor) query.before = cursor;
	return query;
}

/** Whether a post belongs on a board with filter f. */
export function matchesBoard(post: Post, f: BoardFilter): boolean {
	if (f.category && post.category !== f.category) return false;
	if (!f.includeClosed && post.status !== 'recruiting') return false;
	if (f.q) {
		const q = f.q.toLocaleLowerCase();
		if (![post.title, post.restaurant].some((s) => s.toLocaleLowerCase().includes(q))) return false;
	}
	return true;
}

/**
 * applyBoardEvent returns the board after one realtime event.
 *
 * - create: the post is added when it matches the filter.
 * - update: a post already shown is updated in place, even when it no
 *   longer matches (a card never jumps away under the reader's finger; its
 *   badge says it is full or closed). A post not shown is added when it now
 *   matches and falls inside the loaded range (or everything is loaded).
 * - delete: the post vanishes.
 */
export function applyBoardEvent(
	list: readonly Post[],
	action: string,
	post: Post,
	f: BoardFilter,
	complete: boolean
): Post[] {
	if (action === 'delete') return removeById(list, post.id);
	const shown = list.some((p) => p.id === post.id);
	if (shown) return replaceIfPresent(list, post);
	if (!matchesBoard(post, f)) return [...list];
	const oldest = list.at(-1);
	const inRange = complete || !oldest || action === 'create' || post.created >= oldest.created;
	return inRange ? mergeById(list, [post], newestFirst) : [...list];
}
