// A client that speaks only Fynn: classic /products and /price-plans, a V2 plan and a link with
// couponsAllowed, then classic /coupons with a customer-facing code. The hosted page refuses an
// unknown or not-applicable code (the cart stays open) and accepts the coupon's code: the amount
// due changes and the redemption is counted on the coupon. Bad input answers the classic shape;
// coupon:read / coupon:write are enforced; another tenant or mode sees nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { PAYING_CARD } from '../../checkout/helpers.ts';
import { fynn } from './helpers.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** 201/200 with the JSON body, or the failing body in the message. */
async function ok(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, status = 200) {
  const res = await fynn(gw, method, url, body);
  expect(res.statusCode, res.body).toBe(status);
  return res.statusCode === 204 ? null : res.json();
}

/** The link page's form, as a buyer posts it (starts and completes a cart in one go). */
const buy = (slug: string, form: Record<string, string>) =>
  gw.inject({
    method: 'POST',
    url: `/checkout-link/${slug}/cart`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...PAYING_CARD, ...form }).toString(),
  });

/** "€36.75" -> 3675. */
const minor = (shown: string): number => Math.round(Number(shown.replace(/[^0-9.]/g, '')) * 100);
const dueOnPage = (html: string): number => minor(/data-total="due">([^<]+)</.exec(html)?.[1] ?? 'NaN');

describe('Fynn classic coupons', () => {
  let productId = '';
  let otherProductId = '';
  let slug = '';
  let couponId = '';

  it('a Fynn-only client builds a product, price plan, plan and a link that takes codes', async () => {
    productId = (await ok('POST', '/products', { name: 'Coupon seat', type: 'product' }, 201)).id;
    otherProductId = (await ok('POST', '/products', { name: 'Coupon other', type: 'product' }, 201)).id;
    const price = await ok(
      'POST',
      '/price-plans',
      { product: productId, currencyCode: 'EUR', price: { amount: 4900 }, billingInterval: '1M', internalName: 'Monthly' },
      201,
    );
    const plan = await ok(
      'POST',
      '/api/plans',
      { code: 'coupon-plan', name: 'Coupon plan', tiers: [{ name: 'Solo', items: [{ productId, pricePlanId: price.id }] }] },
      201,
    );
    const active = await ok('POST', `/api/plans/${plan.id}/activate`);
    const link = await ok('POST', `/api/plans/${plan.id}/checkout-links`, { planTierId: active.tiers[0].id, couponsAllowed: true }, 201);
    expect(link.couponsAllowed).toBe(true);
    slug = link.slug;
    const page = await gw.inject({ url: `/checkout-link/${slug}/cart` });
    expect(page.statusCode).toBe(200);
    expect(dueOnPage(page.body)).toBe(4900);
    expect(page.body).toContain('name="promotion_code"');
  });

  it('creates a coupon with its code, reads it, lists it and keeps its discount fixed', async () => {
    const made = await ok(
      'POST',
      '/coupons',
      {
        name: 'Spring',
        code: 'FYNN25',
        discountType: 'percentage',
        value: 25,
        duration: 'repeating',
        durationInMonths: 3,
        maxRedemptions: 10,
        products: [productId],
      },
      201,
    );
    expect(made).toEqual({
      id: expect.stringMatching(UUID),
      name: 'Spring',
      code: 'FYNN25',
      codes: [{ code: 'FYNN25', active: true }],
      discountType: 'percentage',
      value: 25,
      currencyCode: null,
      duration: 'repeating',
      durationInMonths: 3,
      maxRedemptions: 10,
      validUntil: null,
      products: [productId],
      status: 'active',
      timesRedeemed: 0,
      createdAt: expect.stringMatching(/\+00:00$/),
      updatedAt: expect.stringMatching(/\+00:00$/),
    });
    couponId = made.id;
    expect(await ok('GET', `/coupons/${couponId}`)).toEqual(made);

    // PUT: the name changes; the object read back is accepted; a discount change is a 422 naming the field.
    const renamed = await ok('PUT', `/coupons/${couponId}`, { ...made, name: 'Spring 2027' });
    expect(renamed).toMatchObject({ id: couponId, name: 'Spring 2027', code: 'FYNN25', value: 25 });
    const change = await fynn(gw, 'PUT', `/coupons/${couponId}`, { value: 50 });
    expect(change.statusCode).toBe(422);
    expect(change.json()).toMatchObject({ '@type': 'ConstraintViolationList', violations: [expect.objectContaining({ propertyPath: 'value' })] });
    const recode = await fynn(gw, 'PUT', `/coupons/${couponId}`, { code: 'OTHER25' });
    expect(recode.statusCode).toBe(422);
    expect(recode.json().violations).toEqual([expect.objectContaining({ propertyPath: 'code' })]);

    // A coupon made without a code gets its code by PUT; a fixed amount carries its currency.
    const fixed = await ok('POST', '/coupons', { discountType: 'fixed', value: 500, currencyCode: 'usd' }, 201);
    expect(fixed).toMatchObject({ code: null, codes: [], discountType: 'fixed', value: 500, currencyCode: 'USD', duration: 'once' });
    // A blank name is refused before anything is written: the code is not made either.
    const blank = await fynn(gw, 'PUT', `/coupons/${fixed.id}`, { name: '  ', code: 'FIVE-USD' });
    expect(blank.statusCode).toBe(422);
    expect(blank.json().violations).toEqual([expect.objectContaining({ propertyPath: 'name' })]);
    expect((await ok('GET', `/coupons/${fixed.id}`)).codes).toEqual([]);
    expect(await ok('PUT', `/coupons/${fixed.id}`, { code: 'FIVE-USD' })).toMatchObject({ code: 'FIVE-USD', codes: [{ code: 'FIVE-USD', active: true }] });
    await ok('POST', '/coupons', { discountType: 'percentage', value: 10, code: 'ONLY-OTHER', products: [otherProductId] }, 201);

    const list = await ok('GET', '/coupons?itemsPerPage=2');
    expect(list['hydra:totalItems']).toBe(3);
    expect(list['hydra:member'].map((c: { id: string }) => c.id)).toEqual([couponId, fixed.id]);
    expect(list['hydra:view']).toMatchObject({
      '@id': '/coupons?itemsPerPage=2&page=1',
      'hydra:last': '/coupons?itemsPerPage=2&page=2',
      'hydra:next': '/coupons?itemsPerPage=2&page=2',
    });
    const second = await ok('GET', '/coupons?itemsPerPage=2&page=2');
    expect(second['hydra:member'].map((c: { code: string }) => c.code)).toEqual(['ONLY-OTHER']);
  });

  it('the hosted page refuses unknown and not-applicable codes (the cart stays open) and takes the coupon code: the amount changes', async () => {
    const unknown = await buy(slug, { email: 'fynn-coupon@example.com', promotion_code: 'TOTALLYFAKE' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('&quot;TOTALLYFAKE&quot; is not a valid promotion code.');
    const currency = await buy(slug, { email: 'fynn-coupon@example.com', promotion_code: 'FIVE-USD' });
    expect(currency.statusCode).toBe(422);
    const other = await buy(slug, { email: 'fynn-coupon@example.com', promotion_code: 'ONLY-OTHER' });
    expect(other.statusCode).toBe(422);
    expect(other.body).toContain('does not apply to the items in this order');
    expect((await ok('GET', `/coupons/${couponId}`)).timesRedeemed).toBe(0);

    const done = await buy(slug, { email: 'fynn-coupon@example.com', promotion_code: 'fynn25' });
    expect(done.statusCode, done.body.slice(0, 1000)).toBe(303);
    const confirmation = await gw.inject({ url: new URL(done.headers.location as string, 'http://x').pathname });
    expect(minor(/class="paid-today">([^<]+)</.exec(confirmation.body)?.[1] ?? 'NaN')).toBe(3675);
    expect(await ok('GET', `/coupons/${couponId}`)).toMatchObject({ timesRedeemed: 1, status: 'active' });
  });

  it('answers bad input in the classic shape, naming the classic fields (never a 500)', async () => {
    const bodies: [unknown, string][] = [
      [{ value: 10 }, 'discountType'],
      [{ discountType: 'percentage' }, 'value'],
      [{ discountType: 'percentage', value: 120 }, 'value'],
      [{ discountType: 'fixed', value: 100 }, 'currencyCode'],
      [{ discountType: 'fixed', value: 1.5, currencyCode: 'EUR' }, 'value'],
      [{ discountType: 'percentage', value: 10, duration: 'repeating' }, 'durationInMonths'],
      [{ discountType: 'percentage', value: 10, products: ['00000000-0000-4000-8000-000000000000'] }, 'products[0]'],
      [{ discountType: 'percentage', value: 10, validUntil: '2001-01-01T00:00:00+00:00' }, 'validUntil'],
      [{ discountType: 'percentage', value: 10, code: 'has space' }, 'code'],
      [{ discountType: 'percentage', value: 10, color: 'red' }, 'color'],
    ];
    for (const [body, field] of bodies) {
      const res = await fynn(gw, 'POST', '/coupons', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json(), res.body).toMatchObject({ '@type': 'ConstraintViolationList', 'hydra:title': 'An error occurred', status: 422 });
      expect(
        res.json().violations.map((v: { propertyPath: string }) => v.propertyPath),
        res.body,
      ).toContain(field);
      // The core's words for the fields are not shown to a Fynn client.
      expect(res.body).not.toMatch(/percentOff|amountOff|redeemBy|appliesToProducts/);
    }
    const taken = await fynn(gw, 'POST', '/coupons', { discountType: 'percentage', value: 10, code: 'Fynn25' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ '@type': 'hydra:Error', status: 409 });
    const notJson = await fynn(gw, 'POST', '/coupons', undefined, gw.orgA.testKey, '{nope');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()['@type']).toBe('hydra:Error');
    expect((await fynn(gw, 'GET', '/coupons/not-a-uuid')).json()).toMatchObject({ '@type': 'hydra:Error', status: 404 });
    expect((await fynn(gw, 'GET', '/coupons/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await fynn(gw, 'PUT', '/coupons/00000000-0000-4000-8000-000000000000', { name: 'x' })).statusCode).toBe(404);
    expect((await fynn(gw, 'GET', '/coupons?page=0')).statusCode).toBe(422);
  });

  it('needs coupon:write to write and coupon:read to read; another tenant or mode sees nothing', async () => {
    const reader = await gw.keyWith(['coupon:read']);
    expect((await fynn(gw, 'POST', '/coupons', { discountType: 'percentage', value: 5 }, reader)).statusCode).toBe(403);
    expect((await fynn(gw, 'PUT', `/coupons/${couponId}`, { name: 'x' }, reader)).statusCode).toBe(403);
    expect((await fynn(gw, 'DELETE', `/coupons/${couponId}`, undefined, reader)).statusCode).toBe(403);
    expect((await fynn(gw, 'GET', `/coupons/${couponId}`, undefined, reader)).statusCode).toBe(200);
    const linksOnly = await gw.keyWith(['checkout-link:read', 'product:read']);
    expect((await fynn(gw, 'GET', '/coupons', undefined, linksOnly)).statusCode).toBe(403);
    expect((await fynn(gw, 'GET', `/coupons/${couponId}`, undefined, linksOnly)).statusCode).toBe(403);
    expect((await fynn(gw, 'GET', '/coupons', undefined, null)).statusCode).toBe(401);
    expect((await fynn(gw, 'GET', `/coupons/${couponId}`, undefined, gw.orgB.testKey)).statusCode).toBe(404);
    expect((await fynn(gw, 'GET', `/coupons/${couponId}`, undefined, gw.orgA.liveKey)).statusCode).toBe(404);
    expect((await fynn(gw, 'DELETE', `/coupons/${couponId}`, undefined, gw.orgB.testKey)).statusCode).toBe(404);
    expect((await fynn(gw, 'GET', '/coupons', undefined, gw.orgB.testKey)).json()['hydra:totalItems']).toBe(0);
  });

  it('DELETE: 204, the coupon is gone and its code no longer accepted', async () => {
    await ok('DELETE', `/coupons/${couponId}`, undefined, 204);
    expect((await fynn(gw, 'GET', `/coupons/${couponId}`)).statusCode).toBe(404);
    expect((await fynn(gw, 'DELETE', `/coupons/${couponId}`)).statusCode).toBe(404);
    expect((await ok('GET', '/coupons'))['hydra:totalItems']).toBe(2);
    const refused = await buy(slug, { email: 'fynn-coupon-2@example.com', promotion_code: 'FYNN25' });
    expect(refused.statusCode).toBe(422);
  });
});
