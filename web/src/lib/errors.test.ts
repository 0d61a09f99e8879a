import { ClientResponseError } from 'pocketbase';
import { describe, expect, it } from 'vitest';
import { explainError, fieldMessage, isAbort } from './errors';

/** Builds the error the SDK throws for a JSON error response. */
function apiError(status: number, data: Record<string, { code: string; message: string }>, message = 'x') {
	return new ClientResponseError({ status, url: '/api/x', response: { status, message, data } });
}

describe('explainError', () => {
	it('maps the business codes of SPEC.md to Korean', () => {
		const cases: Array<[string, string]> = [
			['post_full', '인원이 가득 찼어요.'],
			['post_closed', '모집이 끝난 글이에요.'],
			['banned', '방장이 내보낸 모임이라 다시 참여할 수 없어요.'],
			['deadline_passed', '마감 시간이 지났어요.'],
			['already_member', '이미 참여 중이에요.'],
			['host_cannot_leave', '방장은 나갈 수 없어요. 모집을 마감하거나 글을 삭제해 주세요.']
		];
		for (const [code, text] of cases) {
			const v = explainError(apiError(400, { post: { code, message: 'english' } }));
			expect(v.code).toBe(code);
			expect(v.message).toBe(text);
			expect(v.fields).toEqual({});
		}
	});

	it('puts field errors next to the fields the form shows', () => {
		const err = apiError(400, {
			email: { code: 'validation_not_unique', message: 'Value must be unique' },
			name: { code: 'validation_min_text_constraint', message: 'Must be at least 2 character(s).' }
		});
		const v = explainError(err, ['email', 'name', 'password']);
		expect(v.fields).toEqual({
			email: '이미 가입된 이메일이에요.',
			name: '닉네임은 2자 이상이어야 해요.'
		});
		expect(v.message).toBe('표시된 항목을 확인해 주세요.');
	});

	it('shows an error on a field the form does not show as the form message', () => {
		const v = explainError(apiError(400, { deadline: { code: 'invalid_deadline', message: 'x' } }), ['title']);
		expect(v.fields).toEqual({});
		expect(v.message).toBe('마감 시간은 지금 이후, 7일 이내여야 해요.');
	});

	it('is gentle about rate limits', () => {
		const v = explainError(apiError(429, { body: { code: 'rate_limited', message: 'slow down' } }), ['title']);
		expect(v.status).toBe(429);
		expect(v.message).toContain('몇 초 뒤에');
		expect(explainError(apiError(429, {})).message).toBe('요청이 너무 많아요. 잠시 후 다시 시도해 주세요.');
	});

	it('explains statuses without codes', () => {
		expect(explainError(apiError(404, {})).message).toBe('찾을 수 없거나 볼 수 없는 내용이에요.');
		expect(explainError(apiError(403, {})).message).toBe('이 작업을 할 권한이 없어요.');
		expect(explainError(apiError(500, {})).message).toContain('서버에 문제가');
	});

	it('explains an unreachable server (status 0) and unknown throws', () => {
		const offline = new ClientResponseError(new TypeError('Failed to fetch'));
		expect(explainError(offline).status).toBe(0);
		expect(explainError(offline).message).toContain('서버에 연결할 수 없어요');
		expect(explainError('boom').message).toContain('서버에 연결할 수 없어요');
	});

	it('never shows the raw English message', () => {
		const v = explainError(apiError(400, { title: { code: 'some_new_code', message: 'English text' } }, 'English'), [
			'title'
		]);
		expect(v.fields.title).toBe('입력값을 확인해 주세요.');
		expect(JSON.stringify(v)).not.toContain('English');
	});
});

describe('fieldMessage', () => {
	it('prefers the field-specific text, then the code, then a generic one', () => {
		expect(fieldMessage('name', 'validation_not_unique')).toBe('이미 다른 이웃이 쓰는 닉네임이에요.');
		expect(fieldMessage('title', 'validation_not_unique')).toBe('이미 사용 중이에요.');
		expect(fieldMessage('oldPassword', 'validation_invalid_old_password')).toBe('현재 비밀번호가 맞지 않아요.');
		expect(fieldMessage('password', 'invalid_password')).toBe('비밀번호가 맞지 않아요.');
	});
});

describe('isAbort', () => {
	it('recognises auto-cancelled requests', () => {
		expect(isAbort(new ClientResponseError({ isAbort: true }))).toBe(true);
		expect(isAbort(apiError(400, {}))).toBe(false);
	});
});
