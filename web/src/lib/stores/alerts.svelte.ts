/**
 * My craving alerts ("배고플 때 알려줘", SPEC §7): read when the profile
 * opens, added, changed and removed there. The server keeps at most ten
 * (too_many_alerts) and sets the owner, the neighbourhood and "any"
 * weather; this keeps the list in the server's words.
 */
import { alertBody } from '$lib/alerts';
import { explainError, type ErrorView } from '$lib/errors';
import { oldestFirst } from '$lib/merge';
import { pb } from '$lib/pb';
import type { Alert, AlertInput } from '$lib/types';

export class Alerts {
	items = $state<Alert[]>([]);
	loading = $state(true);
	error = $state<ErrorView | null>(null);

	async load(): Promise<void> {
		this.loading = true;
		try {
			this.items = await pb.collection('alerts').getFullList<Alert>({ sort: 'created,id' });
			this.error = null;
		} catch (err) {
			this.error = explainError(err);
		} finally {
			this.loading = false;
		}
	}

	/** Adds an alert; throws the server's refusal (too_many_alerts, a bad hour). */
	async add(input: AlertInput): Promise<void> {
		const created = await pb.collection('alerts').create<Alert>(alertBody(input));
		this.items = [...this.items.filter((a) => a.id !== created.id), created].sort(oldestFirst);
	}

	async update(id: string, input: AlertInput): Promise<void> {
		const updated = await pb.collection('alerts').update<Alert>(id, alertBody(input));
		this.items = this.items.map((a) => (a.id === id ? updated : a));
	}

	async remove(id: string): Promise<void> {
		await pb.collection('alerts').delete(id);
		this.items = this.items.filter((a) => a.id !== id);
	}
}
