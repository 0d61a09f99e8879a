/** Pages outside the main story: not found, sign-in errors, the session across a reload. */
import { expect, test } from '@playwright/test';
import { apiUser, newContext, newNeighbourhood, newUser, PHONE, signIn, signUp, t } from './helpers';

test('an unknown path shows the not-found page with a way home', async ({ page }) => {
	await page.goto('/no/such/page');
	await expect(page.getByRole('heading', { name: t.notFound.title })).toBeVisible();
	await expect(page.getByRole('link', { name: t.common.goBoard })).toBeVisible();
});

test('signed-out visitors are sent to sign in, and back after it', async ({ browser }) => {
	const ctx = await newContext(browser);
	const page = await ctx.newPage();
	const u = newUser('back', newNeighbourhood());
	await signUp(page, u);
	await page.getByRole('link', { name: t.nav.me }).click();
	await page.getByRole('button', { name: t.nav.signOut }).click();
	// Signed out on purpose: sign-in afresh, not "back to /me".
	await expect(page).toHaveURL(/\/login$/);

	await page.goto('/chats');
	await expect(page).toHaveURL(/\/login\?next=%2Fchats/);
	await page.getByLabel(t.auth.email).fill(u.email);
	await page.getByLabel(t.auth.password).fill('wrong-password');
	await page.getByRole('button', { name: t.auth.submitSignIn }).click();
	await expect(page.getByRole('alert')).toHaveText(t.auth.wrongCredentials);
	await page.getByLabel(t.auth.password).fill(u.password);
	await page.getByRole('button', { name: t.auth.submitSignIn }).click();
	await expect(page).toHaveURL(/\/chats$/);

	// The session survives a reload.
	await page.reload();
	await expect(page.getByRole('heading', { name: t.chat.listTitle })).toBeVisible();
	await ctx.close();
});

test('sign-up shows the server’s answers next to the right fields', async ({ browser }) => {
	const ctx = await newContext(browser);
	const page = await ctx.newPage();
	const first = newUser('dup', newNeighbourhood());
	await signUp(page, first);
	await page.getByRole('link', { name: t.nav.me }).click();
	await page.getByRole('button', { name: t.nav.signOut }).click();

	await page.goto('/signup');
	const second = newUser('dup', first.address);
	await page.getByLabel(t.auth.email).fill(first.email);
	await page.getByLabel(t.auth.name).fill(second.name);
	await page.getByLabel(t.auth.password, { exact: true }).fill('password123');
	await page.getByLabel(t.auth.passwordConfirm).fill('password123');
	await page.getByLabel(t.auth.address).fill(first.address);
	await page.getByRole('button', { name: t.auth.submitSignUp }).click();
	await expect(page.locator('#email-error')).toHaveText(t.errors.fields['email.validation_not_unique']);
	await expect(page.getByLabel(t.auth.email)).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel(t.auth.email)).toBeFocused();

	// The error goes as soon as the field is being fixed, before sending again.
	await page.getByLabel(t.auth.email).fill(second.email);
	await expect(page.locator('#email-error')).toHaveCount(0);
	await expect(page.getByLabel(t.auth.email)).not.toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByText(t.validation.fixBelow)).toHaveCount(0);

	// Names are unique regardless of case.
	await page.getByLabel(t.auth.name).fill(first.name.toUpperCase());
	await page.getByRole('button', { name: t.auth.submitSignUp }).click();
	await expect(page.locator('#name-error')).toHaveText(t.errors.fields['name.validation_not_unique']);
	await expect(page.locator('#email-error')).toHaveCount(0);
	await ctx.close();
});

test('when the server cannot be reached, a page says so and retrying recovers', async ({ page }) => {
	await page.route('**/api/health', (route) => route.abort('connectionrefused'));
	await page.goto('/');
	await expect(page.getByTestId('server-down')).toBeVisible();
	await expect(page.getByRole('heading', { name: t.server.downTitle })).toBeVisible();
	await page.unroute('**/api/health');
	await page.getByRole('button', { name: t.common.retry }).click();
	await expect(page.getByRole('heading', { name: t.auth.signInTitle })).toBeVisible();
});

test('when the server goes away, a screen that cannot load says so and retrying loads it', async ({ browser }) => {
	// The screen's script must fail to load: the service worker would serve
	// it from its cache (push.spec.ts proves that side), so it stays out.
	const ctx = await newContext(browser, PHONE, { serviceWorkers: 'block' });
	const page = await ctx.newPage();
	await signUp(page, newUser('down', newNeighbourhood()));
	// The server stops answering while the app is open.
	await page.route('**/*', (route) => route.abort('connectionrefused'));
	await page.getByTestId('tab-bar').getByRole('link', { name: t.nav.chats }).click();
	const down = page.getByTestId('server-down');
	await expect(down).toBeVisible();
	await expect(down.getByRole('heading', { name: t.server.downTitle })).toBeVisible();
	await expect(page.getByRole('link', { name: t.common.goBoard })).toHaveCount(0);
	// Still away: the retry says so again.
	await down.getByRole('button', { name: t.common.retry }).click();
	await expect(down.getByRole('button', { name: t.common.retry })).toBeEnabled();
	// Back: the screen that could not load opens.
	await page.unroute('**/*');
	await down.getByRole('button', { name: t.common.retry }).click();
	await expect(page.getByRole('heading', { name: t.chat.listTitle })).toBeVisible();
	await expect(page).toHaveURL(/\/chats$/);
	await ctx.close();
});

test('the board pages with skipTotal as it scrolls, newest first', async ({ browser, request }) => {
	const u = newUser('pager', newNeighbourhood());
	const { token } = await apiUser(request, u);
	const total = 26;
	for (let i = 1; i <= total; i++) {
		const res = await request.post('/api/collections/posts/records', {
			headers: { Authorization: token },
			data: { title: `페이지 시험 ${String(i).padStart(2, '0')}`, category: 'bunsik', targetCount: 2 }
		});
		expect(res.ok()).toBe(true);
	}

	const ctx = await newContext(browser);
	const page = await ctx.newPage();
	const firstPage = page.waitForRequest((r) => r.url().includes('/api/collections/posts/records') && /skipTotal=(1|true)/.test(r.url()));
	await signIn(page, u);
	await firstPage;
	const cards = page.getByTestId('post-card');
	await expect(cards.first()).toContainText(`페이지 시험 ${total}`);
	await expect(cards).toHaveCount(20);
	await cards.last().scrollIntoViewIfNeeded();
	await page.mouse.wheel(0, 4000);
	await expect(cards).toHaveCount(total);
	await expect(cards.last()).toContainText('페이지 시험 01');
	await expect(page.getByText(t.board.end)).toBeVisible();

	// The title search and the status filter narrow the same board.
	await page.getByLabel(t.board.search).fill('시험 1');
	await page.getByRole('button', { name: t.board.searchSubmit }).click();
	await expect(page).toHaveURL(/q=/);
	await expect(cards).toHaveCount(10); // 10..19
	await ctx.close();
});
