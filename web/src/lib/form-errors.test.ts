import { describe, expect, it } from 'vitest';
import { FormErrors } from './form-errors.svelte';
import { t } from './i18n/ko';

const input = (attrs: { name?: string; id?: string }) => ({ target: { name: '', id: '', ...attrs } }) as unknown as Event;

describe('FormErrors', () => {
	it('forgets a field’s error as soon as that field changes, and only that one', () => {
		const form = new FormErrors();
		form.show({ email: '이미 가입된 이메일이에요.', name: '이미 다른 이웃이 쓰는 닉네임이에요.' });
		expect(form.message).toBe(t.validation.fixBelow);
		form.edited(input({ id: 'email' }));
		expect(form.fields).toEqual({ name: '이미 다른 이웃이 쓰는 닉네임이에요.' });
		expect(form.message).toBe(t.validation.fixBelow);
		form.edited(input({ id: 'password' }));
		expect(Object.keys(form.fields)).toEqual(['name']);
	});

	it('drops "fix the fields below" with the last field error, but keeps a message of its own', () => {
		const form = new FormErrors();
		form.show({ category: t.validation.categoryRequired });
		form.edited(input({ name: 'category', id: '' }));
		expect(form.any).toBe(false);
		expect(form.message).toBe('');

		form.show({ title: '너무 길어요.' }, t.errors.network);
		form.forget('title');
		expect(form.message).toBe(t.errors.network);
	});
});
