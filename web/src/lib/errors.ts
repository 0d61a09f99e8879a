/**
 * Turns whatever a request threw into Korean text for the screen: one
 * message for the form and, for the fields the form shows, a message next
 * to each field. Codes come from SPEC.md (`data.<field>.code`) and from
 * PocketBase's own validators.
 */
import { t } from './i18n/ko';

export interface ErrorView {
	/** HTTP status; 0 when the server could not be reached. */
	status: number;
	/** The first code found in the response data, if any. */
	code: string;
	/** Text for the whole form or screen. */
	message: string;
	/** Text per shown field, keyed by field name. */
	fields: Record<string, string>;
}

interface FieldError {
	code?: string;
	message?: string;
}

/** The parts of the SDK's ClientResponseError we read (kept structural for tests). */
interface ResponseErrorLike {
	status?: number;
	isAbort?: boolean;
	response?: { data?: Record<string, FieldError>; message?: string };
}

/** Korean text for one field's code. */
export function fieldMessage(field: string, code: string): string {
	return (
		t.errors.fields[`${field}.${code}`] ??
		t.errors.codes[code] ??
		t.errors.validation[code] ??
		t.errors.invalidField
	);
}

function statusMessage(status: number): string {
	if (status === 0) return t.errors.network;
	if (status === 401) return t.errors.unauthorized;
	if (status === 403) return t.errors.forbidden;
	if (status === 404) return t.errors.notFound;
	if (status === 429) return t.errors.tooMany;
	if (status >= 500) return t.errors.server;
	return t.errors.unknown;
}

/**
 * explainError maps err for a form that shows `shownFields` inline.
 * Errors on other fields (e.g. the business codes on `post`) become the
 * form message, so that nothing the server said is lost.
 */
export function explainError(err: unknown, shownFields: readonly string[] = []): ErrorView {
	const e = (typeof err === 'object' && err !== null ? err : {}) as ResponseErrorLike;
	const status = typeof e.status === 'number' ? e.status : 0;
	const data = e.response?.data ?? {};

	const fields: Record<string, string> = {};
	let code = '';
	let formMessage = '';
	for (const [field, value] of Object.entries(data)) {
		if (!value || typeof value !== 'object' || typeof value.code !== 'string') continue;
		code ||= value.code;
		const text = fieldMessage(field, value.code);
		if (shownFields.includes(field)) {
			fields[field] = text;
		} else if (!formMessage) {
			formMessage = text;
		}
	}

	let message = formMessage;
	if (!message) {
		message = Object.keys(fields).length > 0 ? t.validation.fixBelow : statusMessage(status);
	}
	return { status, code, message, fields };
}

/** Whether err is the SDK's auto-cancellation (not worth showing). */
export function isAbort(err: unknown): boolean {
	return typeof err === 'object' && err !== null && (err as ResponseErrorLike).isAbort === true;
}

/** The HTTP status of err, 0 when unknown or unreachable. */
export function statusOf(err: unknown): number {
	const s = (err as ResponseErrorLike | null)?.status;
	return typeof s === 'number' ? s : 0;
}
