/** The VAPID key's base64url form, and what a subscription's JSON gives the server. */
import { describe, expect, it } from 'vitest';
import { base64UrlToBytes, bytesToBase64Url, subscriptionFields } from './push';

describe('base64UrlToBytes', () => {
	it('decodes the URL-safe alphabet without padding', () => {
		// 0xfb 0xff 0xbf is "+/+/" in plain base64, "-_-_" in base64url.
		expect([...base64UrlToBytes('-_-_')]).toEqual([0xfb, 0xff, 0xbf]);
		expect([...base64UrlToBytes('AQ')]).toEqual([1]);
		expect([...base64UrlToBytes('AQI')]).toEqual([1, 2]);
		expect([...base64UrlToBytes('AQ==')]).toEqual([1]);
	});
	it('turns a VAPID public key (as webpush-go makes it) into its 65 bytes, uncompressed P-256', () => {
		const key = 'BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U';
		const bytes = base64UrlToBytes(key);
		expect(bytes.length).toBe(65);
		expect(bytes[0]).toBe(0x04);
		expect(bytesToBase64Url(bytes)).toBe(key);
	});
	it('round-trips every byte value', () => {
		const all = Uint8Array.from({ length: 256 }, (_, i) => i);
		expect([...base64UrlToBytes(bytesToBase64Url(all))]).toEqual([...all]);
		expect(bytesToBase64Url(all)).not.toMatch(/[+/=]/);
	});
});

describe('subscriptionFields', () => {
	it('takes the endpoint and the keys', () => {
		expect(subscriptionFields({ endpoint: 'https://push.example/abc', keys: { p256dh: 'P', auth: 'A' } })).toEqual({
			endpoint: 'https://push.example/abc',
			p256dh: 'P',
			auth: 'A'
		});
	});
	it('refuses a subscription without keys', () => {
		expect(subscriptionFields({ endpoint: 'https://push.example/abc' })).toBeNull();
		expect(subscriptionFields({ keys: { p256dh: 'P', auth: 'A' } })).toBeNull();
	});
});
