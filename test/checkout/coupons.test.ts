// Coupons and promotion codes on the hosted checkout: refusals keep the cart open, an accepted
// code changes every amount and is shown, redemptions are counted once at completion and a
// limit of N lets exactly N of many concurrent buyers redeem (PGlite and PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { createLink, openCart, submit } from './helpers.ts';
import { browserCall, UPDATE } from '../storefront/helpers.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

async function gql(query: string, variables: Record<string, unknown>, key?: string) {
  const res = await gw.graphql(query, variables, key);
  expect(res.body.errors).toBeUndefined();
  return res.body.data as any;
}

const SESSION = `query ($id: ID!) { checkoutSession(id: $id) {
  status couponCode amountSubtotal amountDiscount amountTotal
  discount { duration percentOff amountOff label }
  recurring { amount amountDiscount amountAfterDiscount }
  lines { amountSubtotal amountDiscount amountDueToday }
  promotionCode { code timesRedeemed coupon { timesRedeemed } }
} }`;
const session = async (id: string) => (await gql(SESSION, { id })).checkoutSession;

async function coupon(input: Record<string, unknown>, code: Record<string, unknown>) {
  const c = await gql(`mutation ($input: CreateCouponInput!) { createCoupon(input: $input) { coupon { id valid } userErrors { reason path } } }`, { input });
  expect(c.createCoupon.userErrors).toEqual([]);
  const p = await gql(
    `mutation ($input: CreatePromotionCodeInput!) { createPromotionCode(input: $input) { promotionCode { id code active } userErrors { reason path } } }`,
    { input: { couponId: c.createCoupon.coupon.id, ...code } },
  );
  expect(p.createPromotionCode.userErrors).toEqual([]);
  return { couponId: c.createCoupon.coupon.id as string, codeId: p.createPromotionCode.promotionCode.id as string };
}

const allowed = { settings: { couponsAllowed: true } };

/** The storefront's updateCheckoutSession with a promotion code (the client secret authorises it). */
async function applyCode(clientSecret: string, promotionCode: string) {
  const res = await browserCall(gw, UPDATE, { s: clientSecret, input: { promotionCode } });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.updateCheckoutSession as { session: any; userErrors: { reason: string; path: string[]; message: string }[] };
}

describe('GraphQL coupons and promotion codes', () => {
  it('validates coupons and codes with user errors', async () => {
    const bad = async (input: Record<string, unknown>) =>
      (
        await gql(`mutation ($input: CreateCouponInput!) { createCoupon(input: $input) { coupon { id } userErrors { reason path } } }`, { input })
      ).createCoupon.userErrors.map((e: any) => e.reason);
    expect(await bad({})).toContain('COUPON__DISCOUNT_MISSING');
    expect(await bad({ percentOff: 10, amountOff: 100, currency: 'EUR' })).toContain('COUPON__DISCOUNT_MISSING');
    expect(await bad({ percentOff: 100.5 })).toContain('COUPON__PERCENT_INVALID');
    expect(await bad({ percentOff: 12.345 })).toContain('COUPON__PERCENT_INVALID');
    expect(await bad({ amountOff: 100 })).toContain('COUPON__CURRENCY_MISSING');
    expect(await bad({ amountOff: 100, currency: 'XXY' })).toEqual(['CURRENCY__UNKNOWN']);
    expect(await bad({ percentOff: 10, duration: 'REPEATING' })).toContain('COUPON__MONTHS_MISSING');
    expect(await bad({ percentOff: 10, redeemBy: '2001-01-01T00:00:00Z' })).toContain('COUPON__REDEEM_BY_PAST');
    await coupon({ percentOff: 5 }, { code: 'Dup-1' });
    const { couponId } = await coupon({ percentOff: 5 }, { code: 'other-1' });
    const dup = await gql(
      `mutation ($input: CreatePromotionCodeInput!) { createPromotionCode(input: $input) { promotionCode { id } userErrors { reason path } } }`,
      { input: { couponId, code: 'DUP-1' } },
    );
    expect(dup.createPromotionCode.userErrors).toEqual([{ reason: 'PROMOTION_CODE__TAKEN', path: ['input', 'code'] }]);
    const spaces = await gql(
      `mutation ($input: CreatePromotionCodeInput!) { createPromotionCode(input: $input) { promotionCode { id } userErrors { reason } } }`,
      { input: { couponId, code: 'has space' } },
    );
    expect(spaces.createPromotionCode.userErrors[0].reason).toBe('VALUE__BAD_FORMAT');
  });

  it('keeps coupons in their tenant and behind the coupon scopes', async () => {
    const { couponId } = await coupon({ percentOff: 5 }, { code: 'tenant-a' });
    expect((await gql(`query ($id: ID!) { coupon(id: $id) { id } }`, { id: couponId }, gw.orgB.testKey)).coupon).toBeNull();
    expect((await gql(`query ($id: ID!) { coupon(id: $id) { id } }`, { id: couponId }, gw.orgA.liveKey)).coupon).toBeNull();
    const key = await gw.keyWith(['checkout-link:read']);
    const res = await gw.graphql(`query { coupons { totalCount } }`, {}, key);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('promotion codes on the hosted page', () => {
  it('refuses an unknown code with a clear message and keeps the cart open at full price', async () => {
    const link = await createLink(gw, { unitAmount: 5000, extra: allowed });
    const { sessionId } = await openCart(gw, link);
    const res = await submit(gw, sessionId, { email: 'b@example.com', promotion_code: 'TOTALLYFAKE' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('&quot;TOTALLYFAKE&quot; is not a valid promotion code.');
    expect(res.body).toContain('class="field invalid"');
    expect(await session(sessionId)).toMatchObject({ status: 'OPEN', couponCode: null, amountTotal: 5000 });
  });

  it('refuses codes on a link that does not allow them (storefront API), the page ignores them', async () => {
    await coupon({ percentOff: 10 }, { code: 'NOTHERE' });
    const link = await createLink(gw, { unitAmount: 5000 });
    const { sessionId } = await openCart(gw, link);
    // The page has no code field there: a posted code is ignored, never applied or stored.
    const res = await submit(gw, sessionId, { email: 'b@example.com', promotion_code: 'NOTHERE' });
    expect(res.statusCode).toBe(303);
    expect(await session(sessionId)).toMatchObject({ status: 'COMPLETE', couponCode: null, amountTotal: 5000, amountDiscount: 0 });
    const other = await openCart(gw, link);
    const api = await applyCode(other.clientSecret, 'NOTHERE');
    expect(api.userErrors.map((e) => e.reason)).toEqual(['PROMOTION_CODE__NOT_ALLOWED']);
  });

  it('an accepted code changes every amount, is shown, and is redeemed once at completion', async () => {
    await coupon({ percentOff: 20, duration: 'FOREVER', name: 'Spring' }, { code: 'SPRING20' });
    const link = await createLink(gw, { unitAmount: 4990, quantity: 2, recurring: { interval: 'MONTH' }, extra: allowed });
    const { sessionId, clientSecret } = await openCart(gw, link);
    const applied = await applyCode(clientSecret, 'spring20');
    expect(applied.userErrors).toEqual([]);
    expect(applied.session.amounts).toMatchObject({ amountSubtotal: 9980, amountDiscount: 1996, amountDueToday: 7984 });
    const page = await gw.inject({ method: 'GET', url: `/checkout/${sessionId}` });
    expect(page.body).toContain('<dt>Due today</dt><dd data-total="due">€79.84</dd>');
    expect(page.body).toContain('Discount (SPRING20)');
    expect(page.body).toContain('&minus;€19.96');
    expect(page.body).toContain('<span data-recurring="0">€79.84</span> per month <span class="regular">(regularly €99.80)</span>');
    expect(await session(sessionId)).toMatchObject({
      status: 'OPEN',
      couponCode: 'SPRING20',
      amountSubtotal: 9980,
      amountDiscount: 1996,
      amountTotal: 7984,
      discount: { duration: 'FOREVER', percentOff: 20, amountOff: null, label: 'SPRING20' },
      recurring: [{ amount: 9980, amountDiscount: 1996, amountAfterDiscount: 7984 }],
      lines: [{ amountSubtotal: 9980, amountDiscount: 1996, amountDueToday: 7984 }],
      promotionCode: { code: 'SPRING20', timesRedeemed: 0 },
    });
    const done = await submit(gw, sessionId, { email: 'b@example.com', promotion_code: 'SPRING20' });
    expect(done.statusCode).toBe(303);
    expect(await session(sessionId)).toMatchObject({
      status: 'COMPLETE',
      amountTotal: 7984,
      couponCode: 'SPRING20',
      promotionCode: { timesRedeemed: 1, coupon: { timesRedeemed: 1 } },
    });
  });

  it('amount off in the cart currency; another currency or product is not applicable', async () => {
    await coupon({ amountOff: 500, currency: 'EUR' }, { code: 'FIVE-EUR' });
    await coupon({ amountOff: 500, currency: 'USD' }, { code: 'FIVE-USD' });
    const link = await createLink(gw, { unitAmount: 3000, extra: allowed });
    const { sessionId } = await openCart(gw, link);
    const usd = await submit(gw, sessionId, { email: 'b@example.com', promotion_code: 'FIVE-USD' });
    expect(usd.statusCode).toBe(422);
    expect(usd.body).toContain('for orders in USD only');
    const other = await createLink(gw, { unitAmount: 100, title: 'Other' });
    const productId = (await gql(`query ($id: ID) { checkoutLink(id: $id) { lineItems { product { id } } } }`, { id: other.id })).checkoutLink.lineItems[0]
      .product.id;
    await coupon({ percentOff: 50, appliesToProducts: [productId] }, { code: 'ONLY-OTHER' });
    const only = await submit(gw, sessionId, { email: 'b@example.com', promotion_code: 'ONLY-OTHER' });
    expect(only.body).toContain('does not apply to the items in this order');
    expect((await submit(gw, sessionId, { email: 'b@example.com', promotion_code: 'FIVE-EUR' })).statusCode).toBe(303);
    expect(await session(sessionId)).toMatchObject({ status: 'COMPLETE', amountTotal: 2500, amountDiscount: 500 });
  });

  it('refuses inactive and used-up codes; a code used up meanwhile refuses the completion and the cart stays open', async () => {
    const link = await createLink(gw, { unitAmount: 3000, extra: allowed });
    const { codeId } = await coupon({ percentOff: 10 }, { code: 'PAUSED' });
    await gql(`mutation ($id: ID!) { updatePromotionCode(id: $id, input: { active: false }) { userErrors { reason } } }`, { id: codeId });
    const a = await openCart(gw, link);
    expect((await submit(gw, a.sessionId, { email: 'b@example.com', promotion_code: 'PAUSED' })).body).toContain('no longer active');
    await coupon({ percentOff: 10, maxRedemptions: 1 }, { code: 'ONCE-ONLY' });
    const b = await openCart(gw, link);
    const c = await openCart(gw, link);
    expect((await applyCode(c.clientSecret, 'ONCE-ONLY')).userErrors).toEqual([]);
    expect((await submit(gw, b.sessionId, { email: 'b@example.com', promotion_code: 'ONCE-ONLY' })).statusCode).toBe(303);
    // c applied the code before b used it up: its completion is refused, the cart stays open.
    const late = await submit(gw, c.sessionId, { email: 'c@example.com', promotion_code: 'ONCE-ONLY' });
    expect(late.statusCode).toBe(422);
    expect(late.body).toContain('reached its redemption limit');
    expect((await session(c.sessionId)).status).toBe('OPEN');
    const d = await openCart(gw, link);
    expect((await applyCode(d.clientSecret, 'ONCE-ONLY')).userErrors.map((e) => e.reason)).toEqual(['PROMOTION_CODE__EXHAUSTED']);
    // Clearing the code gives the full price back; then the buyer can pay it.
    expect((await applyCode(c.clientSecret, '')).session.amounts.amountDueToday).toBe(3000);
    expect((await submit(gw, c.sessionId, { email: 'c@example.com', promotion_code: '' })).statusCode).toBe(303);
    expect(await session(c.sessionId)).toMatchObject({ status: 'COMPLETE', amountTotal: 3000, couponCode: null });
  });

  it('with a limit of 3 and 12 concurrent buyers exactly 3 redeem', async () => {
    const { couponId } = await coupon({ percentOff: 50 }, { code: 'RUSH', maxRedemptions: 3 });
    const link = await createLink(gw, { unitAmount: 1000, extra: allowed });
    const carts = [];
    for (let i = 0; i < 12; i++) {
      const { sessionId, clientSecret } = await openCart(gw, link);
      expect((await applyCode(clientSecret, 'RUSH')).userErrors).toEqual([]);
      carts.push(sessionId);
    }
    const results = await Promise.all(carts.map((id, i) => submit(gw, id, { email: `b${i}@example.com`, promotion_code: 'RUSH' })));
    expect(results.filter((r) => r.statusCode === 303)).toHaveLength(3);
    expect(results.filter((r) => r.statusCode === 422)).toHaveLength(9);
    const c = (await gql(`query ($id: ID!) { coupon(id: $id) { timesRedeemed valid promotionCodes { timesRedeemed } } }`, { id: couponId })).coupon;
    expect(c).toEqual({ timesRedeemed: 3, valid: true, promotionCodes: [{ timesRedeemed: 3 }] });
    const sessions = await Promise.all(carts.map(session));
    expect(sessions.filter((s) => s.status === 'COMPLETE').every((s) => s.amountTotal === 500)).toBe(true);
  });
});
