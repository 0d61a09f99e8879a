/** Shared steps of the browser tests, in the words of the UI (lib/i18n/ko.ts). */
import { expect, type APIRequestContext, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from '@playwright/test';
import { ko as t } from '../src/lib/i18n/ko';

export { t };

/** 역삼동, roughly: where the test neighbours live. */
export const YEOKSAM = { latitude: 37.5006, longitude: 127.0364 };

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

export interface TestUser {
	email: string;
	name: string;
	password: string;
	address: string;
}

let counter = 0;

/** A unique neighbour; names stay within the server's 2–20 characters. */
export function newUser(label: string, address: string): TestUser {
	counter += 1;
	const id = `${Date.now().toString(36).slice(-5)}${counter}`;
	return { email: `${label}-${id}@example.com`, name: `${label}${id}`.slice(0, 20), password: 'password123', address };
}

/** A neighbourhood no other test shares, so that boards start empty. */
export function newNeighbourhood(): string {
	return `서울특별시 강남구 역삼동 테스트${Date.now().toString(36)}${++counter}`;
}

/** A fresh browser; `extra` adds context options (e.g. `serviceWorkers: 'block'`). */
export async function newContext(browser: Browser, viewport = DESKTOP, extra: BrowserContextOptions = {}): Promise<BrowserContext> {
	return browser.newContext({
		viewport,
		geolocation: YEOKSAM,
		permissions: ['geolocation'],
		isMobile: viewport.width < 500,
		hasTouch: viewport.width < 500,
		...extra
	});
}

/** Signs up through the form (with "현재 위치 사용") and lands on the board. */
export async function signUp(page: Page, u: TestUser, opts: { locate?: boolean } = {}): Promise<void> {
	await page.goto('/signup');
	await page.getByLabel(t.auth.email).fill(u.email);
	await page.getByLabel(t.auth.name).fill(u.name);
	await page.getByLabel(t.auth.password, { exact: true }).fill(u.password);
	await page.getByLabel(t.auth.passwordConfirm).fill(u.password);
	await page.getByLabel(t.auth.address).fill(u.address);
	if (opts.locate) {
		await page.getByRole('button', { name: t.auth.useLocation }).click();
		await expect(page.getByTestId('location-value')).toBeVisible();
	}
	await page.getByRole('button', { name: t.auth.submitSignUp }).click();
	await expect(page.getByRole('heading', { name: t.board.title })).toBeVisible();
}

export async function signIn(page: Page, u: TestUser): Promise<void> {
	await page.goto('/login');
	await page.getByLabel(t.auth.email).fill(u.email);
	await page.getByLabel(t.auth.password).fill(u.password);
	await page.getByRole('button', { name: t.auth.submitSignIn }).click();
	await expect(page.getByRole('heading', { name: t.board.title })).toBeVisible();
}

/**
 * Where a screenshot goes: every run writes it under test-results/ (kept
 * out of git); `make screenshots` (UPDATE_SCREENSHOTS=1) writes the
 * committed copies in docs/screenshots/ that the README shows, so that an
 * ordinary test run leaves the working tree clean.
 */
export function shot(name: string): string {
	const dir = process.env.UPDATE_SCREENSHOTS === '1' ? '../docs/screenshots' : 'test-results/screenshots';
	return `${dir}/${name}.png`;
}

/**
 * Screenshots for the README: no blinking caret, no passing notice over
 * the content, no half-finished transition.
 */
export async function screenshot(
	page: Page,
	name: string,
	opts: { fullPage?: boolean; only?: Locator } = {}
): Promise<void> {
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	await page.mouse.move(0, 0);
	// Notices dismiss themselves after a few seconds, so one may vanish
	// between finding it and clicking it: close the first one left, with a
	// short timeout, until none is left.
	const toasts = page.getByTestId('toast');
	for (let i = 0; i < 10 && (await toasts.count()) > 0; i++) {
		await toasts
			.first()
			.getByRole('button')
			.click({ timeout: 1_000 })
			.catch(() => {});
	}
	await expect(toasts).toHaveCount(0);
	const options = { path: shot(name), animations: 'disabled', caret: 'hide' } as const;
	// A picture of one element must not show the sticky header or the floating button over it.
	if (opts.only) await opts.only.screenshot({ ...options, style: '.header { position: static !important } .fab { display: none !important }' });
	else await page.screenshot({ ...options, fullPage: opts.fullPage });
}

/** Creates a user through the API (for tests whose subject is not sign-up) and returns its token. */
export async function apiUser(request: APIRequestContext, u: TestUser): Promise<{ id: string; token: string }> {
	const created = await request.post('/api/collections/users/records', {
		data: { email: u.email, name: u.name, password: u.password, passwordConfirm: u.password, address: u.address }
	});
	expect(created.ok()).toBe(true);
	const auth = await request.post('/api/collections/users/auth-with-password', {
		data: { identity: u.email, password: u.password }
	});
	expect(auth.ok()).toBe(true);
	const body = (await auth.json()) as { token: string; record: { id: string } };
	return { id: body.record.id, token: body.token };
}

/** What keepEventSources adds to a page's window. */
interface TestWindow {
	__eventSources: EventSource[];
}

/**
 * Keeps every realtime stream the pages of ctx open, so that a test can
 * cut one (dropRealtime) as a flaky phone network would.
 */
export async function keepEventSources(ctx: BrowserContext): Promise<void> {
	await ctx.addInitScript(() => {
		const Native = window.EventSource;
		const opened: EventSource[] = [];
		(window as unknown as TestWindow).__eventSources = opened;
		window.EventSource = class extends Native {
			constructor(url: string | URL, init?: EventSourceInit) {
				super(url, init);
				opened.push(this);
			}
		};
	});
}

/** Closes the page's realtime stream and, with report, tells the SDK (which then reconnects). */
export async function dropRealtime(page: Page, report = true): Promise<void> {
	await page.evaluate((tell) => {
		const es = (window as unknown as TestWindow).__eventSources.at(-1);
		es?.close();
		if (tell) es?.onerror?.call(es, new Event('error'));
	}, report);
}
