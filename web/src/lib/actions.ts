/** Svelte actions shared by the screens. */

/**
 * inview calls fn whenever the element scrolls into view (with a margin,
 * so that the next page is on its way before the reader gets there).
 */
export function inview(node: HTMLElement, fn: () => void) {
	let callback = fn;
	const observer = new IntersectionObserver(
		(entries) => {
			if (entries.some((e) => e.isIntersecting)) callback();
		},
		{ rootMargin: '400px 0px' }
	);
	observer.observe(node);
	return {
		update(next: () => void) {
			callback = next;
		},
		destroy() {
			observer.disconnect();
		}
	};
}
