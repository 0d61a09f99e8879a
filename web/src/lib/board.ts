/**
 * The board's query and how realtime events change a loaded board. Pure, so
 * that the merging rules are unit-tested without a server.
 */
import type { CategoryKey } from './categories';
import { mergeById, newestFirst, removeById, replaceIfPresent } from './merge';
import { pb } from './pb';
import type { Post } from './types';

export interface BoardFilter {
	category: CategoryKey | '';
	/** false: only `recruiting` (모집중); true: every status (마감 포함). */
	includeClosed: boolean;
	/** Title search, trimmed. */
	q: string;
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
	if (f.q) parts.push('title ~ {:q}');
	if (cursor) parts.push('created < {:cursor}');
	return pb.filter(parts.join(' && '), { category: f.category, q: f.q, cursor });
}

/** Whether a post belongs on a board with filter f. */
export function matchesBoard(post: Post, f: BoardFilter): boolean {
	if (f.category && post.category !== f.category) return false;
	if (!f.includeClosed && post.status !== 'recruiting') return false;
	if (f.q && !post.title.toLocaleLowerCase().includes(f.q.toLocaleLowerCase())) return false;
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
