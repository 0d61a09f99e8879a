import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// The server (PocketBase) serves the built app from pb_public/ and
		// answers every unknown path with index.html, so the app is a pure SPA.
		adapter: adapter({
			pages: '../pb_public',
			assets: '../pb_public',
			fallback: 'index.html',
			strict: true
		})
	}
};

export default config;
