import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: {
		// In `vite dev` the app runs on its own port; the API stays same-origin
		// through this proxy, as it is when PocketBase serves the built app.
		proxy: {
			'/api': { target: 'http://127.0.0.1:8090', changeOrigin: false }
		}
	},
	test: {
		include: ['src/**/*.test.ts'],
		environment: 'node'
	}
});
