/**
 * The main screens on a phone pass axe's WCAG 2 A/AA checks (labels,
 * contrast, roles, names): "accessible" checked by a machine, not only by us.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { categoryLabel } from '../src/lib/categories';
import { newContext, newNeighbourhood, newUser, PHONE, signUp, t } from './helpers';

async function audit(page: Page, screen: string) {
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	const summary = violations.map((v) => `${screen}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect(summary).toEqual([]);
}

test('sign-up, board, post form, post and room have no WCAG A/AA violations', async ({ browser }) => {
	const ctx = await newContext(browser, PHONE);
	const page = await ctx.newPage();
	await page.goto('/signup');
	await expect(page.getByRole('heading', { name: t.auth.signUpTitle })).toBeVisible();
	await audit(page, 'signup');

	await signUp(page, newUser('a11y', newNeighbourhood()), { locate: true });
	await expect(page.getByTestId('weather-card')).toContainText('℃');
	await audit(page, 'board');

	await page.goto('/posts/new');
	await page.getByRole('button', { name: t.form.submitNew }).click();
	await expect(page.getByTestId('form-error')).toBeVisible();
	await audit(page, 'post form with errors');

	await page.getByLabel(t.form.title).fill('접근성 점검 모집');
	await page.locator('label.cat-option', { hasText: categoryLabel('korean') }).click();
	await page.getByLabel(t.form.deliveryFee).fill('3000');
	await page.getByRole('button', { name: t.form.submitNew }).click();
	await expect(page.getByTestId('post-detail')).toBeVisible();
	await page.getByTestId('toast').getByRole('button').click();
	await audit(page, 'post');

	await page.getByRole('link', { name: t.post.openChat }).click();
	await page.getByLabel(t.chat.input).fill('안녕하세요');
	await page.getByLabel(t.chat.input).press('Enter');
	await expect(page.getByTestId('message')).toHaveCount(1);
	await audit(page, 'room');
	await ctx.close();
});
