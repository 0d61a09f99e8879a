/**
 * The service worker in the browser: the push opt-in (offered after a
 * first join, never on a first load; the subscription stored with the
 * server's key; turned off in the profile) and the app shell it serves
 * when the server cannot be reached.
 *
 * Headless Chromium has a PushManager but no push service: its
 * subscribe() fails ("Registration failed - permission denied"). The
 * opt-in test therefore stands in for the browser's push service only —
 * PushManager.subscribe/getSubscription answer a subscription of a
 * made-up https endpoint — and checks everything on our side of it: the
 * key, the row, the switch, the unsubscribe. Delivery and encryption are
 * proven on the server against a fake push service (internal/notify).
 */
import { expect, test, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { apiUser, newContext, newNeighbourhood, newUser, PHONE, screenshot, signIn, t } from './helpers';

interface FakePush {
	/** The applicationServerKey of each subscribe() call, base64url. */
	keys: string[];
	unsubscribed: number;
}

/** The browser's push service, stood in for (see above). The subscription survives reloads. */
async function fakePushService(ctx: BrowserContext): Promise<void> {
	await ctx.addInitScript(() => {
		const STORE = 'test.fakePushSubscription';
		const log: FakePush = { keys: [], unsubscribed: 0 };
		(window as unknown as { __push: FakePush }).__push = log;
		const b64url = (buf: ArrayBuffer) =>
			btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
		const make = (endpoint: string, key: string) => ({
			endpoint,
			expirationTime: null,
			options: {
				userVisibleOnly: true,
				applicationServerKey: Uint8Array.from(atob(key.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)).buffer
			},
			toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh: 'BFakeP256dhKeyOfTheTestBrowser', auth: 'fakeAuthSecret' } }),
			unsubscribe: async () => {
				log.unsubscribed++;
				localStorage.removeItem(STORE);
				return true;
			}
		});
		PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
			const key = b64url(new Uint8Array(options!.applicationServerKey as ArrayBuffer).buffer as ArrayBuffer);
			log.keys.push(key);
			const endpoint = `https://push.example.com/send/${crypto.randomUUID()}`;
			localStorage.setItem(STORE, JSON.stringify({ endpoint, key }));
			return make(endpoint, key) as unknown as PushSubscription;
		};
		PushManager.prototype.getSubscription = async function () {
			const stored = localStorage.getItem(STORE);
			if (!stored) return null;
			const { endpoint, key } = JSON.parse(stored) as { endpoint: string; key: string };
			return make(endpoint, key) as unknown as PushSubscription;
		};
	});
}

async function mySubscriptions(request: APIRequestContext, token: string) {
	const res = await request.get('/api/collections/push_subscriptions/records', { headers: { Authorization: token } });
	expect(res.ok()).toBe(true);
	return ((await res.json()) as { items: Array<{ endpoint: string; p256dh: string; auth: string }> }).items;
}

async function openPost(request: APIRequestContext, token: string, title: string): Promise<string> {
	const res = await request.post('/api/collections/posts/records', {
		headers: { Authorization: token },
		data: { title, category: 'bunsik', targetCount: 4 }
	});
	expect(res.ok()).toBe(true);
	return ((await res.json()) as { id: string }).id;
}

/** Waits until the service worker is installed and controls the page. */
async function controlled(page: Page): Promise<void> {
	await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 20_000 });
}

test('push is offered after a first join, not on first load; the subscription is stored and turned off in the profile', async ({ browser, request }) => {
	const hood = newNeighbourhood();
	const host = await apiUser(request, newUser('phost', hood));
	const meUser = newUser('push', hood);
	const me = await apiUser(request, meUser);
	const first = await openPost(request, host.token, '떡볶이 같이 먹어요');
	const second = await openPost(request, host.token, '순대도 같이 먹어요');

	const ctx = await newContext(browser, PHONE);
	await ctx.grantPermissions(['notifications']);
	await fakePushService(ctx);
	const page = await ctx.newPage();
	const offer = page.getByRole('dialog', { name: t.push.offerTitle });

	await test.step('the first load asks nothing', async () => {
		await signIn(page, meUser);
		await controlled(page);
		await page.waitForTimeout(1000);
		await expect(offer).toBeHidden();
		await page.reload();
		await expect(page.getByRole('heading', { name: t.board.title })).toBeVisible();
		await page.waitForTimeout(1000);
		await expect(offer).toBeHidden();
	});

	await test.step('after the first join it is offered; yes subscribes with the server’s key', async () => {
		await page.goto(`/posts/${first}`);
		await page.getByRole('button', { name: t.post.join }).click();
		await expect(offer).toBeVisible();
		await screenshot(page, 'push-offer-360');
		await offer.getByRole('button', { name: t.push.offerAccept }).click();
		await expect(offer).toBeHidden();
		await expect(page.getByText(t.push.enabled)).toBeVisible();

		const key = ((await (await request.get('/api/mealbuddy/push/key', { headers: { Authorization: me.token } })).json()) as { publicKey: string }).publicKey;
		const log = await page.evaluate(() => (window as unknown as { __push: FakePush }).__push);
		expect(log.keys).toEqual([key]);
		const rows = await mySubscriptions(request, me.token);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ p256dh: 'BFakeP256dhKeyOfTheTestBrowser', auth: 'fakeAuthSecret' });
		expect(rows[0].endpoint).toMatch(/^https:\/\/push\.example\.com\/send\//);
	});

	await test.step('a second join asks nothing', async () => {
		await page.goto(`/posts/${second}`);
		await page.getByRole('button', { name: t.post.join }).click();
		await expect(page.getByText(t.post.joined)).toBeVisible();
		await page.waitForTimeout(1000);
		await expect(offer).toBeHidden();
	});

	await test.step('the profile shows it on, and turning it off deletes the row and unsubscribes', async () => {
		await page.goto('/me');
		const toggle = page.getByRole('switch', { name: t.push.toggle });
		await expect(toggle).toBeChecked();
		await toggle.click();
		await expect(page.getByText(t.push.disabled)).toBeVisible();
		await expect(toggle).not.toBeChecked();
		expect(await mySubscriptions(request, me.token)).toHaveLength(0);
		expect(await page.evaluate(() => (window as unknown as { __push: FakePush }).__push.unsubscribed)).toBe(1);

		// And on again from the profile, without an offer.
		await toggle.click();
		await expect(toggle).toBeChecked();
		expect(await mySubscriptions(request, me.token)).toHaveLength(1);
	});

	await test.step('signing out turns it off for this device', async () => {
		await page.getByRole('button', { name: t.nav.signOut }).click();
		await expect(page.getByRole('heading', { name: t.auth.signInTitle })).toBeVisible();
		expect(await mySubscriptions(request, me.token)).toHaveLength(0);
	});
	await ctx.close();
});

test('where the browser has no push, nothing is offered and the profile says why', async ({ browser, request }) => {
	const hood = newNeighbourhood();
	const host = await apiUser(request, newUser('nphost', hood));
	const meUser = newUser('nopush', hood);
	await apiUser(request, meUser);
	const postId = await openPost(request, host.token, '김밥 같이 시켜요');

	const ctx = await newContext(browser, PHONE);
	await ctx.grantPermissions(['notifications']);
	await ctx.addInitScript(() => {
		delete (window as { PushManager?: unknown }).PushManager;
	});
	const page = await ctx.newPage();
	await signIn(page, meUser);
	await page.goto(`/posts/${postId}`);
	await page.getByRole('button', { name: t.post.join }).click();
	await expect(page.getByText(t.post.joined)).toBeVisible();
	await page.waitForTimeout(1000);
	await expect(page.getByRole('dialog', { name: t.push.offerTitle })).toBeHidden();
	await page.goto('/me');
	await expect(page.getByTestId('push-unsupported')).toHaveText(t.push.unsupported);
	await ctx.close();
});

test('with the server unreachable, a reload shows the app’s own page, and retrying recovers', async ({ browser, request }) => {
	const meUser = newUser('offline', newNeighbourhood());
	await apiUser(request, meUser);
	const ctx = await newContext(browser, PHONE);
	const page = await ctx.newPage();
	await signIn(page, meUser);
	await controlled(page);

	await ctx.setOffline(true);
	await page.reload();
	await expect(page.getByTestId('server-down')).toBeVisible();
	await expect(page.getByRole('heading', { name: t.server.downTitle })).toBeVisible();
	await expect(page.getByRole('button', { name: t.common.retry })).toBeVisible();

	await ctx.setOffline(false);
	await page.getByRole('button', { name: t.common.retry }).click();
	await expect(page.getByRole('heading', { name: t.board.title })).toBeVisible();
	await ctx.close();
});
