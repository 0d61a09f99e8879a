/**
 * Notifications in the browser (SPEC §7): the header's bell counts up live
 * when a neighbour joins my group, a notification opens the room and is
 * read, "모두 읽음" clears the rest, and a craving alert set in the profile
 * fires when a neighbour opens a matching group.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { alertSummary } from '../src/lib/alerts';
import { apiUser, newContext, newNeighbourhood, newUser, PHONE, screenshot, signIn, t, type TestUser } from './helpers';

async function openPost(request: APIRequestContext, token: string, title: string, category = 'chicken', targetCount = 4): Promise<string> {
	const res = await request.post('/api/collections/posts/records', {
		headers: { Authorization: token },
		data: { title, category, targetCount }
	});
	expect(res.ok()).toBe(true);
	return ((await res.json()) as { id: string }).id;
}

async function join(request: APIRequestContext, who: { id: string; token: string }, postId: string): Promise<void> {
	const res = await request.post('/api/collections/memberships/records', {
		headers: { Authorization: who.token },
		data: { post: postId, user: who.id }
	});
	expect(res.ok()).toBe(true);
}

/** The bell in the header, and its count as the eye and the ear get it. */
async function expectBell(page: Page, count: number): Promise<void> {
	const bell = page.getByTestId('bell');
	if (count === 0) {
		await expect(page.getByTestId('bell-count')).toHaveCount(0);
		await expect(bell).toHaveAccessibleName(t.notices.bell);
	} else {
		await expect(page.getByTestId('bell-count')).toHaveText(t.notices.badge(count));
		await expect(bell).toHaveAccessibleName(t.notices.bellUnread(count));
	}
}

test('the bell counts up live when a neighbour joins; a notification opens the room and is read', async ({ browser, request }) => {
	const hood = newNeighbourhood();
	const hostUser = newUser('nhost', hood);
	const host = await apiUser(request, hostUser);
	const firstUser = newUser('njoin', hood);
	const first = await apiUser(request, firstUser);
	const second = await apiUser(request, newUser('njoin', hood));
	const postId = await openPost(request, host.token, '치킨 같이 시켜요', 'chicken', 3);

	const ctx = await newContext(browser, PHONE);
	const page = await ctx.newPage();
	// "Live" means the count comes by the realtime event, after the first read.
	const following = page.waitForResponse(
		(r) => r.url().includes('/api/realtime') && r.request().method() === 'POST' && (r.request().postData() ?? '').includes('notifications')
	);
	await signIn(page, hostUser);
	await following;
	await expectBell(page, 0);

	await test.step('a neighbour joins: the bell counts up without a reload', async () => {
		await join(request, first, postId);
		await expectBell(page, 1);
	});

	await test.step('the last seat: joined and full, two more', async () => {
		await join(request, second, postId);
		await expectBell(page, 3);
	});

	await test.step('the list is newest first; a tap opens the room and marks it read', async () => {
		await page.getByTestId('bell').click();
		await expect(page).toHaveURL(/\/notifications$/);
		const items = page.getByTestId('notice');
		await expect(items).toHaveCount(3);
		// The last join and the group becoming full are written in the same
		// millisecond, so their order among themselves is not the test's.
		await expect(items.filter({ hasText: '인원이 다 모였어요' })).toHaveCount(1);
		await expect(items.last()).toContainText(`${firstUser.name} 님이 참여했어요`);
		await expect(items.last()).toContainText(t.notices.unread);
		await screenshot(page, 'notifications-360');

		await items.last().getByRole('link').click();
		await expect(page).toHaveURL(new RegExp(`/chats/${postId}$`));
		await expect(page.getByTestId('chat-room')).toBeVisible();
		// The room takes the whole phone screen; back in the list it reads as read.
		await page.goBack();
		await expect(page.getByTestId('notice').last()).not.toContainText(t.notices.unread);
		await expectBell(page, 2);

		// The read mark is the server's, not only the screen's.
		const res = await request.get('/api/collections/notifications/records', {
			headers: { Authorization: host.token },
			params: { filter: 'readAt = ""', skipTotal: '1' }
		});
		expect(((await res.json()) as { items: unknown[] }).items).toHaveLength(2);
	});

	await test.step('"모두 읽음" reads the rest', async () => {
		await page.getByRole('button', { name: t.notices.markAllRead }).click();
		await expectBell(page, 0);
		await expect(page.getByTestId('notice').filter({ hasText: t.notices.unread })).toHaveCount(0);
		await expect(page.getByRole('button', { name: t.notices.markAllRead })).toBeDisabled();
	});
	await ctx.close();
});

/** Adds an alert in the profile's editor. */
async function addAlert(page: Page, choice: { category: string; from: number; to: number; weather: string }): Promise<void> {
	const section = page.getByTestId('alerts');
	await section.getByRole('button', { name: t.alerts.add }).click();
	const form = section.getByTestId('alert-form');
	await form.getByLabel(t.alerts.category).selectOption(choice.category);
	await form.getByLabel(t.alerts.fromHour).selectOption(String(choice.from));
	await form.getByLabel(t.alerts.toHour).selectOption(String(choice.to));
	await form.getByLabel(t.alerts.weather).selectOption(choice.weather);
	await form.getByRole('button', { name: t.alerts.save }).click();
	await expect(form).toHaveCount(0);
}

test('an alert set in the profile fires when a neighbour opens a matching group', async ({ browser, request }) => {
	const hood = newNeighbourhood();
	const meUser = newUser('alert', hood);
	await apiUser(request, meUser);
	const neighbour = await apiUser(request, newUser('alnb', hood));

	const ctx = await newContext(browser, PHONE);
	const page = await ctx.newPage();
	await signIn(page, meUser);
	await page.getByRole('link', { name: t.nav.me }).click();
	const section = page.getByTestId('alerts');
	await expect(section.getByText(t.alerts.empty)).toBeVisible();

	// All day (0–0) and any weather: it matches whenever the test runs.
	const pizza = { category: 'pizza' as const, fromHour: 0, toHour: 0, weather: 'any' as const };
	await test.step('add, edit and remove alerts, each in one line', async () => {
		await addAlert(page, { category: '', from: 18, to: 22, weather: 'rain' });
		await expect(section.getByTestId('alert').first()).toContainText('비 오는 날 18시–22시 아무 메뉴');

		await section.getByRole('button', { name: t.alerts.editLabel('비 오는 날 18시–22시 아무 메뉴') }).click();
		const form = section.getByTestId('alert-form');
		await form.getByLabel(t.alerts.category).selectOption('chicken');
		await expect(form.getByTestId('alert-preview')).toHaveText('🔔 비 오는 날 18시–22시 치킨');
		await form.getByRole('button', { name: t.alerts.save }).click();
		await expect(section.getByTestId('alert').first()).toContainText('비 오는 날 18시–22시 치킨');

		await addAlert(page, { category: 'pizza', from: 0, to: 0, weather: 'any' });
		await expect(section.getByTestId('alert')).toHaveCount(2);
		await expect(section.getByTestId('alert').last()).toContainText('하루 종일 피자');

		await section.getByRole('button', { name: t.alerts.removeLabel('비 오는 날 18시–22시 치킨') }).click();
		await expect(section.getByTestId('alert')).toHaveCount(1);
		await expect(section.getByTestId('alert')).toContainText(alertSummary(pizza));
		await screenshot(page, 'alerts-360', { only: section });
		await page.reload(); // the server kept them
		await expect(page.getByTestId('alert')).toHaveCount(1);
		await expect(page.getByTestId('alert')).toContainText(alertSummary(pizza));
	});

	await test.step('a neighbour opens a group of another category: nothing', async () => {
		await openPost(request, neighbour.token, '짜장면 같이 시켜요', 'chinese');
		await openPost(request, neighbour.token, '피자 반판씩 나눠요', 'pizza');
		await expectBell(page, 1);
		await page.getByTestId('bell').click();
		const items = page.getByTestId('notice');
		await expect(items).toHaveCount(1);
		await expect(items.first()).toContainText(`배고플 때 알림: ${alertSummary(pizza)}`);
		await expect(items.first()).toContainText('피자 반판씩 나눠요');
	});

	await test.step('the alert opens the post, to join it', async () => {
		await page.getByTestId('notice').first().getByRole('link').click();
		await expect(page).toHaveURL(/\/posts\/[a-z0-9]{15}$/);
		await expect(page.getByRole('heading', { name: '피자 반판씩 나눠요' })).toBeVisible();
		await expect(page.getByRole('button', { name: t.post.join })).toBeVisible();
		await expectBell(page, 0);
	});
	await ctx.close();
});

test('ten alerts at most: the add button says so, and the server’s refusal is shown in Korean', async ({ browser, request }) => {
	const meUser: TestUser = newUser('alfull', newNeighbourhood());
	const me = await apiUser(request, meUser);
	for (let h = 0; h < 9; h++) {
		const res = await request.post('/api/collections/alerts/records', {
			headers: { Authorization: me.token },
			data: { fromHour: h, toHour: h + 1 }
		});
		expect(res.ok()).toBe(true);
	}

	const ctx = await newContext(browser);
	const page = await ctx.newPage();
	await signIn(page, meUser);
	await page.goto('/me');
	const section = page.getByTestId('alerts');
	await expect(section.getByTestId('alert')).toHaveCount(9);
	await expect(section.getByText(t.alerts.count(9, 10))).toBeVisible();

	// Another tab adds the tenth while this form is open.
	await section.getByRole('button', { name: t.alerts.add }).click();
	const other = await request.post('/api/collections/alerts/records', {
		headers: { Authorization: me.token },
		data: { fromHour: 20, toHour: 21 }
	});
	expect(other.ok()).toBe(true);
	await section.getByTestId('alert-form').getByRole('button', { name: t.alerts.save }).click();
	await expect(section.getByRole('alert')).toHaveText(t.errors.codes.too_many_alerts);

	await page.reload();
	await expect(page.getByTestId('alert')).toHaveCount(10);
	await expect(page.getByRole('button', { name: t.alerts.add })).toBeDisabled();
	await expect(page.getByText(t.alerts.full(10))).toBeVisible();
	await ctx.close();
});

test('the notifications page and the profile’s settings have no WCAG A/AA violations', async ({ browser, request }) => {
	const hood = newNeighbourhood();
	const hostUser = newUser('ahost', hood);
	const host = await apiUser(request, hostUser);
	const postId = await openPost(request, host.token, '접근성 알림 모집');
	await join(request, await apiUser(request, newUser('ajoin', hood)), postId);

	const ctx = await newContext(browser, PHONE);
	const page = await ctx.newPage();
	const audit = async (screen: string) => {
		const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
		expect(violations.map((v) => `${screen}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
	};
	await signIn(page, hostUser);
	await expectBell(page, 1);
	await audit('board with an unread notification');
	await page.getByTestId('bell').click();
	await expect(page.getByTestId('notice')).toHaveCount(1);
	await audit('notifications');

	await page.goto('/me');
	await page.getByTestId('alerts').getByRole('button', { name: t.alerts.add }).click();
	await expect(page.getByTestId('alert-form')).toBeVisible();
	await audit('profile with the alert form');
	await ctx.close();
});
