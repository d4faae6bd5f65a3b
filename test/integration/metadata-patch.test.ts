// updateCheckoutLink(metadataPatch): Stripe's merge (a key set to null or "" is removed, others
// set, untouched keys stay) applied in the update's one transaction on the locked row, so
// concurrent patches of different keys all survive (run with DATABASE_URL for PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkApi } from '../support/checkout-link-fixtures.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
const api = linkApi(() => gw);
let priceId: string;

beforeAll(async () => {
  gw = await startGateway();
  priceId = (await api.product('Patched', 'EUR', 500)).priceId;
});
afterAll(async () => {
  await gw?.close();
});

const errors = (r: { userErrors: { code: string; reason: string; path: string[] }[] }) =>
  r.userErrors.map(({ code, reason, path }) => ({ code, reason, path: path.join('.') }));

describe('updateCheckoutLink metadataPatch', () => {
  it('merges: sets the keys given, removes those set to null or "", keeps the others', async () => {
    const link = await api.createOk({ lineItems: [{ priceId }], metadata: { keep: 'k', drop: 'd', blank: 'b', change: 'old' } });
    const r = await api.update(link.id, { metadataPatch: { drop: null, blank: '', change: 'new', added: 1 } });
    expect(r.userErrors).toEqual([]);
    expect(r.checkoutLink.metadata).toEqual({ keep: 'k', change: 'new', added: 1 });
  });

  it('concurrent patches of different keys all survive', async () => {
    const link = await api.createOk({ lineItems: [{ priceId }], metadata: { base: 'x' } });
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => api.update(link.id, { metadataPatch: { [`k${i}`]: `v${i}` } })));
    expect(replies.flatMap((r) => r.userErrors)).toEqual([]);
    const got = await gw.graphql<any>('query ($id: ID!) { checkoutLink(id: $id) { metadata } }', { id: link.id });
    expect(got.body.data.checkoutLink.metadata).toEqual({ base: 'x', ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, `v${i}`])) });
  });

  it('refuses metadata with metadataPatch, and a merge past 50 keys, changing nothing', async () => {
    const link = await api.createOk({ lineItems: [{ priceId }], metadata: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`m${i}`, 'v'])) });
    expect(errors(await api.update(link.id, { metadata: { a: '1' }, metadataPatch: { b: '2' } }))).toEqual([
      { code: 'VALIDATION', reason: 'METADATA__CONFLICT', path: 'input.metadataPatch' },
    ]);
    expect(errors(await api.update(link.id, { metadataPatch: { one: 'too many' } }))).toEqual([
      { code: 'VALIDATION', reason: 'VALUE__INVALID', path: 'input.metadataPatch' },
    ]);
    // Removing one key makes room for another.
    const ok = await api.update(link.id, { metadataPatch: { m0: null, one: 'fits' } });
    expect(ok.userErrors).toEqual([]);
    expect(Object.keys(ok.checkoutLink.metadata)).toHaveLength(50);
    expect(ok.checkoutLink.metadata.one).toBe('fits');
    expect(errors(await api.update('01900000-0000-7000-8000-00000000abcd', { metadataPatch: { a: '1' } }))).toEqual([
      { code: 'NOT_FOUND', reason: 'CHECKOUT_LINK__NOT_FOUND', path: 'id' },
    ]);
  });

  it('products, prices, coupons and promotion codes merge the same way, concurrently too', async () => {
    const made = await gw.graphql<any>(
      `mutation { createProduct(input: { name: "Meta", metadata: { keep: "k", drop: "d" }, defaultPrice: { currency: "EUR", unitAmount: 1, metadata: { keep: "k", drop: "d" } } }) { product { id defaultPrice { id } } } }`,
    );
    const product = made.body.data.createProduct.product;
    const coupon = (
      await gw.graphql<any>(
        `mutation { createCoupon(input: { name: "Meta", percentOff: 10, duration: ONCE, metadata: { keep: "k", drop: "d" }, promotionCodes: [{ code: "META-1" }] }) { coupon { id promotionCodes { id } } userErrors { reason } } }`,
      )
    ).body.data.createCoupon.coupon;
    const targets: [string, string, string][] = [
      ['updateProduct', 'UpdateProductInput', product.id],
      ['updatePrice', 'UpdatePriceInput', product.defaultPrice.id],
      ['updateCoupon', 'UpdateCouponInput', coupon.id],
      ['updatePromotionCode', 'UpdatePromotionCodeInput', coupon.promotionCodes[0].id],
    ];
    for (const [mutation, input, id] of targets) {
      const object = { updateProduct: 'product', updatePrice: 'price', updateCoupon: 'coupon', updatePromotionCode: 'promotionCode' }[mutation];
      const doc = `mutation ($id: ID!, $input: ${input}!) { ${mutation}(id: $id, input: $input) { ${object} { metadata } userErrors { reason } } }`;
      const replies = await Promise.all(
        Array.from({ length: 4 }, (_, i) => gw.graphql<any>(doc, { id, input: { metadataPatch: { [`k${i}`]: `v${i}`, drop: null } } })),
      );
      expect(replies.flatMap((r) => r.body.data[mutation].userErrors)).toEqual([]);
      const last = await gw.graphql<any>(doc, { id, input: { metadataPatch: {} } });
      const expected = { k0: 'v0', k1: 'v1', k2: 'v2', k3: 'v3', ...(mutation === 'updatePromotionCode' ? {} : { keep: 'k' }) };
      expect(last.body.data[mutation][object!].metadata, mutation).toEqual(expected);
    }
  });
});
