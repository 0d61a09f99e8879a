import { describe, expect, it } from 'vitest';
import { safeNext } from './nav';

describe('safeNext', () => {
	it('keeps paths of this app and refuses other sites', () => {
		expect(safeNext('/posts/abc?x=1')).toBe('/posts/abc?x=1');
		expect(safeNext(null)).toBe('/');
		expect(safeNext('https://evil.example')).toBe('/');
		expect(safeNext('//evil.example')).toBe('/');
		expect(safeNext('/login')).toBe('/');
	});
});
