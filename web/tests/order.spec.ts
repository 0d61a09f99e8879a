/**
 * The order of a group, SPEC §6, with three neighbours on three phones:
 * the sheet filled live, the host's order, the dues, "송금했어요" and
 * "받았어요", delivery and the end of it — and what the board, the post
 * page and the chat list show meanwhile.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { apiUser, dropRealtime, keepEventSources, newContext, newNeighbourhood, newUser, PHONE, screenshot, signIn, t, type TestUser } from './helpers';

interface Person {
	user: TestUser;
	id: string;
	token: string;
}

async function person(request: APIRequestContext, label: string, hood: string): Promise<Person> {
	const user = newUser(label, hood);
	return { user, ...(await apiUser(request, user)) };
}

async function api(request: APIRequestContext, who: Person, method: 'post' | 'patch', path: string, data: object) {
	const res = await request[method](path, { headers: { Authorization: who.token }, data });
	expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
	return (await res.json()) as { id: string };
}

/** A post by host, joined by members, through the API. */
async function group(request: APIRequestContext, host: Person, members: Person[], data: object): Promise<string> {
	const { id } = await api(request, host, 'post', '/api/collections/posts/records', { category: 'chicken', targetCount: 4, ...data });
	for (const m of members) await api(request, m, 'post', '/api/collections/memberships/records', { post: id, user: m.id });
	return id;
}

async function phone(browser: Browser, who: Person, opts: { cuttable?: boolean } = {}): Promise<Page> {
	const ctx = await newContext(browser, PHONE);
	await ctx.grantPermissions(['clipboard-read', 'clipboard-write']);
	if (opts.cuttable) await keepEventSources(ctx);
	const page = await ctx.newPage();
	await signIn(page, who.user);
	return page;
}

/** Opens the room and its order panel (a sheet over the chat on a phone). */
async function openOrder(page: Page, postId: string) {
	await page.goto(`/chats/${postId}`);
	await expect(page.getByTestId('chat-room')).toBeVisible();
	await page.getByTestId('order-toggle').click();
	await expect(page.getByTestId('order-sheet')).toBeVisible();
}

async function addItem(page: Page, name: string, price: number, opts: { quantity?: number; note?: string } = {}) {
	const form = page.getByTestId('order-sheet').getByTestId('item-form').first();
	await form.getByLabel(t.order.item.name, { exact: true }).fill(name);
	await form.getByLabel(t.order.item.price).fill(String(price));
	if (opts.quantity) await form.getByLabel(t.order.item.quantity).selectOption(String(opts.quantity));
	if (opts.note) await form.getByLabel(t.order.item.note).fill(opts.note);
	await form.getByRole('button', { name: t.order.item.add, exact: true }).click();
	await expect(line(page, name)).toBeVisible();
}

/** No WCAG 2 A/AA violations on what page shows now (as tests/a11y.spec.ts checks the other screens). */
async function audit(page: Page, screen: string) {
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(violations.map((v) => `${screen}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Nothing scrolls sideways on the phone (tests/phone.spec.ts checks the other screens). */
async function fits(page: Page, screen: string) {
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, `${screen}: ${width}px wide`).toBeLessThanOrEqual(PHONE.width);
}

const line = (page: Page, name: string) => page.getByTestId('sheet-line').filter({ hasText: name });
const memberLines = (page: Page, who: Person) => page.getByTestId('sheet-member').filter({ hasText: who.user.name });
const timeline = (page: Page) => page.getByTestId('order-pane').getByTestId('order-timeline');

test('three neighbours: the sheet live, the order placed, dues paid and confirmed, delivered and done', async ({ browser, request }) => {
	test.setTimeout(180_000);
	const hood = newNeighbourhood();
	const host = await person(request, 'ohost', hood);
	const kim = await person(request, 'okim', hood);
	const lee = await person(request, 'olee', hood);
	const postId = await group(request, host, [kim, lee], {
		title: '교촌치킨 반반 같이 시켜요',
		restaurant: '교촌치킨 역삼점',
		minOrderAmount: 20000,
		deliveryFee: 3000,
		pickupSpot: 'GS25 역삼점 앞'
	});

	const a = await phone(browser, host);
	const b = await phone(browser, kim, { cuttable: true });
	const c = await phone(browser, lee);
	for (const p of [a, b, c]) await openOrder(p, postId);

	await test.step('two members fill the sheet; each sees the other’s line appear', async () => {
		await expect(b.getByTestId('min-order-text')).toHaveText(t.order.progress.short('20,000원'));
		await addItem(b, '후라이드 반마리', 10000, { note: '덜 맵게' });
		await expect(line(c, '후라이드 반마리')).toBeVisible();
		await expect(line(c, '후라이드 반마리')).toContainText('덜 맵게');
		await addItem(c, '양념 반마리', 9000);
		await expect(line(b, '양념 반마리')).toBeVisible();
		for (const p of [a, b, c]) {
			await expect(p.getByTestId('sheet-total')).toHaveText('19,000원');
			await expect(p.getByTestId('min-order-text')).toHaveText(t.order.progress.short('1,000원'));
		}

		// B changes their mind twice: a line added, edited and taken off again, live for C.
		await addItem(b, '치즈볼', 3000);
		await expect(line(c, '치즈볼')).toBeVisible();
		await b.getByRole('button', { name: t.order.item.editLabel('치즈볼') }).click();
		const edit = b.getByTestId('sheet-line').getByTestId('item-form'); // the line in edit mode
		await edit.getByLabel(t.order.item.quantity).selectOption('2');
		await edit.getByRole('button', { name: t.order.item.save }).click();
		await expect(line(c, '치즈볼')).toContainText('6,000원');
		await b.getByRole('button', { name: t.order.item.removeLabel('치즈볼') }).click();
		await expect(line(c, '치즈볼')).toHaveCount(0);

		// B's phone loses the stream while C changes the sheet; coming back, B re-reads it.
		await addItem(c, '치킨무 추가', 0);
		await expect(line(b, '치킨무 추가')).toBeVisible();
		await dropRealtime(b, false);
		await c.getByRole('button', { name: t.order.item.removeLabel('치킨무 추가') }).click();
		await expect(line(c, '치킨무 추가')).toHaveCount(0);
		await addItem(c, '감자튀김', 2500);
		await expect(line(b, '감자튀김')).toHaveCount(0);
		await dropRealtime(b); // the SDK reconnects
		await expect(line(b, '감자튀김')).toBeVisible();
		await expect(line(b, '치킨무 추가')).toHaveCount(0);
		await c.getByRole('button', { name: t.order.item.removeLabel('감자튀김') }).click();
		await expect(line(b, '감자튀김')).toHaveCount(0); // live again

		await addItem(b, '콜라 1.25L', 2000);
		await expect(line(c, '콜라 1.25L')).toBeVisible();
		await expect(c.getByTestId('min-order-text')).toHaveText(t.order.progress.reached);
		// If ordered now: 3,000원 between the two with lines.
		await expect(memberLines(a, kim)).toContainText(t.order.sheet.subtotal('12,000원'));
		await expect(memberLines(a, kim).getByTestId('member-due')).toContainText(t.order.sheet.ifOrderedNow('13,500원'));
		await expect(memberLines(a, lee).getByTestId('member-due')).toContainText(t.order.sheet.ifOrderedNow('10,500원'));
		await expect(a.getByTestId('fee-split')).toHaveText(t.order.sheet.feeSplit('3,000원', 2, '1,500원'));
		await expect(b.getByTestId('sheet-total')).toHaveText('21,000원');
		// The whole sheet on a phone's width: a taller window for the picture only.
		await b.setViewportSize({ width: PHONE.width, height: 1120 });
		await screenshot(b, 'order-sheet-360');
		await b.setViewportSize(PHONE);
		await audit(b, 'the sheet');
		await fits(b, 'the sheet');
	});

	await test.step('the host places the order with the fee actually charged, seeing each amount first', async () => {
		await a.getByRole('button', { name: t.order.place.open, exact: true }).click();
		const dialog = a.getByRole('dialog', { name: t.order.place.title });
		await expect(dialog.getByLabel(t.order.place.fee)).toHaveValue('3000');
		await dialog.getByLabel(t.order.place.fee).fill('3500');
		await dialog.getByLabel(t.order.place.account).fill('카카오뱅크 3333-01-2345678 방장');
		await dialog.getByLabel(t.order.place.link).fill('https://qr.kakaopay.com/Ej8e5jZ');
		const preview = dialog.getByTestId('preview-row');
		await expect(preview).toHaveCount(2);
		await expect(preview.filter({ hasText: kim.user.name })).toContainText('13,750원');
		await expect(preview.filter({ hasText: kim.user.name })).toContainText(t.order.place.previewRow('12,000원', '1,750원'));
		await expect(preview.filter({ hasText: lee.user.name })).toContainText('10,750원');
		await audit(a, 'the order dialog');
		await fits(a, 'the order dialog');
		await dialog.getByRole('button', { name: t.order.place.confirm }).click();
		await expect(dialog).toBeHidden();
		await expect(timeline(a)).toHaveAttribute('data-status', 'ordered');
		await expect(a.getByTestId('payer')).toHaveCount(2);
	});

	await test.step('both members see what to send, with the host’s account and link; the sheet is locked', async () => {
		for (const [p, amount, items] of [
			[b, '13,750원', '12,000원'],
			[c, '10,750원', '9,000원']
		] as const) {
			await expect(timeline(p)).toHaveAttribute('data-status', 'ordered');
			const panel = p.getByTestId('payment-panel');
			await expect(panel.getByTestId('pay-amount')).toHaveText(amount);
			await expect(panel.getByTestId('pay-items')).toHaveText(items);
			await expect(panel.getByTestId('pay-fee')).toHaveText('1,750원');
			await expect(panel.getByTestId('pay-account')).toHaveText('카카오뱅크 3333-01-2345678 방장');
			await expect(panel.getByTestId('pay-link')).toHaveAttribute('href', 'https://qr.kakaopay.com/Ej8e5jZ');
			await expect(p.getByText(t.order.sheet.locked)).toBeVisible();
			await expect(p.getByTestId('order-sheet').getByTestId('item-form')).toHaveCount(0);
		}
		await expect(b.getByTestId('system-message').filter({ hasText: '1인당 1,750원' })).toHaveCount(1);
		await b.getByRole('button', { name: t.order.pay.copyLabel }).click();
		await expect(b.getByText(t.order.pay.copied)).toBeVisible();
		expect(await b.evaluate(() => navigator.clipboard.readText())).toBe('카카오뱅크 3333-01-2345678 방장');
		await b.locator('#room-order').evaluate((el) => el.scrollTo(0, 0));
		await screenshot(b, 'order-payment-360');
		await audit(b, 'what to send');
		await audit(a, 'the checklist');
		await fits(b, 'what to send');
		await fits(a, 'the checklist');
	});

	await test.step('a member who tries to leave now is told why', async () => {
		await c.getByTestId('order-toggle').click(); // back to the chat
		await c.getByRole('button', { name: t.chat.membersTitle(3) }).click();
		await c.locator('#room-members').getByRole('button', { name: t.chat.leave }).click();
		const dialog = c.getByRole('dialog', { name: t.chat.leaveTitle });
		await dialog.getByRole('button', { name: t.chat.leave }).click();
		await expect(dialog.getByRole('alert')).toHaveText(t.order.refusals.leave.order_locked);
		await dialog.getByRole('button', { name: t.common.cancel }).click();
		await expect(c.getByTestId('chat-room')).toBeVisible();
		await c.getByTestId('order-toggle').click();
	});

	const chats = await b.context().newPage();
	await test.step('the chat list says “송금 필요” while B owes', async () => {
		await chats.goto('/chats');
		await expect(chats.getByTestId('chat-item').filter({ hasText: '교촌치킨' }).getByTestId('owes-badge')).toHaveText(
			`${t.order.owesBadge} 13,750원`
		);
	});

	await test.step('B marks it sent, takes it back, marks it again; the host’s checklist follows', async () => {
		const row = a.getByTestId('payer').filter({ hasText: kim.user.name });
		await expect(row).toHaveAttribute('data-state', 'owed');
		await b.getByRole('button', { name: t.order.pay.send }).click();
		await expect(b.getByTestId('pay-status')).toHaveText(t.order.pay.sent);
		await expect(row).toHaveAttribute('data-state', 'sent');
		await expect(row).toContainText(t.order.checklist.sent);
		await b.getByRole('button', { name: t.order.pay.undo }).click();
		await expect(row).toHaveAttribute('data-state', 'owed');
		await b.getByRole('button', { name: t.order.pay.send }).click();
		await expect(row).toHaveAttribute('data-state', 'sent');
	});

	await test.step('the host confirms both — C paid in cash — and may take one back while not done', async () => {
		await a.getByRole('button', { name: t.order.checklist.receiveLabel(kim.user.name) }).click();
		await expect(b.getByTestId('pay-status')).toHaveText(t.order.pay.confirmed);
		await expect(b.getByRole('button', { name: t.order.pay.undo })).toHaveCount(0);
		await expect(chats.getByTestId('chat-item').filter({ hasText: '교촌치킨' }).getByTestId('owes-badge')).toHaveCount(0);

		await a.getByRole('button', { name: t.order.checklist.receiveLabel(lee.user.name) }).click();
		await expect(c.getByTestId('pay-status')).toHaveText(t.order.pay.confirmed);
		await a.getByRole('button', { name: t.order.checklist.undoLabel(lee.user.name) }).click();
		await expect(c.getByRole('button', { name: t.order.pay.send })).toBeVisible();
		await a.getByRole('button', { name: t.order.checklist.receiveLabel(lee.user.name) }).click();
		await expect(a.getByTestId('checklist-summary')).toHaveText(t.order.checklist.summary(2, 2));
	});

	await test.step('the host marks it delivered: everyone is square, so the group is done', async () => {
		await a.getByRole('button', { name: t.order.stage.deliver }).click();
		for (const p of [a, b, c]) {
			await expect(timeline(p)).toHaveAttribute('data-status', 'done');
			await expect(timeline(p).locator('[data-step="done"]')).toHaveAttribute('data-state', 'done');
		}
		await expect(b.getByTestId('system-message').filter({ hasText: '정산이 끝났어요' })).toHaveCount(1);
		await expect(a.getByRole('button', { name: t.order.checklist.undoLabel(lee.user.name) })).toHaveCount(0);
		await expect(a.getByRole('button', { name: t.order.stage.finish })).toHaveCount(0);
	});

	for (const p of [a, b, c]) await p.context().close();
});

test('the board and the post page follow the sheet; the host settles by hand, or cancels with a reason', async ({ browser, request }) => {
	test.setTimeout(120_000);
	const hood = newNeighbourhood();
	const host = await person(request, 'bhost', hood);
	const kim = await person(request, 'bkim', hood);
	const neighbour = await person(request, 'bnb', hood);
	const postId = await group(request, host, [kim], { title: '족발 최소주문 채워요', category: 'jokbal_bossam', minOrderAmount: 15000, deliveryFee: 2000 });
	const cancelId = await group(request, host, [kim], { title: '떡볶이 모여요', category: 'bunsik' });
	const item = (name: string, price: number, post = postId) =>
		api(request, kim, 'post', '/api/collections/order_items/records', { post, name, price, quantity: 1 });

	const d = await phone(browser, neighbour);
	const card = d.getByTestId('post-card').filter({ hasText: '족발 최소주문 채워요' });

	await test.step('a neighbour’s board shows what the sheet still needs, live', async () => {
		await expect(card.getByTestId('card-sheet')).toHaveText(t.order.progress.short('15,000원'));
		await item('족발 소', 8000);
		await expect(card.getByTestId('card-sheet')).toHaveText(t.order.progress.short('7,000원'));
	});

	const a = await phone(browser, host);
	await test.step('the host cannot order below the minimum', async () => {
		await openOrder(a, postId);
		await a.getByRole('button', { name: t.order.place.open, exact: true }).click();
		const dialog = a.getByRole('dialog', { name: t.order.place.title });
		await expect(dialog.getByText(t.order.place.belowMin('7,000원'))).toBeVisible();
		await expect(dialog.getByRole('button', { name: t.order.place.confirm })).toBeDisabled();
		await dialog.getByRole('button', { name: t.common.cancel }).click();
		await item('막국수', 7000);
		await expect(card.getByTestId('card-sheet')).toHaveText(t.order.progress.reached);
		await expect(a.getByTestId('min-order-text')).toHaveText(t.order.progress.reached);
	});

	await test.step('the post page shows the sheet’s total and the stage', async () => {
		await card.click();
		await expect(d.getByTestId('summary-total')).toHaveText('15,000원');
		await expect(d.getByTestId('order-summary').locator('[data-step="recruiting"]')).toHaveAttribute('data-state', 'current');
	});

	await test.step('ordered, delivered with a payment open, and settled by hand', async () => {
		await a.getByRole('button', { name: t.order.place.open, exact: true }).click();
		const dialog = a.getByRole('dialog', { name: t.order.place.title });
		await dialog.getByLabel(t.order.place.account).fill('토스뱅크 1000-1234-5678 방장');
		await dialog.getByRole('button', { name: t.order.place.confirm }).click();
		await expect(d.getByTestId('post-detail')).toContainText(t.status.ordered);
		await expect(d.getByTestId('order-summary').locator('[data-step="ordered"]')).toHaveAttribute('data-state', 'current');

		await a.getByRole('button', { name: t.order.stage.deliver }).click();
		await expect(timeline(a)).toHaveAttribute('data-status', 'delivered');
		await expect(d.getByTestId('post-detail')).toContainText(t.status.delivered);
		await a.getByRole('button', { name: t.order.stage.finish }).click();
		const finish = a.getByRole('dialog', { name: t.order.stage.finishTitle });
		await expect(finish).toContainText(t.order.stage.finishOpen(1));
		await finish.getByRole('button', { name: t.order.stage.finishConfirm }).click();
		await expect(timeline(a)).toHaveAttribute('data-status', 'done');
		await expect(d.getByTestId('post-detail')).toContainText(t.status.done);
		await d.goto('/');
		await d.getByRole('button', { name: t.board.includeClosed }).click();
		await expect(card).toContainText(t.status.done);
		await expect(card.getByTestId('card-sheet')).toHaveCount(0);
	});

	await test.step('the host cancels another group with a reason; the member sees why', async () => {
		await item('떡볶이', 5000, cancelId);
		const b = await phone(browser, kim);
		await openOrder(b, cancelId);
		await openOrder(a, cancelId);
		await a.getByRole('button', { name: t.order.stage.cancel }).click();
		const dialog = a.getByRole('dialog', { name: t.order.stage.cancelTitle });
		await dialog.getByLabel(t.order.stage.cancelReason).fill('가게가 오늘 쉬어요');
		await dialog.getByRole('button', { name: t.order.stage.cancelConfirm }).click();
		await expect(timeline(b)).toHaveAttribute('data-status', 'cancelled');
		await expect(b.getByTestId('cancel-note')).toContainText(t.order.cancelReason('가게가 오늘 쉬어요'));
		await expect(b.getByTestId('order-sheet').getByTestId('item-form')).toHaveCount(0);
		await expect(d.getByTestId('post-card').filter({ hasText: '떡볶이 모여요' })).toContainText(t.status.cancelled);
		await b.context().close();
	});

	await a.context().close();
	await d.context().close();
});
