/** Pages outside the main story: not found, sign-in errors, the session across a reload. */
import { expect, test } from '@playwright/test';
import { newContext, newNeighbourhood, newUser, signUp, t } from './helpers';

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
	await expect(page).toHaveURL(/\/login/);

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

	// Names are unique regardless of case.
	await page.getByLabel(t.auth.email).fill(second.email);
	await page.getByLabel(t.auth.name).fill(first.name.toUpperCase());
	await page.getByRole('button', { name: t.auth.submitSignUp }).click();
	await expect(page.locator('#name-error')).toHaveText(t.errors.fields['name.validation_not_unique']);
	await expect(page.locator('#email-error')).toHaveCount(0);
	await ctx.close();
});
