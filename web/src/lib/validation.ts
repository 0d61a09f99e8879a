/**
 * Client-side checks that mirror the server's limits (SPEC.md §1), so that
 * a neighbour hears about a mistake before sending. The server stays the
 * authority: its answer is shown when it disagrees.
 */
import { isCategory } from './categories';
import { t } from './i18n/ko';
import type { PostInput } from './types';

export const LIMITS = {
	title: { min: 2, max: 40 },
	content: { max: 2000 },
	restaurant: { max: 60 },
	pickupSpot: { max: 60 },
	minOrderAmount: { min: 0, max: 1_000_000 },
	deliveryFee: { min: 0, max: 100_000 },
	targetCount: { min: 2, max: 10 },
	deadlineDays: 7,
	name: { min: 2, max: 20 },
	address: { min: 2, max: 100 },
	password: { min: 8 },
	message: { max: 1000 },
	banReason: { max: 200 },
	menuWish: { max: 500 },
	avatarBytes: 5 * 1024 * 1024
} as const;

export const AVATAR_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;

export type Errors = Record<string, string>;

/** Length as the server counts it: in characters (code points), not UTF-16 units. */
export function charCount(s: string): number {
	return [...s].length;
}

function checkLength(errors: Errors, field: string, value: string, min: number, max: number, required: boolean) {
	const n = charCount(value.trim());
	if (n === 0) {
		if (required) errors[field] = t.validation.required;
		return;
	}
	if (n < min || n > max) {
		errors[field] = min > 0 ? t.validation.lengthBetween(min, max) : t.validation.lengthMax(max);
	}
}

function checkInt(errors: Errors, field: string, value: number | null, min: number, max: number) {
	if (value === null) return;
	if (!Number.isInteger(value) || value < min || value > max) {
		errors[field] = t.validation.intBetween(min, max);
	}
}

/** validatePost checks a post form; joined is the current head-count when editing. */
export function validatePost(input: PostInput, now: Date, joined = 1): Errors {
	const errors: Errors = {};
	checkLength(errors, 'title', input.title, LIMITS.title.min, LIMITS.title.max, true);
	checkLength(errors, 'content', input.content, 0, LIMITS.content.max, false);
	checkLength(errors, 'restaurant', input.restaurant, 0, LIMITS.restaurant.max, false);
	checkLength(errors, 'pickupSpot', input.pickupSpot, 0, LIMITS.pickupSpot.max, false);
	if (!isCategory(input.category)) errors.category = t.validation.categoryRequired;
	checkInt(errors, 'minOrderAmount', input.minOrderAmount, LIMITS.minOrderAmount.min, LIMITS.minOrderAmount.max);
	checkInt(errors, 'deliveryFee', input.deliveryFee, LIMITS.deliveryFee.min, LIMITS.deliveryFee.max);

	if (!Number.isInteger(input.targetCount) || input.targetCount < LIMITS.targetCount.min || input.targetCount > LIMITS.targetCount.max) {
		errors.targetCount = t.validation.intBetween(LIMITS.targetCount.min, LIMITS.targetCount.max);
	} else if (input.targetCount < joined) {
		errors.targetCount = t.validation.targetBelowJoined(joined);
	}

	if (input.deadline) {
		const d = new Date(input.deadline);
		const max = now.getTime() + LIMITS.deadlineDays * 24 * 60 * 60 * 1000;
		if (Number.isNaN(d.getTime()) || d.getTime() <= now.getTime() || d.getTime() > max) {
			errors.deadline = t.validation.deadlineRange;
		}
	}
	return errors;
}

export interface SignUpInput extends ProfileInput {
	email: string;
	password: string;
	passwordConfirm: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateSignUp(input: SignUpInput): Errors {
	const errors: Errors = {};
	if (!input.email.trim()) errors.email = t.validation.required;
	else if (!EMAIL.test(input.email.trim())) errors.email = t.validation.email;
	Object.assign(errors, validateProfile(input), validateNewPassword(input.password, input.passwordConfirm));
	return errors;
}

/** The user's own fields that sign-up and the profile page both edit. */
export interface ProfileInput {
	name: string;
	address: string;
}

/** validateProfile checks the display name and the neighbourhood, for sign-up and the profile page alike. */
export function validateProfile(input: ProfileInput): Errors {
	const errors: Errors = {};
	checkLength(errors, 'name', input.name, LIMITS.name.min, LIMITS.name.max, true);
	checkLength(errors, 'address', normaliseAddress(input.address), LIMITS.address.min, LIMITS.address.max, true);
	return errors;
}

export function validateNewPassword(password: string, confirm: string, field = 'password', confirmField = 'passwordConfirm'): Errors {
	const errors: Errors = {};
	if (!password) errors[field] = t.validation.required;
	else if (charCount(password) < LIMITS.password.min) errors[field] = t.validation.passwordMin;
	if (!confirm) errors[confirmField] = t.validation.required;
	else if (password !== confirm) errors[confirmField] = t.validation.passwordMismatch;
	return errors;
}

/** Collapses white space as the server does, so that the preview matches. */
export function normaliseAddress(s: string): string {
	return s.trim().split(/\s+/).filter(Boolean).join(' ');
}

/** Checks an avatar file before upload (type and size of the users.avatar field). */
export function validateAvatar(file: { type: string; size: number }): string | null {
	if (!(AVATAR_TYPES as readonly string[]).includes(file.type)) return t.validation.fileType;
	if (file.size > LIMITS.avatarBytes) return t.validation.fileSize;
	return null;
}
