/**
 * The menu picker: five suggestions with reasons, a suggestion opens the
 * board filtered to its category, the remaining count and a reset.
 * The server has no OpenAI key in tests, so its offline recommender answers.
 */
import { expect, test, type Page } from '@playwright/test';
import { categoryLabel, isCategory } from '../src/lib/categories';
import { apiUser, DESKTOP, newContext, newNeighbourhood, newUser, PHONE, screenshot, signUp, t } from './helpers';

async function askForMenu(page: Page, wish: string) {
	const panel = page.locator('[data-testid="menu-panel"]:visible');
	await panel.getByLabel(t.menu.wish).fill(wish);
	await panel.getByTestId('menu-ask').click();
	await expect(panel.getByTestId('menu-suggestion')).toHaveCount(5);
	return panel;
}

test('the menu picker suggests five dishes and links to the board by category', async ({ browser }) => {
	const hood = newNeighbourhood();
	const ctx = await newContext(browser, DESKTOP);
	const page = await ctx.newPage();
	await signUp(page, newUser('menu', hood), { locate: true });

	const panel = await askForMenu(page, '비 오는 날 국물');
	await expect(panel.getByTestId('menu-remaining')).toContainText('번 더 물어볼 수 있어요');
	for (const s of await panel.getByTestId('menu-suggestion').all()) {
		expect(isCategory(await s.getAttribute('data-category'))).toBe(true);
	}
	await screenshot(page, 'menu-1280', { fullPage: true });

	// A suggestion opens the board filtered to its category.
	const first = panel.getByTestId('menu-suggestion').first();
	const category = (await first.getAttribute('data-category')) ?? '';
	await first.click();
	await expect(page).toHaveURL(new RegExp(`\\?category=${category}$`));
	await expect(page.getByRole('button', { name: categoryLabel(category), pressed: true })).toBeVisible();
	await expect(page.getByText(t.board.emptyCategory(categoryLabel(category)))).toBeVisible();

	// Reset starts the conversation over.
	const again = await askForMenu(page, '매운 거');
	await again.getByRole('button', { name: t.menu.reset }).click();
	await expect(page.getByText(t.menu.resetDone)).toBeVisible();
	await expect(again.getByTestId('menu-suggestion')).toHaveCount(0);
	await ctx.close();
});

test('on a phone the menu panel opens from the board, and a pick shows its category’s board', async ({ browser, request }) => {
	const hood = newNeighbourhood();
	const ctx = await newContext(browser, PHONE);
	const page = await ctx.newPage();
	await signUp(page, newUser('phone', hood), { locate: true });
	await page.getByRole('button', { name: t.menu.open }).click();
	const panel = await askForMenu(page, '혼밥하기 좋은 거');
	await screenshot(page, 'menu-360', { only: panel });

	// A busy board in the last suggestion's category (it arrives live).
	const pick = panel.getByTestId('menu-suggestion').last();
	const category = (await pick.getAttribute('data-category')) ?? '';
	const { token } = await apiUser(request, newUser('busy', hood));
	for (let i = 1; i <= 8; i++) {
		const res = await request.post('/api/collections/posts/records', { headers: { Authorization: token }, data: { title: `${categoryLabel(category)} 모집 ${i}`, category, targetCount: 3 } });
		expect(res.ok()).toBe(true);
	}
	await expect(page.getByTestId('post-card')).toHaveCount(8);

	// The last suggestion is far down the open panel; picking it closes the
	// panel and brings the chosen chip, with the board below it, into view.
	await pick.scrollIntoViewIfNeeded();
	await pick.click();
	await expect(page).toHaveURL(new RegExp(`\\?category=${category}$`));
	await expect(page.locator('[data-testid="menu-panel"]:visible')).toHaveCount(0);
	await expect(page.getByRole('button', { name: t.menu.open })).toHaveAttribute('aria-expanded', 'false');
	await expect(page.getByRole('button', { name: categoryLabel(category), pressed: true })).toBeInViewport({ ratio: 1 });
	await expect(page.getByTestId('post-card').first()).toBeInViewport();
	// Back returns to the board as it was.
	await page.goBack();
	await expect(page.getByRole('button', { name: t.board.allCategories, pressed: true })).toBeVisible();
	await ctx.close();
});
