/** What the service worker makes of a push message, and where a tap goes. */
import { describe, expect, it } from 'vitest';
import { readPush, safePath, tapTarget } from './push-message';

describe('readPush', () => {
	it('reads the server payload', () => {
		expect(readPush({ title: '배고파 님이 참여했어요', body: "'치킨' 2/4명", url: '/chats/p1', kind: 'joined', id: 'n1' })).toEqual({
			title: '배고파 님이 참여했어요',
			body: "'치킨' 2/4명",
			url: '/chats/p1',
			kind: 'joined',
			id: 'n1'
		});
	});
	it('shows something sensible for an empty or broken message', () => {
		expect(readPush(null)).toEqual({ title: '밀버디', body: '', url: '/notifications', kind: '', id: '' });
		expect(readPush({ title: 3, url: 'https://evil.example/' }).url).toBe('/notifications');
	});
});

describe('safePath', () => {
	it('keeps paths of the app', () => {
		expect(safePath('/posts/p1')).toBe('/posts/p1');
	});
	it('refuses other sites, however they are spelled', () => {
		for (const url of ['https://evil.example/', '//evil.example/', '/\\evil.example/', 'javascript:alert(1)', ''])
			expect(safePath(url)).toBe('/notifications');
	});
});

describe('tapTarget', () => {
	it('opens the page with the notification named, so that the app marks it read', () => {
		expect(tapTarget({ url: '/chats/p1', id: 'n1' }, 'http://127.0.0.1:8090')).toBe('http://127.0.0.1:8090/chats/p1?notice=n1');
	});
	it('without an id, just the page', () => {
		expect(tapTarget({ url: '/posts/p1', id: '' }, 'https://mealbuddy.example')).toBe('https://mealbuddy.example/posts/p1');
	});
});
