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
