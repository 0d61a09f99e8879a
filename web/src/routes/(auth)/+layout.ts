import { redirect } from '@sveltejs/kit';
import { pb } from '$lib/pb';
import type { LayoutLoad } from './$types';

// Signed-in users have nothing to do on the sign-in and sign-up pages.
export const load: LayoutLoad = () => {
	if (pb.authStore.isValid) redirect(307, '/');
};
