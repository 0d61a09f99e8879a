/** The profile: avatar with preview, password change, and account deletion. */
import { expect, test } from '@playwright/test';
import { newContext, newNeighbourhood, newUser, PHONE, signIn, signUp, t } from './helpers';

test('profile: avatar upload, password change, account deletion', async ({ browser }) => {
	const ctx = await newContext(browser, PHONE);
	const page = await ctx.newPage();
	const u = newUser('me', newNeighbourhood());
	await signUp(page, u);
	await page.getByRole('link', { name: t.nav.me }).click();

	await test.step('an avatar is previewed, then saved', async () => {
		await page.locator('#avatar').setInputFiles('static/icon-192.png');
		await expect(page.getByRole('img', { name: t.me.avatarPreview })).toBeVisible();
		await page.getByRole('button', { name: t.common.save, exact: true }).click();
		await expect(page.getByText(t.me.saved)).toBeVisible();
		await expect(page.locator('img.avatar')).toHaveAttribute('src', /\/api\/files\/.+thumb=100x100/);
	});

	await test.step('a file that is not an image is refused before upload', async () => {
		await page.locator('#avatar').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
		await expect(page.getByText(t.validation.fileType)).toBeVisible();
	});

	const newPassword = 'new-password-456';
	await test.step('the password changes after the old one is confirmed', async () => {
		await page.getByLabel(t.me.oldPassword).fill('not-my-password');
		await page.getByLabel(t.me.newPassword, { exact: true }).fill(newPassword);
		await page.getByLabel(t.me.newPasswordConfirm).fill(newPassword);
		await page.getByRole('button', { name: t.me.passwordSubmit }).click();
		await expect(page.locator('#oldPassword-error')).toHaveText(t.errors.fields['oldPassword.validation_invalid_old_password']);

		await page.getByLabel(t.me.oldPassword).fill(u.password);
		await page.getByRole('button', { name: t.me.passwordSubmit }).click();
		await expect(page.getByText(t.me.passwordChanged)).toBeVisible();
		// Still signed in (re-authenticated), and the new password works after a sign-out.
		await page.reload();
		await expect(page.getByRole('heading', { name: t.me.title })).toBeVisible();
		await page.getByRole('button', { name: t.nav.signOut }).click();
		await signIn(page, { ...u, password: newPassword });
	});

	await test.step('deleting the account asks for the password and explains what happens', async () => {
		await page.getByRole('link', { name: t.nav.me }).click();
		for (const line of t.me.deleteExplain) await expect(page.getByText(line)).toBeVisible();
		await page.getByLabel(t.me.deletePassword).fill('wrong-password');
		await page.getByRole('button', { name: t.me.deleteSubmit }).click();
		await page.getByRole('dialog', { name: t.me.deleteConfirmTitle }).getByRole('button', { name: t.me.deleteSubmit }).click();
		await expect(page.locator('#delete-password-error')).toHaveText(t.errors.codes.invalid_password);

		await page.getByLabel(t.me.deletePassword).fill(newPassword);
		await page.getByRole('button', { name: t.me.deleteSubmit }).click();
		await page.getByRole('dialog', { name: t.me.deleteConfirmTitle }).getByRole('button', { name: t.me.deleteSubmit }).click();
		// Straight to sign-in: there is no page to come back to.
		await expect(page).toHaveURL(/\/login$/);
		await expect(page.getByText(t.me.deleted)).toBeVisible();

		// The account is gone.
		await page.getByLabel(t.auth.email).fill(u.email);
		await page.getByLabel(t.auth.password).fill(newPassword);
		await page.getByRole('button', { name: t.auth.submitSignIn }).click();
		await expect(page.getByRole('alert').filter({ hasText: t.auth.wrongCredentials })).toBeVisible();
	});
	await ctx.close();
});

test('sending too fast is refused gently and the message stays, to send again', async ({ browser }) => {
	const ctx = await newContext(browser);
	const page = await ctx.newPage();
	await signUp(page, newUser('fast', newNeighbourhood()));
	await page.goto('/posts/new');
	await page.getByLabel(t.form.title).fill('빨리 보내기 시험');
	await page.locator('label.cat-option', { hasText: '분식' }).click();
	await page.getByRole('button', { name: t.form.submitNew }).click();
	await page.getByRole('link', { name: t.post.openChat }).click();

	const box = page.getByLabel(t.chat.input);
	for (let i = 1; i <= 20; i++) {
		await box.fill(`메시지 ${i}번`);
		await box.press('Enter');
		await expect(box).toHaveValue('');
	}
	await box.fill('스물한 번째');
	await box.press('Enter');
	const refused = page.getByTestId('outgoing').filter({ hasText: '스물한 번째' });
	await expect(refused).toHaveAttribute('data-state', 'failed');
	await expect(refused.getByTestId('send-error')).toHaveText(t.chat.rateLimited);
	await expect(refused.getByRole('button', { name: t.chat.resend })).toBeVisible();
	await expect(page.getByTestId('message')).toHaveCount(20);
	await ctx.close();
});
