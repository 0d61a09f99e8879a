/**
 * MealBuddy on a 360 px phone: nothing wider than the screen (long titles,
 * names and messages, the reconnect banner), the bottom tab bar and the
 * floating write button, filters that Back undoes, search by restaurant,
 * and an empty category that leads somewhere.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { categoryLabel } from '../src/lib/categories';
import { apiUser, DESKTOP, dropRealtime, keepEventSources, newContext, newNeighbourhood, newUser, PHONE, signIn, t, type TestUser } from './helpers';

let n = 0;
/** A 20-character name (the longest allowed), unique, without a space to break at. */
function longName(): string {
	return `아주아주긴닉네임${'가나다라마바사'}${Date.now().toString(36).slice(-4)}${++n}`.slice(-20);
}

async function post(request: APIRequestContext, token: string, data: Record<string, unknown>): Promise<string> {
	const res = await request.post('/api/collections/posts/records', { headers: { Authorization: token }, data: { category: 'chicken', targetCount: 4, ...data } });
	expect(res.ok()).toBe(true);
	return ((await res.json()) as { id: string }).id;
}

async function say(request: APIRequestContext, token: string, postId: string, body: string): Promise<void> {
	const res = await request.post('/api/collections/messages/records', { headers: { Authorization: token }, data: { post: postId, body } });
	expect(res.ok()).toBe(true);
}

async function join(request: APIRequestContext, who: { id: string; token: string }, postId: string): Promise<void> {
	const res = await request.post('/api/collections/memberships/records', { headers: { Authorization: who.token }, data: { post: postId, user: who.id } });
	expect(res.ok()).toBe(true);
}

/** The page is no wider than the phone: nothing scrolls sideways. */
async function expectFits(page: Page, screen: string): Promise<void> {
	const width = page.viewportSize()!.width;
	const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(scrollWidth, `${screen}: ${scrollWidth}px wide on a ${width}px screen`).toBeLessThanOrEqual(width);
}

test('no screen is wider than a phone: long titles, names and messages, and the reconnect banner', async ({ browser, request }) => {
	test.setTimeout(120_000);
	const hood = newNeighbourhood();
	const hostUser: TestUser = { ...newUser('wide', hood), name: longName() };
	const guestUser: TestUser = { ...newUser('wide', hood), name: longName() };
	const host = await apiUser(request, hostUser);
	const guest = await apiUser(request, guestUser);

	const title = '교촌 허니콤보 같이 시켜요 57 (수정)';
	const postId = await post(request, host.token, {
		title,
		restaurant: '교촌치킨역삼점본점직영점특별할인매장이벤트중인곳이에요정말로긴가게이름입니다아주많이',
		pickupSpot: 'GS25역삼점앞편의점입구오른쪽계단아래자전거보관대옆에서만나요꼭이요',
		content: `메뉴판: https://example.com/${'menu-and-prices-'.repeat(8)}`,
		deliveryFee: 4000
	});
	await join(request, guest, postId);
	const url = `https://example.com/${'abcdefghij'.repeat(10)}`;
	expect(url).toHaveLength(120);
	await say(request, host.token, postId, url);
	await say(request, host.token, postId, 'ㅋ'.repeat(300));
	await say(request, guest.token, postId, `${'w'.repeat(200)} ${url}`);
	// The guest's own post, with the longest title allowed and no space in it.
	const ownId = await post(request, guest.token, { title: '가'.repeat(40), category: 'asian' });

	const ctx = await newContext(browser, PHONE);
	await keepEventSources(ctx);
	const page = await ctx.newPage();

	await page.goto('/login');
	await expectFits(page, '/login');
	await page.goto('/signup');
	await expectFits(page, '/signup');
	await signIn(page, guestUser);

	const screens: Array<[string, () => Promise<void>]> = [
		['/', () => expect(page.getByTestId('post-card')).toHaveCount(2)],
		['/?category=chicken&all=1&q=교촌', () => expect(page.getByTestId('post-card')).toHaveCount(1)],
		[`/posts/${postId}`, () => expect(page.getByTestId('post-detail')).toContainText(hostUser.name)],
		[`/posts/${ownId}/edit`, () => expect(page.getByLabel(t.form.title)).toHaveValue('가'.repeat(40))],
		['/posts/new', () => expect(page.getByRole('heading', { name: t.form.newTitle })).toBeVisible()],
		['/chats', () => expect(page.getByTestId('chat-item')).toHaveCount(2)],
		['/me', () => expect(page.getByRole('heading', { name: t.me.title })).toBeVisible()],
		[`/chats/${postId}`, () => expect(page.getByTestId('message')).toHaveCount(3)]
	];
	for (const [path, ready] of screens) {
		await page.goto(path);
		await ready();
		await expectFits(page, path);
	}

	// The room, with the realtime stream down: the banner shows, and the
	// room still fits the screen — header, messages and the message box.
	await page.route('**/api/realtime**', (route) => route.abort());
	await dropRealtime(page);
	await expect(page.getByText(t.server.reconnecting)).toBeVisible();
	await expectFits(page, 'the room with the reconnect banner');
	const box = page.getByLabel(t.chat.input);
	for (const control of [box, page.getByRole('button', { name: t.chat.send }), page.getByRole('button', { name: t.chat.membersTitle(2) })]) {
		await expect(control).toBeInViewport({ ratio: 1 });
	}
	expect(await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight), 'the room itself does not scroll').toBeLessThanOrEqual(0);
	for (const bubble of await page.getByTestId('message-body').all()) {
		const right = await bubble.evaluate((el) => el.getBoundingClientRect().right);
		expect(right).toBeLessThanOrEqual(PHONE.width);
	}
	await box.focus();
	expect(await page.evaluate(() => window.scrollX), 'focusing the message box does not shift the page').toBe(0);
	await ctx.close();
});

test('a phone has a bottom tab bar with the unread count, and the write button never hides a countdown', async ({ browser, request }) => {
	test.setTimeout(90_000);
	const hood = newNeighbourhood();
	const meUser = newUser('tabs', hood);
	const me = await apiUser(request, meUser);
	const other = await apiUser(request, newUser('tabs', hood));
	const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
	for (let i = 0; i < 8; i++) {
		await post(request, other.token, { title: `카운트다운 시험 ${i + 1}`, restaurant: '바삭치킨 역삼동점', deliveryFee: 3000, deadline: inMinutes(90 + i * 200) });
	}
	const roomId = await post(request, other.token, { title: '안 읽은 메시지가 있는 방' });
	await join(request, me, roomId);

	const ctx = await newContext(browser, PHONE);
	const page = await ctx.newPage();
	await signIn(page, meUser);

	const tabs = page.getByTestId('tab-bar');
	await expect(tabs).toBeInViewport({ ratio: 1 });
	await expect(tabs.getByRole('link', { name: t.nav.board })).toHaveAttribute('aria-current', 'page');
	await expect(page.getByRole('navigation', { name: t.nav.main })).toHaveCount(1);

	// News in a room shows on the tab, live.
	await say(request, other.token, roomId, '주문 넣을게요');
	await expect(page.getByTestId('tabbar-unread')).toHaveText(/1/);
	await tabs.getByRole('link', { name: t.nav.chats }).click();
	await expect(page.getByRole('heading', { name: t.chat.listTitle })).toBeVisible();
	await expect(tabs.getByRole('link', { name: t.nav.chats })).toHaveAttribute('aria-current', 'page');
	await tabs.getByRole('link', { name: t.nav.board }).click();

	// Scroll the whole board: at no point does the floating button cover a card's countdown.
	await expect(page.getByTestId('post-card')).toHaveCount(9);
	const fab = page.getByTestId('fab');
	await expect(fab).toBeVisible();
	const height = await page.evaluate(() => document.documentElement.scrollHeight);
	for (let y = 0; y <= height; y += 60) {
		await page.evaluate((top) => window.scrollTo(0, top), y);
		const overlaps = await page.evaluate(() => {
			const f = document.querySelector('[data-testid="fab"]')!.getBoundingClientRect();
			return [...document.querySelectorAll('[data-testid="countdown"]')]
				.map((el) => el.getBoundingClientRect())
				.filter((c) => c.left < f.right && c.right > f.left && c.top < f.bottom && c.bottom > f.top).length;
		});
		expect(overlaps, `scrolled to ${y}px`).toBe(0);
	}
	// The button sits above the tab bar, not on it.
	const [fabBox, tabsBox] = [await fab.boundingBox(), await tabs.boundingBox()];
	expect(fabBox!.y + fabBox!.height).toBeLessThanOrEqual(tabsBox!.y);

	// A desktop has the header's links instead.
	await page.setViewportSize(DESKTOP);
	await expect(tabs).toBeHidden();
	await expect(page.getByRole('navigation', { name: t.nav.main }).getByRole('link', { name: t.nav.chats })).toBeVisible();
	await ctx.close();
});

test('each filter change is a history entry: Back returns to the unfiltered board; search finds restaurants too', async ({ browser, request }) => {
	const hood = newNeighbourhood();
	const u = newUser('back', hood);
	const { token } = await apiUser(request, u);
	await post(request, token, { title: '저녁 같이 드실 분', restaurant: '바삭치킨 역삼동점', category: 'chicken' });
	await post(request, token, { title: '피자 반반 나눠요', restaurant: '피자스쿨', category: 'pizza' });
	const closed = await post(request, token, { title: '마감된 치킨 모임', restaurant: '교촌치킨', category: 'chicken' });
	expect((await request.patch(`/api/collections/posts/records/${closed}`, { headers: { Authorization: token }, data: { status: 'closed' } })).ok()).toBe(true);

	const ctx = await newContext(browser, PHONE);
	const page = await ctx.newPage();
	await signIn(page, u);
	const cards = page.getByTestId('post-card');
	await expect(cards).toHaveCount(2);

	await page.getByRole('button', { name: categoryLabel('chicken') }).click();
	await expect(page).toHaveURL(/\?category=chicken$/);
	await expect(cards).toHaveCount(1);
	await page.getByRole('button', { name: t.board.includeClosed }).click();
	await expect(cards).toHaveCount(2);
	await page.getByLabel(t.board.search).fill('치킨');
	await page.getByRole('button', { name: t.board.searchSubmit }).click();
	// "치킨" is in neither title: the restaurants are found.
	await expect(page).toHaveURL(/q=/);
	await expect(cards).toHaveCount(2);
	await expect(cards.filter({ hasText: '저녁 같이 드실 분' })).toBeVisible();

	await page.goBack();
	await expect(page).toHaveURL(/\?category=chicken&all=1$/);
	await expect(page.getByLabel(t.board.search)).toHaveValue('');
	await page.goBack();
	await expect(page).toHaveURL(/\?category=chicken$/);
	await expect(page.getByRole('button', { name: t.board.onlyOpen })).toHaveAttribute('aria-pressed', 'true');
	await page.goBack();
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByRole('button', { name: t.board.allCategories })).toHaveAttribute('aria-pressed', 'true');
	await expect(cards).toHaveCount(2);
	await expect(cards.filter({ hasText: '피자 반반 나눠요' })).toBeVisible();
	await ctx.close();
});

test('an empty category offers to open the first post in it, or to clear the filters', async ({ browser, request }) => {
	const u = newUser('empty', newNeighbourhood());
	const { token } = await apiUser(request, u);
	await post(request, token, { title: '치킨만 있어요' });

	const ctx = await newContext(browser, PHONE);
	const page = await ctx.newPage();
	await signIn(page, u);
	await page.goto('/?category=fastfood');
	// Opened directly: the chosen chip, last in the row, is scrolled into view.
	await expect(page.getByRole('button', { name: categoryLabel('fastfood'), pressed: true })).toBeInViewport({ ratio: 1 });
	await expect(page.getByText(t.board.emptyCategory(categoryLabel('fastfood')))).toBeVisible();

	await page.getByRole('link', { name: t.board.openInCategory }).click();
	await expect(page).toHaveURL(/\/posts\/new\?category=fastfood$/);
	await expect(page.getByRole('radio', { name: categoryLabel('fastfood') })).toBeChecked();

	await page.goBack();
	await page.getByRole('button', { name: t.board.clearFilters }).click();
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByTestId('post-card')).toHaveCount(1);
	await ctx.close();
});
