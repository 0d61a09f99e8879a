/**
 * Short notices ("모임에 참여했어요", "방장이 나를 내보냈어요") that survive a
 * navigation, shown by the layout in a polite live region. Used instead of
 * alert(): nothing blocks the page.
 */
export type ToastKind = 'info' | 'success' | 'error';

export interface Toast {
	id: number;
	kind: ToastKind;
	text: string;
}

class Toasts {
	items = $state<Toast[]>([]);
	private next = 1;

	show(text: string, kind: ToastKind = 'info', ms = 5000): void {
		const id = this.next++;
		this.items = [...this.items, { id, kind, text }];
		if (ms > 0) setTimeout(() => this.dismiss(id), ms);
	}

	dismiss(id: number): void {
		this.items = this.items.filter((x) => x.id !== id);
	}
}

export const toasts = new Toasts();
