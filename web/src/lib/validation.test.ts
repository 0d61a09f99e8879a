import { describe, expect, it } from 'vitest';
import type { PostInput } from './types';
import { charCount, normaliseAddress, validateAvatar, validatePost, validateProfile, validateSignUp } from './validation';
import { neighbourhoodOf } from './address';
import { t } from './i18n/ko';

const now = new Date('2025-11-26T03:00:00Z');
const ok: PostInput = {
	title: '치킨 같이 시켜요',
	content: '',
	category: 'chicken',
	restaurant: '',
	minOrderAmount: null,
	deliveryFee: 3000,
	pickupSpot: '',
	location: null,
	deadline: '',
	targetCount: 3
};

describe('validatePost', () => {
	it('accepts a valid post', () => {
		expect(validatePost(ok, now)).toEqual({});
	});

	it('matches the server limits', () => {
		const e = validatePost(
			{
				...ok,
				title: 'a',
				content: 'x'.repeat(2001),
				category: '',
				restaurant: 'x'.repeat(61),
				pickupSpot: 'x'.repeat(61),
				minOrderAmount: 1_000_001,
				deliveryFee: 10.5,
				targetCount: 11
			},
			now
		);
		expect(Object.keys(e).sort()).toEqual(
			['category', 'content', 'deliveryFee', 'minOrderAmount', 'pickupSpot', 'restaurant', 'targetCount', 'title'].sort()
		);
		expect(validatePost({ ...ok, title: 'x'.repeat(40), targetCount: 10, deliveryFee: 100_000 }, now)).toEqual({});
		expect(validatePost({ ...ok, targetCount: 1 }, now).targetCount).toBeDefined();
	});

	it('counts characters, not UTF-16 units', () => {
		expect(charCount('🍗🍗')).toBe(2);
		expect(validatePost({ ...ok, title: '🍗🍗' }, now)).toEqual({});
	});

	it('limits the deadline to the next 7 days', () => {
		const at = (h: number) => new Date(now.getTime() + h * 3600_000).toISOString();
		expect(validatePost({ ...ok, deadline: at(1) }, now)).toEqual({});
		expect(validatePost({ ...ok, deadline: at(7 * 24) }, now)).toEqual({});
		expect(validatePost({ ...ok, deadline: at(-1) }, now).deadline).toBeDefined();
		expect(validatePost({ ...ok, deadline: at(7 * 24 + 1) }, now).deadline).toBeDefined();
	});

	it('never lets the head-count drop below who already joined', () => {
		expect(validatePost({ ...ok, targetCount: 3 }, now, 4).targetCount).toContain('4명');
	});
});

describe('validateSignUp', () => {
	it('checks every field', () => {
		const e = validateSignUp({ email: 'nope', name: 'a', password: 'short', passwordConfirm: 'other', address: ' ' });
		expect(Object.keys(e).sort()).toEqual(['address', 'email', 'name', 'password', 'passwordConfirm']);
		expect(
			validateSignUp({ email: 'a@b.co', name: '민지', password: 'password1', passwordConfirm: 'password1', address: '역삼동' })
		).toEqual({});
	});
});

describe('validateProfile', () => {
	it('asks for a missing name or address, and for 2–20 and 2–100 characters', () => {
		expect(validateProfile({ name: '  ', address: '' })).toEqual({ name: t.validation.required, address: t.validation.required });
		expect(validateProfile({ name: 'a', address: '가'.repeat(101) })).toEqual({
			name: t.validation.lengthBetween(2, 20),
			address: t.validation.lengthBetween(2, 100)
		});
		expect(validateProfile({ name: ' 민지 ', address: '  역삼동 ' })).toEqual({});
	});

	it('counts the address after collapsing white space, as the server stores it', () => {
		expect(validateProfile({ name: '민지', address: `역삼동${' '.repeat(99)}1` })).toEqual({});
	});

	it('is the check sign-up makes', () => {
		for (const input of [{ name: '', address: 'x' }, { name: '가'.repeat(21), address: '  ' }]) {
			const signUp = validateSignUp({ email: 'a@b.co', password: 'password1', passwordConfirm: 'password1', ...input });
			expect(signUp).toEqual(validateProfile(input));
		}
	});
});

describe('addresses', () => {
	it('normalises white space as the server does', () => {
		expect(normaliseAddress('  서울특별시   강남구\t역삼동 ')).toBe('서울특별시 강남구 역삼동');
	});

	it('turns a postcode result into the typed form', () => {
		expect(neighbourhoodOf({ sido: '서울', sigungu: '강남구', bname: '역삼동' })).toBe('서울특별시 강남구 역삼동');
		expect(neighbourhoodOf({ sido: '경기', sigungu: '양평군', bname1: '양평읍', bname: '양근리' })).toBe(
			'경기도 양평군 양평읍 양근리'
		);
	});
});

describe('validateAvatar', () => {
	it('accepts the server’s image types up to 5 MB', () => {
		expect(validateAvatar({ type: 'image/png', size: 1000 })).toBeNull();
		expect(validateAvatar({ type: 'image/svg+xml', size: 1000 })).not.toBeNull();
		expect(validateAvatar({ type: 'image/jpeg', size: 5 * 1024 * 1024 + 1 })).not.toBeNull();
	});
});
