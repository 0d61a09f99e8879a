/** The chat room beyond the main story: leaving (and what another tab is told), long history. */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { apiUser, newContext, newNeighbourhood, newUser, PHONE, signIn, t } from './helpers';

/** A post by a fresh host with one member, set up through the API. */
async function roomWithMember(request: APIRequestContext, title: string) {
	const hood = newNeighbourhood();
	const hostUser = newUser('rhost', hood);
	const host = await apiUser(request, hostUser);
	const memberUser = newUser('rmem', hood);
	const member = await apiUser(request, memberUser);
	const post = await request.post('/api/collections/posts/records', {
		headers: { Authorization: host.token },
		data: { title, category: 'bunsik', targetCount: 4 }
	});
	expect(post.ok()).toBe(true);
	const { id: postId } = (await post.json()) as { id: string };
	const join = await request.post('/api/collections/memberships/records', {
		headers: { Authorization: member.token },
		data: { post: postId, user: member.id }
	});
	expect(join.ok()).toBe(true);
	return { postId, host, hostUser, member, memberUser };
}

test('a member leaves; the room in another tab says so and returns to the board', async ({ browser, request }) => {
	const { postId, memberUser: member } = await roomWithMember(request, '떡볶이 나눠 먹어요');

	const ctx = await newContext(browser, PHONE);
	const page = await ctx.newPage();
	await signIn(page, member);
	const other = await ctx.newPage();
	await other.goto(`/chats/${postId}`);
	await expect(other.getByTestId('chat-room')).toBeVisible();

	await page.goto(`/chats/${postId}`);
	await page.getByRole('button', { name: t.chat.membersTitle(2) }).click();
	await page.locator('#room-members').getByRole('button', { name: t.chat.leave }).click();
	await page.getByRole('dialog', { name: t.chat.leaveTitle }).getByRole('button', { name: t.chat.leave }).click();
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByText(t.post.left)).toBeVisible();

	await expect(other.getByText(t.chat.endedLeft)).toBeVisible();
	await expect(other).toHaveURL(/\/$/);
	await ctx.close();
});

test('history comes a page at a time, older pages as the reader scrolls up', async ({ browser, request }) => {
	const { postId, host, member, hostUser } = await roomWithMember(request, '긴 대화방');
	// 40 messages from two people (each stays under the 20-per-10-seconds limit).
	for (let i = 1; i <= 20; i++) {
		for (const [who, label] of [
			[member, '멤버'],
			[host, '방장']
		] as const) {
			const res = await request.post('/api/collections/messages/records', {
				headers: { Authorization: who.token },
				data: { post: postId, body: `${label} ${String(i).padStart(2, '0')}` }
			});
			expect(res.ok()).toBe(true);
		}
	}

	// The host has read everything: the room opens at the bottom, no divider.
	const mine = await request.get('/api/collections/memberships/records', {
		headers: { Authorization: host.token },
		params: { filter: `post = "${postId}" && user = "${host.id}"` }
	});
	const { items } = (await mine.json()) as { items: Array<{ id: string }> };
	const read = await request.patch(`/api/collections/memberships/records/${items[0].id}`, {
		headers: { Authorization: host.token },
		data: { lastReadAt: new Date(Date.now() + 1000).toISOString() }
	});
	expect(read.ok()).toBe(true);

	const ctx = await newContext(browser);
	const page = await ctx.newPage();
	await signIn(page, hostUser);
	await page.goto(`/chats/${postId}`);
	const texts = page.getByTestId('message');
	await expect(texts).toHaveCount(30);
	await expect(texts.last()).toContainText('방장 20');
	await expect(texts.last()).toBeInViewport();
	await expect(page.getByTestId('unread-divider')).toHaveCount(0);

	await page.getByTestId('message-viewport').evaluate((el) => el.scrollTo(0, 0));
	await expect(texts).toHaveCount(40);
	await expect(texts.first()).toContainText('멤버 01');
	await expect(page.getByText(t.chat.historyStart)).toBeVisible();
	await expect(page.getByTestId('system-message')).toHaveCount(1);
	await ctx.close();
});

test('chat as in 카카오톡: my message shows at once, a failed one is sent again once, one time per minute, links open', async ({ browser, request }) => {
	const { postId, member, memberUser } = await roomWithMember(request, '링크 나누는 방');
	const ctx = await newContext(browser, PHONE);
	const page = await ctx.newPage();
	await signIn(page, memberUser);
	await page.goto(`/chats/${postId}`);
	await expect(page.getByTestId('chat-room')).toBeVisible();

	// Sending goes through here, to be slowed down or cut once.
	let next: 'slow' | 'drop' | '' = '';
	await page.route('**/api/collections/messages/records*', async (route) => {
		if (route.request().method() !== 'POST' || !next) return route.continue();
		const what = next;
		next = '';
		if (what === 'drop') return route.abort('internetdisconnected');
		await new Promise((resolve) => setTimeout(resolve, 1500));
		return route.continue();
	});
	// Three messages within one minute: start early in a minute.
	const seconds = new Date().getSeconds();
	if (seconds > 40) await page.waitForTimeout((61 - seconds) * 1000);

	const box = page.getByLabel(t.chat.input);
	const mine = page.locator('[data-testid="message"][data-mine="true"]');
	next = 'slow';
	await box.fill('지금 주문할게요');
	await box.press('Enter');
	await expect(box).toHaveValue('');
	await expect(page.getByTestId('outgoing').filter({ hasText: '지금 주문할게요' })).toHaveAttribute('data-state', 'sending');
	await expect(mine).toHaveCount(1);
	await expect(page.getByTestId('outgoing')).toHaveCount(0);

	for (const text of ['메뉴는 여기요 https://example.com/menu?x=1 보세요', 'javascript:alert(1)']) {
		await box.fill(text);
		await box.press('Enter');
	}
	await expect(mine).toHaveCount(3);
	// One time for the minute, under its last message.
	await expect(mine.locator('time')).toHaveCount(1);
	await expect(mine.last().locator('time')).toHaveCount(1);

	const link = page.getByRole('link', { name: 'https://example.com/menu?x=1' });
	await expect(link).toHaveAttribute('href', 'https://example.com/menu?x=1');
	await expect(link).toHaveAttribute('target', '_blank');
	await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
	await expect(mine.last().getByTestId('message-body')).toHaveText('javascript:alert(1)');
	await expect(mine.last().locator('a')).toHaveCount(0);

	// The network drops one send: the message stays, says so, and goes on a second tap — once.
	next = 'drop';
	await box.fill('끊겨도 한 번만');
	await box.press('Enter');
	const failed = page.getByTestId('outgoing').filter({ hasText: '끊겨도 한 번만' });
	await expect(failed).toHaveAttribute('data-state', 'failed');
	await expect(failed.getByTestId('send-error')).toHaveText(t.chat.sendFailed);
	await failed.getByRole('button', { name: t.chat.resend }).click();
	await expect(mine.filter({ hasText: '끊겨도 한 번만' })).toHaveCount(1);
	await expect(page.getByTestId('outgoing')).toHaveCount(0);
	const stored = await request.get('/api/collections/messages/records', {
		headers: { Authorization: member.token },
		params: { filter: `post = "${postId}" && body = "끊겨도 한 번만"` }
	});
	expect(((await stored.json()) as { totalItems: number }).totalItems).toBe(1);
	await ctx.close();
});
