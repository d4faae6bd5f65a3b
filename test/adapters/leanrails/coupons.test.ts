// /v1/coupons and /v1/promotion_codes in Stripe's shapes, and a LeanRails link with
// allow_promotion_codes whose checkout takes the code: the amounts agree to the minor unit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../../src/contract/ids.ts';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { openCart, submit } from '../../checkout/helpers.ts';
import { leanrails, productWithPrice, type LeanRails } from './client.ts';

let gw: TestGateway;
let lr: LeanRails;
beforeAll(async () => {
  gw = await startGateway();
  lr = leanrails(gw);
});
afterAll(async () => {
  await gw?.close();
});

describe('LeanRails coupons and promotion codes', () => {
  it('creates, reads, lists, updates and deletes coupons; codes embed their coupon', async () => {
    const c = await lr.post(
      '/v1/coupons',
      { percent_off: 25, duration: 'repeating', duration_in_months: 3, name: 'Quarter', metadata: { k: 'v' } },
      { form: true },
    );
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({
      object: 'coupon',
      percent_off: 25,
      amount_off: null,
      currency: null,
      duration: 'repeating',
      duration_in_months: 3,
      name: 'Quarter',
      times_redeemed: 0,
      valid: true,
      metadata: { k: 'v' },
      livemode: false,
    });
    expect(c.body.id).toMatch(/^co_/);
    const amount = await lr.post('/v1/coupons', { amount_off: 500, currency: 'usd', duration: 'once' });
    expect(amount.body).toMatchObject({ amount_off: 500, currency: 'usd', percent_off: null });
    expect((await lr.get(`/v1/coupons/${c.body.id}`)).body.id).toBe(c.body.id);
    expect((await lr.get('/v1/coupons?limit=1')).body).toMatchObject({ object: 'list', has_more: true });
    expect((await lr.post(`/v1/coupons/${c.body.id}`, { name: 'Renamed' })).body.name).toBe('Renamed');

    const p = await lr.post('/v1/promotion_codes', { coupon: c.body.id, code: 'QUARTER', max_redemptions: 5 });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({
      object: 'promotion_code',
      code: 'QUARTER',
      active: true,
      max_redemptions: 5,
      times_redeemed: 0,
      coupon: { id: c.body.id, percent_off: 25 },
    });
    expect((await lr.get(`/v1/promotion_codes?code=quarter`)).body.data.map((x: any) => x.id)).toEqual([p.body.id]);
    expect((await lr.post(`/v1/promotion_codes/${p.body.id}`, { active: false })).body.active).toBe(false);

    const del = await lr.post(`/v1/coupons/${amount.body.id}`, {}, {});
    expect(del.status).toBe(200);
    const gone = await gw.inject({
      method: 'DELETE',
      url: `/leanrails/v1/coupons/${amount.body.id}`,
      headers: { authorization: `Basic ${Buffer.from(`${gw.orgA.testKey}:`).toString('base64')}` },
    });
    expect(gone.json()).toEqual({ id: amount.body.id, object: 'coupon', deleted: true });
    expect((await lr.get(`/v1/coupons/${amount.body.id}`)).status).toBe(404);
  });

  it('answers bad input in its own error shape, never a 500', async () => {
    const both = await lr.post('/v1/coupons', { percent_off: 10, amount_off: 100, currency: 'usd' });
    expect(both.status, JSON.stringify(both.body)).toBe(422);
    expect(both.body.error).toMatchObject({ type: 'invalid_request_error' });
    expect((await lr.post('/v1/coupons', { percent_off: 150 })).status).toBe(400);
    expect((await lr.post('/v1/promotion_codes', { coupon: 'co_nope', code: 'X' })).status).toBe(404);
    expect((await lr.get('/v1/promotion_codes/promo_nope')).status).toBe(404);
    expect((await lr.get('/v1/coupons/co_nope', { key: gw.orgB.testKey })).status).toBe(404);
  });

  it('a link with allow_promotion_codes: the code lowers every amount the link, the page and the session show', async () => {
    const { price } = await productWithPrice(lr, 'usd', 2500);
    const coupon = await lr.post('/v1/coupons', { amount_off: 700, currency: 'usd' });
    await lr.post('/v1/promotion_codes', { coupon: coupon.body.id, code: 'SEVEN' });
    const link = await lr.post('/v1/checkout_links', { title: 'Widgets', line_items: [{ price, quantity: 2 }], allow_promotion_codes: true });
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    const linkId = decodeId('cl', link.body.id)!;
    expect(
      ((await gw.graphql(`query ($id: ID) { checkoutLink(id: $id) { pricing { amountDueToday } } }`, { id: linkId })).body.data as any).checkoutLink.pricing
        .amountDueToday,
    ).toBe(5000);
    const { sessionId } = await openCart(gw, { id: linkId });
    expect((await submit(gw, sessionId, { email: 'b@example.com', promotion_code: 'seven' })).statusCode).toBe(303);
    const s = (
      await gw.graphql(`query ($id: ID!) { checkoutSession(id: $id) { status amountSubtotal amountDiscount amountTotal couponCode } }`, { id: sessionId })
    ).body.data as any;
    expect(s.checkoutSession).toEqual({ status: 'COMPLETE', amountSubtotal: 5000, amountDiscount: 700, amountTotal: 4300, couponCode: 'SEVEN' });
    expect((await lr.get(`/v1/coupons/${coupon.body.id}`)).body.times_redeemed).toBe(1);
  });
});
