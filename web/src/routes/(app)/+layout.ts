import { redirect } from '@sveltejs/kit';
import { pb } from '$lib/pb';
import type { LayoutLoad } from './$types';

// Every screen in (app) needs a signed-in neighbour.
export const load: LayoutLoad = ({ url }) => {
	if (!pb.authStore.isValid) {
		redirect(307, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	}
};
