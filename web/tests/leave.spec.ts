/** Leaving a room: from the room itself, and what another open tab is told. */
import { expect, test } from '@playwright/test';
import { apiUser, newContext, newNeighbourhood, newUser, PHONE, signIn, t } from './helpers';

test('a member leaves; the room in another tab says so and returns to the board', async ({ browser, request }) => {
	const hood = newNeighbourhood();
	const host = await apiUser(request, newUser('lhost', hood));
	const member = newUser('lmem', hood);
	const { id: memberId, token } = await apiUser(request, member);

	const post = await request.post('/api/collections/posts/records', {
		headers: { Authorization: host.token },
		data: { title: '떡볶이 나눠 먹어요', category: 'bunsik', targetCount: 4 }
	});
	const { id: postId } = (await post.json()) as { id: string };
	const join = await request.post('/api/collections/memberships/records', {
		headers: { Authorization: token },
		data: { post: postId, user: memberId }
	});
	expect(join.ok()).toBe(true);

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
