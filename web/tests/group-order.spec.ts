/**
 * The whole story of a group order with two neighbours in two browsers —
 * one on a desktop, one on a phone — and a third neighbour elsewhere:
 * sign up, open a post, see it live, join, chat, ban, delete.
 */
import { expect, test } from '@playwright/test';
import { categoryLabel } from '../src/lib/categories';
import { apiUser, DESKTOP, dropRealtime, keepEventSources, newContext, newNeighbourhood, newUser, PHONE, screenshot, signUp, t } from './helpers';

test('two neighbours: live board, join, chat, ban, delete — and another neighbourhood sees nothing', async ({ browser, request }) => {
	test.setTimeout(150_000);
	const hood = newNeighbourhood();
	const host = newUser('host', hood);
	const guest = newUser('guest', hood);
	const stranger = newUser('far', '부산광역시 해운대구 우동');

	const ctxA = await newContext(browser, DESKTOP);
	const ctxB = await newContext(browser, PHONE);
	// Lets the test cut B's realtime stream later (see the reconnect step).
	await keepEventSources(ctxB);
	const ctxC = await newContext(browser, DESKTOP);
	const a = await ctxA.newPage();
	const b = await ctxB.newPage();
	const c = await ctxC.newPage();

	await test.step('everyone signs up; the boards start empty', async () => {
		await signUp(a, host, { locate: true });
		await signUp(b, guest, { locate: true });
		await signUp(c, stranger);
		await expect(b.getByText(t.board.empty)).toBeVisible();
		await expect(c.getByText(t.board.empty)).toBeVisible();
	});

	const title = '교촌치킨 같이 시켜요';
	let postId = '';

	await test.step('A opens a group order; B sees it appear live, C never does', async () => {
		await a.getByRole('link', { name: t.nav.write }).first().click();
		await a.getByLabel(t.form.title).fill(title);
		await a.locator('label.cat-option', { hasText: categoryLabel('chicken') }).click();
		await a.getByLabel(t.form.targetCount).selectOption('3');
		await a.getByLabel(t.form.restaurant).fill('교촌치킨 역삼점');
		await a.getByLabel(t.form.deliveryFee).fill('3500');
		await expect(a.getByText(t.form.feePreview('1,170원', 3))).toBeVisible();
		await a.getByRole('button', { name: t.form.inMinutes(60) }).click();
		await a.getByLabel(t.form.pickupSpot).fill('GS25 역삼점 앞');
		await a.getByLabel(t.form.content).fill('반반 두 마리 시켜요.\n양념 / 후라이드');
		await a.getByRole('button', { name: t.form.submitNew }).click();
		await expect(a.getByRole('heading', { name: title })).toBeVisible();
		postId = a.url().split('/posts/')[1];
		expect(postId).toMatch(/^[a-z0-9]{15}$/);

		// B's board was open the whole time: the card arrives without a reload.
		const card = b.getByTestId('post-card').filter({ hasText: title });
		await expect(card).toBeVisible();
		await expect(card.getByTestId('headcount')).toHaveText(/1\/3명/);
		await expect(card).toContainText('1인 배달비 1,170원');
		await expect(card).toContainText(t.status.recruiting);

		// C lives elsewhere: not on the board, and not by link either.
		await c.reload();
		await expect(c.getByText(t.board.empty)).toBeVisible();
		await c.goto(`/posts/${postId}`);
		await expect(c.getByRole('heading', { name: t.notFound.postTitle })).toBeVisible();
	});

	await test.step('board screenshots at 360 px and 1280 px', async () => {
		// A busier neighbourhood for the README: another neighbour's posts arrive live too.
		const other = await apiUser(request, newUser('nb', hood));
		const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
		const more = [
			{ title: '피자 반반 나눠 드실 분', category: 'pizza', restaurant: '피자스쿨 역삼점', deliveryFee: 4000, targetCount: 4, deadline: inMinutes(150) },
			{ title: '점심 도시락 단체 주문', category: 'dosirak', restaurant: '한솥 역삼역점', minOrderAmount: 30000, targetCount: 6, deadline: inMinutes(35) },
			{ title: '마라탕 최소주문 채워요', category: 'asian', restaurant: '라화쿵부', deliveryFee: 2500, targetCount: 3, deadline: inMinutes(26 * 60) }
		];
		for (const data of more) {
			const res = await request.post('/api/collections/posts/records', { headers: { Authorization: other.token }, data });
			expect(res.ok()).toBe(true);
		}
		await expect(b.getByTestId('post-card')).toHaveCount(4);
		await screenshot(b, 'board-360');
		await a.goto('/');
		await expect(a.getByTestId('post-card').filter({ hasText: title })).toBeVisible();
		await expect(a.getByTestId('weather-card')).toContainText('℃');
		await screenshot(a, 'board-1280');
	});

	await test.step('A edits and closes the post; B’s board follows live and B hears “closed”', async () => {
		await a.goto(`/posts/${postId}`);
		await a.getByRole('link', { name: t.post.edit }).click();
		await expect(a.getByLabel(t.form.title)).toHaveValue(title);
		await a.getByLabel(t.form.title).fill(`${title}!`);
		await a.getByRole('button', { name: t.form.submitEdit }).click();
		await expect(a.getByRole('heading', { name: `${title}!` })).toBeVisible();
		const card = b.getByTestId('post-card').filter({ hasText: `${title}!` });
		await expect(card).toBeVisible();

		await a.getByRole('button', { name: t.post.close }).click();
		await expect(card).toContainText(t.status.closed);
		await card.click();
		await b.getByRole('button', { name: t.post.join }).click();
		await expect(b.getByTestId('action-error')).toHaveText(t.errors.codes.post_closed);

		await a.getByRole('button', { name: t.post.reopen }).click();
		await expect(b.getByTestId('post-detail')).toContainText(t.status.recruiting);
	});

	await test.step('B joins and lands in the room, where B says hello; A sees the count change live', async () => {
		await expect(a.getByTestId('headcount')).toHaveText('1/3명');
		await b.getByRole('button', { name: t.post.join }).click();
		await expect(b).toHaveURL(new RegExp(`/chats/${postId}$`));
		await expect(b.getByText(t.post.joined)).toBeVisible();
		await expect(b.getByTestId('room-count')).toHaveText('2/3명');
		await expect(a.getByTestId('headcount')).toHaveText('2/3명');
		await b.getByTestId('hello').getByRole('button', { name: t.chat.hello }).click();
		await expect(b.getByTestId('message').filter({ hasText: t.chat.hello })).toHaveAttribute('data-mine', 'true');
		await expect(b.getByTestId('hello')).toHaveCount(0);
	});

	await test.step('B’s chat list shows the room, with unread news arriving live', async () => {
		await b.getByRole('link', { name: t.common.back }).click();
		const item = b.getByTestId('chat-item').filter({ hasText: title });
		await expect(item).toBeVisible();
		// B's own last message reads "나: …", and neither it nor B's join notice is news to B
		await expect(item).toContainText(`${t.common.me}: ${t.chat.hello}`);
		await expect(item.getByTestId('unread-badge')).toHaveCount(0);
		await expect(b.getByTestId('tabbar-unread')).toHaveCount(0);

		await a.goto(`/chats/${postId}`);
		await expect(a.getByTestId('system-message').filter({ hasText: `${guest.name} 님이 입장했습니다.` })).toBeVisible();
		await a.getByLabel(t.chat.input).fill('어서 오세요 🙌');
		await a.getByLabel(t.chat.input).press('Enter');
		await expect(item).toContainText('어서 오세요 🙌');
		await expect(item.getByTestId('unread-badge')).toBeVisible();
		await expect(b.getByTestId('tabbar-unread')).toContainText('1');
		await screenshot(b, 'chats-360');

		// Opening the room marks it read.
		await item.click();
		await expect(b.getByTestId('chat-room')).toBeVisible();
		await expect(b.getByTestId('unread-divider')).toBeVisible();
		await b.getByRole('link', { name: t.common.back }).click();
		await expect(b.getByTestId('chat-item').filter({ hasText: title }).getByTestId('unread-badge')).toHaveCount(0);
		await expect(b.getByTestId('tabbar-unread')).toHaveCount(0);
		await b.getByTestId('chat-item').filter({ hasText: title }).click();
		await expect(b.getByTestId('chat-room')).toBeVisible();
	});

	await test.step('they chat live; markup is shown as text', async () => {
		const hello = '안녕하세요! 반반 괜찮으세요?';
		await a.getByLabel(t.chat.input).fill(hello);
		await a.getByLabel(t.chat.input).press('Enter');
		await expect(b.getByTestId('message-body').filter({ hasText: hello })).toBeVisible();
		await expect(a.getByTestId('message').filter({ hasText: hello })).toHaveAttribute('data-mine', 'true');

		// Shift+Enter breaks the line, Enter sends.
		const box = b.getByLabel(t.chat.input);
		await box.fill('좋아요');
		await box.press('Shift+Enter');
		await box.pressSequentially('7시 픽업 가능해요');
		await box.press('Enter');
		await expect(a.getByTestId('message-body').filter({ hasText: '7시 픽업 가능해요' })).toHaveText('좋아요\n7시 픽업 가능해요');

		const html = '<b>굵게</b> <img src=x onerror="window.__pwned=1"> & <script>alert(1)</script>';
		await box.fill(html);
		await box.press('Enter');
		const shown = a.getByTestId('message-body').filter({ hasText: '<b>굵게</b>' });
		await expect(shown).toHaveText(html);
		await expect(a.locator('[data-testid="message-body"] b, [data-testid="message-body"] img, [data-testid="message-body"] script')).toHaveCount(0);
		expect(await a.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
		expect(await b.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
	});

	await test.step('room screenshots at 360 px and 1280 px', async () => {
		await expect(b.getByTestId('message-body').filter({ hasText: '<b>굵게</b>' })).toBeVisible();
		await screenshot(b, 'room-360');
		await screenshot(a, 'room-1280');
	});

	await test.step('after a dropped connection B’s room catches up: nothing missing, nothing twice', async () => {
		// Cut B's realtime stream, as a flaky phone network would.
		await dropRealtime(b, false);
		const missed = ['끊긴 동안 1', '끊긴 동안 2'];
		for (const text of missed) {
			await a.getByLabel(t.chat.input).fill(text);
			await a.getByLabel(t.chat.input).press('Enter');
			await expect(a.getByTestId('message-body').filter({ hasText: text })).toBeVisible();
		}
		await expect(b.getByTestId('message-body').filter({ hasText: missed[0] })).toHaveCount(0);

		// The browser reports the drop; the SDK reconnects (PB_CONNECT) and the room re-reads.
		await dropRealtime(b);
		for (const text of missed) await expect(b.getByTestId('message-body').filter({ hasText: text })).toHaveCount(1);
		await expect(b.getByText(t.server.reconnecting)).toHaveCount(0);
		const ids = await b.locator('[data-testid="message-viewport"] li[data-id]').evaluateAll((els) =>
			els.map((el) => el.getAttribute('data-id'))
		);
		expect(ids.length).toBeGreaterThan(5);
		expect(new Set(ids).size).toBe(ids.length);

		// And the stream works again.
		await a.getByLabel(t.chat.input).fill('다시 연결됐나요?');
		await a.getByLabel(t.chat.input).press('Enter');
		await expect(b.getByTestId('message-body').filter({ hasText: '다시 연결됐나요?' })).toBeVisible();
	});

	await test.step('A bans B: B is told, loses the room and cannot rejoin', async () => {
		await a.getByTestId('member').filter({ hasText: guest.name }).getByRole('button', { name: t.chat.ban }).click();
		const dialog = a.getByRole('dialog', { name: t.chat.banTitle(guest.name) });
		await dialog.getByLabel(t.chat.banReason).fill('약속 시간에 계속 늦어요');
		await dialog.getByRole('button', { name: t.chat.banConfirm }).click();

		await expect(b.getByText(t.chat.endedBanned)).toBeVisible();
		await expect(b).toHaveURL(/\/$/);
		await expect(a.getByTestId('system-message').filter({ hasText: `${guest.name} 님이 강퇴되었습니다.` })).toBeVisible();
		await expect(a.getByTestId('member').filter({ hasText: guest.name })).toHaveCount(0);
		await expect(a.getByTestId('room-count')).toHaveText('1/3명');

		// Told before tapping anything, with the host's reason; no join button that would fail.
		await b.goto(`/posts/${postId}`);
		await expect(b.getByTestId('ban-notice')).toContainText(t.post.bannedNotice);
		await expect(b.getByTestId('ban-notice')).toContainText(t.post.banReason('약속 시간에 계속 늦어요'));
		await expect(b.getByRole('button', { name: t.post.join })).toHaveCount(0);
		await b.goto('/');
		await expect(b.getByTestId('post-card').filter({ hasText: title })).toBeVisible();
	});

	await test.step('A deletes the post: the open room closes, the card vanishes from B’s board', async () => {
		const room = await ctxA.newPage();
		await room.goto(`/chats/${postId}`);
		await expect(room.getByTestId('chat-room')).toBeVisible();

		await a.goto(`/posts/${postId}`);
		// The server's answer comes late, so that the post's realtime delete
		// event surely reaches A's page first, as it often does on a phone.
		await a.route(`**/api/collections/posts/records/${postId}`, async (route) => {
			if (route.request().method() !== 'DELETE') return route.continue();
			const response = await route.fetch();
			await new Promise((resolve) => setTimeout(resolve, 1000));
			await route.fulfill({ response });
		});
		await a.getByRole('button', { name: t.post.delete }).click();
		await a.getByRole('dialog', { name: t.post.deleteTitle }).getByRole('button', { name: t.post.deleteConfirm }).click();
		await expect(a).toHaveURL(/\/$/);
		// The host is told once that it worked, not also (by the event) that it happened.
		await expect(a.getByTestId('toast').filter({ hasText: t.post.deleted })).toBeVisible();
		expect(await a.getByTestId('toast').allTextContents()).toEqual([expect.stringContaining(t.post.deleted)]);

		await expect(room.getByText(t.chat.endedDeleted)).toBeVisible();
		await expect(room).toHaveURL(/\/$/);
		await expect(b.getByTestId('post-card').filter({ hasText: title })).toHaveCount(0);
	});

	await ctxA.close();
	await ctxB.close();
	await ctxC.close();
});
