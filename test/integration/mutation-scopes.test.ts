// A REST create whose answer embeds objects the key may not read is refused before it writes
// (src/graphql/field-scopes.ts checkMutationSelection, via GatewayCore.refuseBeforeRun): the
// caller never gets a 403 for a link that nevertheless exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../src/contract/ids.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { leanrails, productWithPrice, type LeanRails } from '../adapters/leanrails/client.ts';

let gw: TestGateway;
let lr: LeanRails;
let price: string;
let biz: string;

const linkCount = async (): Promise<number> => {
  const res = await gw.graphql(`{ checkoutLinks(first: 1) { totalCount } }`);
  return (res.body.data as any).checkoutLinks.totalCount;
};

beforeAll(async () => {
  gw = await startGateway();
  lr = leanrails(gw);
  ({ price } = await productWithPrice(lr, 'eur', 1500));
  biz = encodeId('biz', gw.orgA.id);
}, 120_000);
afterAll(async () => {
  await gw?.close();
});

describe('a mutation answer the key may not read', () => {
  // Whatever subset of scopes a key holds, a face's create either succeeds (2xx, one more link)
  // or is refused (4xx) with nothing written: never a refusal of a link that now exists.
  const SUBSETS = [
    ['checkout-link:write'],
    ['checkout-link:write', 'plan:write'],
    ['checkout-link:write', 'plan:write', 'product:write', 'price:write'],
    ['checkout-link:write', 'checkout-link:read', 'plan:write', 'plan:read', 'product:write', 'product:read', 'price:write', 'price:read'],
  ];
  const CASES = SUBSETS.map((scopes) => ({ scopes, label: scopes.join(' ') }));

  it.each(CASES)('LeanRails create with $label: 2xx and one more link, or 4xx and none', async ({ scopes }) => {
    const key = await gw.keyWith(scopes);
    const before = await linkCount();
    const res = await lr.post('/v1/checkout_links', { title: 'Scoped', line_items: [{ price, quantity: 1 }] }, { key });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
    expect(await linkCount()).toBe(res.status < 300 ? before + 1 : before);
  });

  it.each(CASES)('Whop create (inline plan) with $label: 2xx and one more link, or 4xx and none', async ({ scopes }) => {
    const key = await gw.keyWith(scopes);
    const before = await linkCount();
    const res = await gw.inject({
      method: 'POST',
      url: '/whop/api/v1/checkout_configurations',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      payload: JSON.stringify({
        plan: {
          company_id: biz,
          currency: 'usd',
          initial_price: 10,
          renewal_price: 20,
          plan_type: 'renewal',
          billing_period: 30,
          title: `Scoped ${scopes.length}`,
        },
      }),
    });
    expect(res.statusCode, res.body).toBeLessThan(500);
    expect(await linkCount()).toBe(res.statusCode < 300 ? before + 1 : before);
  });

  it('Whop: the key with every scope the answer shows creates the configuration', async () => {
    const key = await gw.keyWith(SUBSETS[3] as string[]);
    const res = await gw.inject({
      method: 'POST',
      url: '/whop/api/v1/checkout_configurations',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      payload: JSON.stringify({
        plan: { company_id: biz, currency: 'usd', initial_price: 10, renewal_price: 20, plan_type: 'renewal', billing_period: 30, title: 'All scopes' },
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('GraphQL: a mutation selecting a relation the key may not read is a 403 with no data, and writes nothing', async () => {
    const writer = await gw.keyWith(['checkout-link:write']);
    const before = await linkCount();
    const res = await gw.graphql(
      `mutation ($input: CreateCheckoutLinkInput!) { createCheckoutLink(input: $input) { checkoutLink { id lineItems { price { unitAmount } } } userErrors { reason } } }`,
      { input: { lineItems: [{ priceId: await priceGlobalId(), quantity: 1 }] } },
      writer,
    );
    expect(res.status).toBe(403);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await linkCount()).toBe(before);
    // Without the price in the answer the same key creates the link.
    const ok = await gw.graphql(
      `mutation ($input: CreateCheckoutLinkInput!) { createCheckoutLink(input: $input) { checkoutLink { id lineItems { quantity } } userErrors { reason } } }`,
      { input: { lineItems: [{ priceId: await priceGlobalId(), quantity: 1 }] } },
      writer,
    );
    expect(ok.body.errors).toBeUndefined();
    expect(await linkCount()).toBe(before + 1);
  });
});

/** The GraphQL id of the LeanRails price (the faces show their own ids). */
async function priceGlobalId(): Promise<string> {
  const res = await gw.graphql(`{ prices(first: 1) { nodes { id } } }`);
  return (res.body.data as any).prices.nodes[0].id;
}
