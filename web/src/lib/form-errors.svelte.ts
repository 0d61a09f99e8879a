/**
 * What a form shows as wrong: a message per field and one for the whole
 * form. An error goes away as soon as its field changes — the neighbour is
 * fixing it — and "표시된 항목을 확인해 주세요." goes with the last one.
 */
import { t } from './i18n/ko';
import type { Errors } from './validation';

export class FormErrors {
	fields = $state<Errors>({});
	message = $state('');

	/** Shows field errors (from the form's checks or explainError) and the form's message. */
	show(fields: Errors, message = Object.keys(fields).length > 0 ? t.validation.fixBelow : ''): void {
		this.fields = fields;
		this.message = message;
	}

	clear(): void {
		this.show({}, '');
	}

	get any(): boolean {
		return Object.keys(this.fields).length > 0;
	}

	/** Forgets the error of one field. */
	forget(field: string): void {
		if (!(field in this.fields)) return;
		const { [field]: _, ...rest } = this.fields;
		this.fields = rest;
		if (Object.keys(rest).length === 0 && this.message === t.validation.fixBelow) this.message = '';
	}

	/** For a form's oninput: forgets the error of the control that changed, named by its name or id. */
	readonly edited = (e: Event): void => {
		const el = e.target as Partial<HTMLInputElement> | null;
		const field = el?.name || el?.id;
		if (field) this.forget(field);
	};
}
