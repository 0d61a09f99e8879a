/**
 * A tap on a push notification (the service worker, SPEC §7) opens its
 * page and marks it read: an open tab is told by a message, a new tab
 * finds the notification's id in its address (`?notice=<id>`), which is
 * then taken out of the address again.
 */
import { goto } from '$app/navigation';
import { isOpenNoticeMessage, NOTICE_PARAM, safePath } from '$lib/push-message';
import { notices } from '$lib/stores/notifications.svelte';

/** Follows the taps while signed in; returns the cleanup. */
export function followNoticeTaps(): () => void {
	const opened = new URL(location.href);
	const id = opened.searchParams.get(NOTICE_PARAM);
	if (id) {
		notices.markReadById(id).catch(() => {});
		opened.searchParams.delete(NOTICE_PARAM);
		goto(opened.pathname + opened.search + opened.hash, { replaceState: true, keepFocus: true, noScroll: true });
	}

	if (!('serviceWorker' in navigator)) return () => {};
	const onMessage = (e: MessageEvent) => {
		if (!isOpenNoticeMessage(e.data)) return;
		if (e.data.id) notices.markReadById(e.data.id).catch(() => {});
		goto(safePath(e.data.url));
	};
	navigator.serviceWorker.addEventListener('message', onMessage);
	return () => navigator.serviceWorker.removeEventListener('message', onMessage);
}
