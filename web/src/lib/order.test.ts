import { ClientResponseError } from 'pocketbase';
import { describe, expect, it } from 'vitest';
import {
	boardSheetText,
	confirmedCount,
	dues,
	explainOrderError,
	feeShare,
	groupByMember,
	hostSteps,
	minOrderProgress,
	orderPlaced,
	paymentState,
	payers,
	placedDue,
	timeline,
	validateItem,
	validatePlaceOrder
} from './order';
import type { Membership, OrderItem, PostStatus } from './types';

const at = (s: number) => `2025-01-01 00:00:${String(s).padStart(2, '0')}.000Z`;

function item(id: string, user: string, price: number, quantity = 1, created = 1): OrderItem {
	return { id, collectionId: 'c', collectionName: 'order_items', created: at(created), updated: at(created), post: 'p', user, name: id, price, quantity, note: '' };
}

function member(user: string, extra: Partial<Membership> = {}): Membership {
	return {
		id: `m-${user}`,
		collectionId: 'c',
		collectionName: 'memberships',
		created: at(0),
		updated: at(0),
		post: 'p',
		user,
		role: 'member',
		lastReadAt: '',
		amountDue: 0,
		feeShare: 0,
		paidAt: '',
		confirmedAt: '',
		payAccount: '',
		payLink: '',
		expand: { user: { id: user, name: `이웃${user}`, collectionId: 'u', collectionName: 'users', created: '', updated: '' } },
		...extra
	};
}

function apiError(data: Record<string, { code: string; message: string }>) {
	return new ClientResponseError({ status: 400, url: '/api/x', response: { status: 400, message: 'x', data } });
}

describe('feeShare (the server’s internal/order)', () => {
	it('splits 3,000원 among 1 to 10 payers, rounded up to 10원', () => {
		const table: Array<[number, number]> = [
			[1, 3000],
			[2, 1500],
			[3, 1000],
			[4, 750],
			[5, 600],
			[6, 500],
			[7, 430], // 428.57… → 430
			[8, 380], // 375 → 380
			[9, 340], // 333.3… → 340
			[10, 300]
		];
		for (const [n, share] of table) expect(feeShare(3000, n), `${n} payers`).toBe(share);
	});

	it('agrees with the server’s cases', () => {
		expect(feeShare(4000, 3)).toBe(1340); // docs/API.md's example
		expect(feeShare(3500, 6)).toBe(590);
		expect(feeShare(100000, 7)).toBe(14290);
		expect(feeShare(1, 1)).toBe(10);
		expect(feeShare(10, 3)).toBe(10);
		expect(feeShare(0, 5)).toBe(0); // free delivery
		expect(feeShare(3000, 0)).toBe(0); // nobody pays
	});

	it('covers every fee of the range, 1 to 10 payers, by less than 10원 each, in whole tens', () => {
		for (let n = 1; n <= 10; n++) {
			for (let fee = 0; fee <= 100_000; fee += 7) {
				const s = feeShare(fee, n);
				// ⌈fee ÷ (10 n)⌉ × 10 in exact integers
				const exact = Number(((BigInt(fee) + BigInt(10 * n - 1)) / BigInt(10 * n)) * 10n);
				if (s !== exact || s % 10 !== 0 || s * n < fee || (fee > 0 && s * n - fee >= 10 * n)) {
					throw new Error(`feeShare(${fee}, ${n}) = ${s}, want ${exact}`);
				}
			}
		}
	});
});

describe('dues: what each would send if ordered now', () => {
	it('makes the members with lines the payers, each paying their lines plus the share', () => {
		const items = [item('a', 'host', 8000), item('b', 'kim', 6000, 2), item('c', 'lee', 4500), item('d', 'kim', 1000)];
		const d = dues(items, 4000);
		expect([...d.keys()]).toEqual(['host', 'kim', 'lee']);
		expect(d.get('host')).toEqual({ items: 8000, feeShare: 1340, amount: 9340 });
		expect(d.get('kim')).toEqual({ items: 13000, feeShare: 1340, amount: 14340 });
		expect(d.get('lee')).toEqual({ items: 4500, feeShare: 1340, amount: 5840 });
	});

	it('leaves out members without lines, counts free lines as lines, and splits no fee when there is none', () => {
		const d = dues([item('free', 'kim', 0), item('x', 'lee', 5000)], 0);
		expect(d.get('kim')).toEqual({ items: 0, feeShare: 0, amount: 0 });
		expect(d.get('lee')).toEqual({ items: 5000, feeShare: 0, amount: 5000 });
		expect(d.has('park')).toBe(false);
		expect(dues([item('free', 'kim', 0), item('x', 'lee', 5000)], 3000).get('kim')?.feeShare).toBe(1500);
	});

	it('reads a placed due back from the membership', () => {
		expect(placedDue({ amountDue: 13750, feeShare: 1750 })).toEqual({ items: 12000, feeShare: 1750, amount: 13750 });
	});
});

describe('groupByMember', () => {
	it('groups lines under members in the member list’s order, lines oldest first, with subtotals', () => {
		const members = [member('host', { role: 'host' }), member('kim'), member('lee')];
		const items = [item('k2', 'kim', 2000, 1, 5), item('l1', 'lee', 9000, 1, 2), item('k1', 'kim', 10000, 1, 1), item('h1', 'host', 3000, 3, 3)];
		const groups = groupByMember(items, members);
		expect(groups.map((g) => [g.user, g.name, g.items.map((i) => i.id), g.subtotal])).toEqual([
			['host', '이웃host', ['h1'], 9000],
			['kim', '이웃kim', ['k1', 'k2'], 12000],
			['lee', '이웃lee', ['l1'], 9000]
		]);
		expect(groups[1].membership?.id).toBe('m-kim');
	});

	it('leaves out members without lines and shows a line whose member is not listed last', () => {
		const groups = groupByMember([item('x', 'gone', 1000), item('y', 'lee', 500)], [member('host'), member('lee')]);
		expect(groups.map((g) => [g.user, g.name])).toEqual([
			['lee', '이웃lee'],
			['gone', '알 수 없는 사용자']
		]);
		expect(groups[1].membership).toBeUndefined();
	});
});

describe('the minimum order', () => {
	it('says how much is missing, then that it is reached', () => {
		expect(minOrderProgress(13000, 20000)).toEqual({ ratio: 0.65, short: 7000, reached: false, text: '7,000원 더 모이면 최소주문' });
		expect(minOrderProgress(20000, 20000)).toMatchObject({ ratio: 1, short: 0, reached: true, text: '최소주문 금액을 채웠어요' });
		expect(minOrderProgress(31000, 20000)).toMatchObject({ ratio: 1, short: 0, reached: true });
		expect(minOrderProgress(0, 15000)).toMatchObject({ ratio: 0, short: 15000, text: '15,000원 더 모이면 최소주문' });
	});

	it('says nothing without a minimum', () => {
		expect(minOrderProgress(5000, 0)).toEqual({ ratio: 1, short: 0, reached: true, text: '' });
	});

	it('puts the shortfall, the minimum reached or the total on a board card while the sheet is open', () => {
		const card = (status: PostStatus, itemsTotal: number, minOrderAmount: number) => boardSheetText({ status, itemsTotal, minOrderAmount });
		expect(card('recruiting', 13000, 20000)).toBe('7,000원 더 모이면 최소주문');
		expect(card('full', 20000, 20000)).toBe('최소주문 금액을 채웠어요');
		expect(card('closed', 12000, 0)).toBe('주문서 12,000원');
		expect(card('recruiting', 0, 0)).toBe('');
		expect(card('ordered', 13000, 20000)).toBe('');
		expect(card('done', 25000, 20000)).toBe('');
	});
});

describe('stages', () => {
	const post = (status: PostStatus, extra: Partial<{ orderedAt: string; deliveredAt: string; doneAt: string }> = {}) => ({
		status,
		created: at(1),
		orderedAt: '',
		deliveredAt: '',
		doneAt: '',
		...extra
	});
	const steps = (p: ReturnType<typeof post>) => timeline(p).map((s) => `${s.label}:${s.state}`);

	it('walks 모집 → 주문 → 도착 → 정산 완료', () => {
		for (const open of ['recruiting', 'full', 'closed'] as const) {
			expect(steps(post(open))).toEqual(['모집:current', '주문:todo', '도착:todo', '정산 완료:todo']);
		}
		expect(steps(post('ordered', { orderedAt: at(2) }))).toEqual(['모집:done', '주문:current', '도착:todo', '정산 완료:todo']);
		expect(steps(post('delivered', { orderedAt: at(2), deliveredAt: at(3) }))).toEqual(['모집:done', '주문:done', '도착:current', '정산 완료:todo']);
		expect(steps(post('done', { orderedAt: at(2), deliveredAt: at(3), doneAt: at(4) }))).toEqual(['모집:done', '주문:done', '도착:done', '정산 완료:done']);
		expect(timeline(post('ordered', { orderedAt: at(2) }))[1].at).toBe(at(2));
	});

	it('ends a cancelled post with 취소 after the steps it went through', () => {
		expect(steps(post('cancelled'))).toEqual(['모집:done', '취소:current']);
		expect(steps(post('cancelled', { orderedAt: at(2) }))).toEqual(['모집:done', '주문:done', '취소:current']);
	});

	it('offers the host the next steps the server allows', () => {
		const table: Record<PostStatus, string> = {
			recruiting: 'place cancel',
			full: 'place cancel',
			closed: 'place cancel',
			ordered: 'deliver cancel',
			delivered: 'finish',
			done: '',
			cancelled: ''
		};
		for (const [status, want] of Object.entries(table)) {
			const s = hostSteps(status as PostStatus);
			const got = (['place', 'deliver', 'finish', 'cancel'] as const).filter((k) => s[k]).join(' ');
			expect(got, status).toBe(want);
		}
	});

	it('knows when dues exist', () => {
		expect(orderPlaced({ status: 'closed', orderedAt: '' })).toBe(false);
		expect(orderPlaced({ status: 'delivered', orderedAt: at(2) })).toBe(true);
		expect(orderPlaced({ status: 'cancelled', orderedAt: '' })).toBe(false);
		expect(orderPlaced({ status: 'cancelled', orderedAt: at(2) })).toBe(true);
	});
});

describe('payments', () => {
	it('tells owed, sent, confirmed and nothing owed apart', () => {
		expect(paymentState(member('a', { amountDue: 0 }))).toBe('none');
		expect(paymentState(member('a', { amountDue: 5000 }))).toBe('owed');
		expect(paymentState(member('a', { amountDue: 5000, paidAt: at(3) }))).toBe('sent');
		expect(paymentState(member('a', { amountDue: 5000, confirmedAt: at(4) }))).toBe('confirmed'); // cash: confirmed without paidAt
		expect(paymentState(member('a', { amountDue: 5000, paidAt: at(3), confirmedAt: at(4) }))).toBe('confirmed');
	});

	it('checks off members who owe, not the host nor those without lines', () => {
		const rows = [
			member('host', { role: 'host', amountDue: 9000, confirmedAt: at(1) }),
			member('kim', { amountDue: 13750, confirmedAt: at(5) }),
			member('lee', { amountDue: 10750, paidAt: at(4) }),
			member('park')
		];
		expect(payers(rows).map((m) => m.user)).toEqual(['kim', 'lee']);
		expect(confirmedCount(rows)).toBe(1);
	});
});

describe('forms', () => {
	it('checks a line as the server does', () => {
		expect(validateItem({ name: '후라이드 반마리', price: 10000, quantity: 1, note: '덜 맵게' })).toEqual({});
		expect(validateItem({ name: '서비스 콜라', price: 0, quantity: 20, note: '' })).toEqual({});
		expect(Object.keys(validateItem({ name: '  ', price: -1, quantity: 21, note: 'x'.repeat(101) }))).toEqual(['name', 'price', 'quantity', 'note']);
		expect(Object.keys(validateItem({ name: '가'.repeat(61), price: 1.5, quantity: 0, note: '' }))).toEqual(['name', 'price', 'quantity']);
		expect(validateItem({ name: 'x', price: NaN, quantity: 1, note: '' }).price).toBe('0~1,000,000 사이의 정수로 입력해 주세요.');
	});

	it('checks the order form as the order route does', () => {
		const ok = { deliveryFee: 3500, payAccount: '카카오뱅크 3333-01-2345678 홍길동', payLink: 'https://qr.kakaopay.com/abc' };
		expect(validatePlaceOrder(ok)).toEqual({});
		expect(validatePlaceOrder({ ...ok, deliveryFee: 0, payLink: '' })).toEqual({});
		expect(Object.keys(validatePlaceOrder({ deliveryFee: 100_001, payAccount: '홍', payLink: 'http://toss.me/x' }))).toEqual(['deliveryFee', 'payAccount', 'payLink']);
		expect(validatePlaceOrder({ ...ok, payAccount: ' ' }).payAccount).toBe('입력해 주세요.');
		expect(validatePlaceOrder({ ...ok, deliveryFee: NaN }).deliveryFee).toBeDefined();
		expect(validatePlaceOrder({ ...ok, payLink: 'kakaopay' }).payLink).toBe('https로 시작하는 링크를 입력해 주세요.');
	});
});

describe('explainOrderError', () => {
	const locked = apiError({ post: { code: 'order_locked', message: 'english' } });

	it('says order_locked for what the person was doing', () => {
		expect(explainOrderError(locked, 'leave').message).toBe(
			'주문이 들어가서 정산이 끝날 때까지 나갈 수 없어요. 방장이 정산을 마치거나 모집을 취소하면 나갈 수 있어요.'
		);
		expect(explainOrderError(locked, 'item').message).toBe('주문이 들어가서 주문서를 바꿀 수 없어요.');
		expect(explainOrderError(locked, 'ban').message).toBe('주문이 들어간 뒤에는 정산이 끝날 때까지 내보낼 수 없어요.');
		expect(explainOrderError(locked, 'pay').message).toBe('주문이 들어가서 지금은 바꿀 수 없어요.'); // the general text
	});

	it('maps every order code to Korean', () => {
		const cases: Array<[string, string, string]> = [
			['post', 'no_items', '주문서가 비어 있어요. 메뉴가 담기면 주문할 수 있어요.'],
			['post', 'below_min_order', '주문서 합계가 최소 주문 금액에 못 미쳐요.'],
			['post', 'too_many_items', '메뉴는 한 사람당 20개까지 담을 수 있어요.'],
			['post', 'not_host', '방장만 할 수 있어요.'],
			['status', 'invalid_status', '지금은 이 상태로 바꿀 수 없어요.'],
			['paidAt', 'payment_not_open', '지금은 송금 표시를 바꿀 수 없어요.'],
			['user', 'open_order', '진행 중인 주문이 있어요. 정산이 끝나거나 취소된 뒤에 탈퇴할 수 있어요.']
		];
		for (const [field, code, text] of cases) {
			const v = explainOrderError(apiError({ [field]: { code, message: 'english' } }), 'leave');
			expect(v.code).toBe(code);
			expect(v.message, code).toBe(text);
		}
		expect(explainOrderError(apiError({ post: { code: 'not_member', message: 'x' } }), 'item').message).toBe('모임에 참여해야 주문서에 메뉴를 담을 수 있어요.');
		expect(explainOrderError(apiError({ paidAt: { code: 'payment_not_open', message: 'x' } }), 'pay').message).toBe(
			'지금은 송금 표시를 바꿀 수 없어요. 방장이 이미 확인했거나 정산이 끝났어요.'
		);
	});

	it('keeps field errors next to the order form’s fields', () => {
		const v = explainOrderError(
			apiError({ payLink: { code: 'validation_invalid_url', message: 'x' }, deliveryFee: { code: 'validation_out_of_range', message: 'x' } }),
			'place',
			['deliveryFee', 'payAccount', 'payLink']
		);
		expect(v.fields).toEqual({ payLink: 'https로 시작하는 링크를 입력해 주세요.', deliveryFee: '배달비는 0~100,000원 사이로 입력해 주세요.' });
		expect(v.message).toBe('표시된 항목을 확인해 주세요.');
	});
});
