/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The service worker (SvelteKit registers it): it shows the server's Web
 * Push messages and opens the right page when one is tapped (SPEC §7),
 * and it serves the app shell, so that a reload while the server cannot
 * be reached shows the app's own "서버에 연결할 수 없어요 · 다시 시도"
 * page instead of the browser's error.
 *
 * The API (/api/) and the dashboard (/_/) are never cached or answered
 * here: every record read goes to the server, and a stale answer is
 * never shown as the truth.
 */
import { build, files, version } from '$service-worker';
import { readPush, safePath, tapTarget, type OpenNoticeMessage } from '$lib/push-message';

const sw = self as unknown as ServiceWorkerGlobalScope;

/** One cache per build: the new worker's install fills it, its activation drops the old ones. */
const CACHE = `mealbuddy-shell-${version}`;
/**
 * The app shell: the server answers every app route with index.html
 * (routes/webapp.go), so "/" is the page every navigation falls back to.
 */
const SHELL = '/';
/** The built scripts and styles and the static files (not .gitkeep and the like): fixed for this build. */
const ASSETS = new Set([...build, ...files.filter((f) => !/\/\.[^/]*$/.test(f))]);

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			// no-cache: the shell of this build, not a copy the HTTP cache kept.
			await cache.addAll([new Request(SHELL, { cache: 'no-cache' }), ...ASSETS]);
			await sw.skipWaiting();
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
			// Take over the open tabs, so that the first visit's tab is covered too.
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/_/')) return;

	if (request.mode === 'navigate') {
		event.respondWith(navigate(request));
	} else if (ASSETS.has(url.pathname)) {
		event.respondWith(asset(request));
	}
});

/** Network first, so that online the newest app loads; the cached shell when the server is unreachable. */
async function navigate(request: Request): Promise<Response> {
	try {
		return await fetch(request);
	} catch (err) {
		const shell = await caches.match(SHELL, { cacheName: CACHE, ignoreVary: true });
		if (shell) return shell;
		throw err;
	}
}

/**
 * A file of this build: from the cache, else from the network. The server
 * answers with `Vary: Origin`, and a module script is asked for with an
 * Origin that the worker's own install requests lacked: the copy is the
 * same file all the same.
 */
async function asset(request: Request): Promise<Response> {
	return (await caches.match(request, { cacheName: CACHE, ignoreVary: true })) ?? fetch(request);
}

sw.addEventListener('push', (event) => {
	let json: unknown = null;
	try {
		json = event.data?.json();
	} catch {
		// Not JSON: shown with the app's name, opening the notifications page.
	}
	const p = readPush(json);
	event.waitUntil(
		sw.registration.showNotification(p.title, {
			body: p.body,
			data: { url: p.url, id: p.id },
			// One notification per record: a repeated delivery replaces it.
			tag: p.id || undefined,
			lang: 'ko',
			icon: '/icon-192.png',
			badge: '/icon-192.png'
		})
	);
});

sw.addEventListener('notificationclick', (event) => {
	event.notification.close();
	const data = (event.notification.data ?? {}) as { url?: string; id?: string };
	event.waitUntil(open({ url: safePath(data.url ?? ''), id: data.id ?? '' }));
});

/**
 * open shows the notification's page: an open tab of the app is focused
 * and told to go there (it marks the notification read); without one, a
 * new tab opens it, with the notification's id in the address.
 */
async function open(p: { url: string; id: string }): Promise<void> {
	const tabs = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
	const tab = tabs.find((c) => new URL(c.url).origin === sw.location.origin);
	if (tab) {
		const message: OpenNoticeMessage = { type: 'mealbuddy:open-notice', url: p.url, id: p.id };
		tab.postMessage(message);
		await tab.focus();
		return;
	}
	await sw.clients.openWindow(tapTarget(p, sw.location.origin));
}
