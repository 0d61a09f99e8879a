/**
 * The Daum (Kakao) postcode widget, loaded only when a neighbour asks for
 * it. The page never waits for it: when it cannot be loaded (offline, a
 * blocker, a network without the CDN) the address is simply typed.
 */
import type { PostcodeResult } from './address';

const SCRIPT_URL = 'https://t1.daumcdn.net/mapjsapi/bundle/postcode/prod/postcode.v2.js';
const TIMEOUT_MS = 6000;

interface PostcodeOptions {
	oncomplete: (data: PostcodeResult) => void;
	width?: string;
	height?: string;
}

interface PostcodeWidget {
	embed(el: HTMLElement, opts?: { autoClose?: boolean }): void;
}

interface DaumGlobal {
	Postcode: new (opts: PostcodeOptions) => PostcodeWidget;
}

declare global {
	interface Window {
		daum?: DaumGlobal;
	}
}

let loading: Promise<DaumGlobal> | null = null;

/** loadPostcode resolves with the widget's global, or rejects within TIMEOUT_MS. */
export function loadPostcode(): Promise<DaumGlobal> {
	if (window.daum?.Postcode) return Promise.resolve(window.daum);
	if (loading) return loading;
	loading = new Promise<DaumGlobal>((resolve, reject) => {
		const script = document.createElement('script');
		script.src = SCRIPT_URL;
		script.async = true;
		const timer = setTimeout(() => fail(new Error('postcode timeout')), TIMEOUT_MS);
		function fail(err: Error) {
			clearTimeout(timer);
			script.remove();
			loading = null; // a later click may try again
			reject(err);
		}
		script.onload = () => {
			clearTimeout(timer);
			if (window.daum?.Postcode) resolve(window.daum);
			else fail(new Error('postcode missing'));
		};
		script.onerror = () => fail(new Error('postcode failed'));
		document.head.appendChild(script);
	});
	return loading;
}
