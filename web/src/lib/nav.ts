/** Where to go after signing in: only a path of this app, never another site. */
export function safeNext(next: string | null): string {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
	if (next.startsWith('/login') || next.startsWith('/signup')) return '/';
	return next;
}
