// TIER and PLAN links (plans made through GraphQL), list filters and pagination.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkApi } from '../support/checkout-link-fixtures.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
const api = linkApi(() => gw);
let seat: { productId: string; priceId: string };
let base: { productId: string; priceId: string };
let plan: any;

beforeAll(async () => {
  gw = await startGateway();
  seat = await api.product('Seat', 'EUR', 1000);
  base = await api.product('Base', 'EUR', 4900);
  plan = await api.plan({
    code: 'team',
    name: 'Team',
    tiers: [
      {
        name: 'Starter Plus',
        items: [
          { productId: base.productId, priceId: base.priceId },
          { productId: seat.productId, priceId: seat.priceId, defaultQuantity: 3, minQuantity: 1, maxQuantity: 10, quantityEditable: true },
        ],
      },
      { name: 'Pro', items: [{ productId: base.productId, priceId: base.priceId }] },
    ],
  });
});
afterAll(async () => {
  await gw?.close();
});

const LIST = `query ($f: CheckoutLinkFilter, $first: Int, $after: String, $last: Int, $before: String, $offset: Int, $dir: OrderDirection) {
  checkoutLinks(filter: $f, first: $first, after: $after, last: $last, before: $before, offset: $offset, orderDirection: $dir) {
    nodes { id slug } edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount } }`;

async function list(vars: Record<string, unknown>, key?: string): Promise<any> {
  const r = await gw.graphql(LIST, vars, key);
  expect(r.body.errors).toBeUndefined();
  return (r.body.data as any).checkoutLinks;
}

describe('TIER links', () => {
  it('sells a tier: line items from the tier items, slug from plan code and tier name', async () => {
    const tier = plan.tiers[0];
    const link = await api.createOk({ planTierId: tier.id, settings: { couponsAllowed: false } });
    expect(link).toMatchObject({
      slug: 'team-starter-plus',
      source: 'TIER',
      mode: 'PAYMENT',
      currency: 'EUR',
      plan: { id: plan.id },
      planTier: { id: tier.id },
      settings: { couponsAllowed: false },
    });
    expect(link.lineItems).toEqual([
      expect.objectContaining({
        type: 'PLAN',
        position: 0,
        quantity: 1,
        amountSubtotal: 4900,
        currency: 'EUR',
        adjustableQuantity: null,
        product: expect.objectContaining({ id: base.productId }),
        price: expect.objectContaining({ id: base.priceId }),
        plan: { id: plan.id },
        planTier: { id: tier.id },
      }),
      expect.objectContaining({
        type: 'PLAN',
        position: 1,
        quantity: 3,
        amountSubtotal: 3000,
        adjustableQuantity: { enabled: true, minimum: 1, maximum: 10 },
        price: expect.objectContaining({ id: seat.priceId }),
      }),
    ]);
    const again = await api.createOk({ planTierId: tier.id });
    expect(again.slug).toBe('team-starter-plus-2');
    const titled = await api.createOk({ planTierId: plan.tiers[1].id, title: 'Ignored for the slug' });
    expect(titled.slug).toBe('team-pro');
    const cur = await api.create({ planTierId: tier.id, currency: 'usd' });
    expect(cur.userErrors[0]).toMatchObject({ reason: 'LINK__CURRENCY_MISMATCH', path: ['input', 'currency'] });
  });

  it('refuses a tier or plan that cannot be sold (draft, no checkout, archived, deleted)', async () => {
    const draft = await api.plan({ name: 'Draft', activate: false, tiers: [{ name: 'T', items: [{ productId: seat.productId, priceId: seat.priceId }] }] });
    const closed = await api.plan({
      name: 'Closed',
      allowCheckout: false,
      tiers: [{ name: 'T', items: [{ productId: seat.productId, priceId: seat.priceId }] }],
    });
    const archived = await api.plan({ name: 'Archived', tiers: [{ name: 'T', items: [{ productId: seat.productId, priceId: seat.priceId }] }] });
    await gw.graphql(`mutation ($id: ID!) { archivePlan(id: $id) { plan { status } } }`, { id: archived.id });
    const deleted = await api.plan({ name: 'Deleted', tiers: [{ name: 'T', items: [{ productId: seat.productId, priceId: seat.priceId }] }] });
    const d = await gw.graphql(`mutation ($id: ID!) { deletePlan(id: $id) { deletedId userErrors { reason } } }`, { id: deleted.id });
    expect((d.body.data as any).deletePlan.deletedId).toBe(deleted.id);
    const before = await api.rows();
    for (const p of [draft, closed, archived, deleted]) {
      const r = await api.create({ planTierId: p.tiers[0].id });
      expect(r.userErrors).toEqual([{ code: 'VALIDATION', reason: 'PLAN__NOT_ACTIVE', message: expect.any(String), path: ['input', 'planTierId'] }]);
      const item = await api.create({ lineItems: [{ planId: p.id }] });
      expect(item.userErrors[0]?.reason).toMatch(/^PLAN__NOT_(ACTIVE|FOUND)$/);
    }
    for (const p of [draft, closed, archived]) {
      const r = await api.create({ planId: p.id });
      expect(r.userErrors[0]).toMatchObject({ code: 'VALIDATION', reason: 'PLAN__NOT_ACTIVE', path: ['input', 'planId'] });
    }
    const gone = await api.create({ planId: deleted.id });
    expect(gone.userErrors[0]).toMatchObject({ code: 'NOT_FOUND', reason: 'PLAN__NOT_FOUND', path: ['input', 'planId'] });
    expect(await api.rows()).toEqual(before);
  });

  it('a link whose plan is deleted shows plan null and is left out of nothing else', async () => {
    const p = await api.plan({ name: 'Short', tiers: [{ name: 'Only', items: [{ productId: seat.productId, priceId: seat.priceId }] }] });
    const link = await api.createOk({ planTierId: p.tiers[0].id });
    await gw.graphql(`mutation ($id: ID!) { deletePlan(id: $id) { deletedId } }`, { id: p.id });
    const r = await gw.graphql(`query ($id: ID) { checkoutLink(id: $id) { id plan { id } lineItems { plan { id } } } }`, { id: link.id });
    expect((r.body.data as any).checkoutLink).toEqual({ id: link.id, plan: null, lineItems: [{ plan: null }] });
  });
});

describe('PLAN links and plan items', () => {
  it('sells a single-price plan (Whop) and plan items with tier and price', async () => {
    const single = await api.plan({ name: 'Lifetime Access', planType: 'ONE_TIME', initialPrice: 500, currency: 'usd', tiers: [] });
    const link = await api.createOk({ planId: single.id });
    expect(link).toMatchObject({ source: 'PLAN', currency: 'USD', plan: { id: single.id }, planTier: null, slug: 'lifetime-access' });
    expect(link.lineItems).toEqual([expect.objectContaining({ type: 'PLAN', quantity: 1, plan: { id: single.id }, price: null, amountSubtotal: 500 })]);
    const items = await api.createOk({ lineItems: [{ planId: plan.id, planTierId: plan.tiers[1].id, priceId: base.priceId, quantity: 2 }] });
    expect(items).toMatchObject({ source: 'ITEMS', plan: null, currency: 'EUR' });
    expect(items.lineItems[0]).toMatchObject({
      type: 'PLAN',
      plan: { id: plan.id },
      planTier: { id: plan.tiers[1].id },
      price: { id: base.priceId },
      product: { id: base.productId },
      amountSubtotal: 9800,
    });
    const wrongTier = await api.create({ lineItems: [{ planId: plan.id, planTierId: single.id }] });
    expect(wrongTier.userErrors[0]).toMatchObject({ code: 'NOT_FOUND', reason: 'PLAN_TIER__NOT_FOUND', path: ['input', 'lineItems', '0', 'planTierId'] });
  });
});

describe('lists', () => {
  it('filters by plan, tier, source, mode, sales channel, active and creation time', async () => {
    const t0 = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const ch = await gw.graphql(`mutation { createSalesChannel(input: { name: "partner" }) { salesChannel { id } userErrors { reason } } }`);
    const channelId = (ch.body.data as any).createSalesChannel.salesChannel.id as string;
    const tierLink = await api.createOk({ planTierId: plan.tiers[1].id, active: false });
    const setup = await api.createOk({ mode: 'SETUP', salesChannel: 'partner' });
    const order = await api.createOk({ mode: 'ORDER', lineItems: [{ priceId: seat.priceId }] });
    const ids = (c: any) => c.nodes.map((n: any) => n.id);
    const after = { createdAfter: t0 };
    expect(ids(await list({ f: { ...after, planTierId: plan.tiers[1].id } }))).toEqual([tierLink.id]);
    expect(ids(await list({ f: { ...after, planId: plan.id } }))).toEqual([tierLink.id]);
    expect(ids(await list({ f: { ...after, source: 'TIER' } }))).toEqual([tierLink.id]);
    expect(ids(await list({ f: { ...after, mode: 'SETUP' } }))).toEqual([setup.id]);
    expect(ids(await list({ f: { ...after, mode: 'ORDER' } }))).toEqual([order.id]);
    expect(ids(await list({ f: { ...after, active: false } }))).toEqual([tierLink.id]);
    expect(ids(await list({ f: { ...after, active: true } }))).toEqual([order.id, setup.id]);
    expect(ids(await list({ f: after }))).toEqual([order.id, setup.id, tierLink.id]);
    expect((await list({ f: { createdBefore: t0 } })).nodes.map((n: any) => n.id)).not.toContain(order.id);
    expect(ids(await list({ f: { planId: 'not-a-uuid' } }))).toEqual([]);
    expect(ids(await list({ f: { ...after, salesChannelId: channelId } }))).toEqual([setup.id]);
    expect(setup.salesChannel).toEqual({ id: channelId, name: 'partner' });
    const def = await gw.graphql(`query ($id: ID) { checkoutLink(id: $id) { salesChannel { id } } }`, { id: order.id });
    const defaultId = (def.body.data as any).checkoutLink.salesChannel.id;
    expect(ids(await list({ f: { ...after, salesChannelId: defaultId } }))).toEqual([order.id, tierLink.id]);
  });

  it('pages forwards and backwards with cursors, offset and both orders', async () => {
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await api.createOk({ mode: 'SETUP', metadata: { i } }, gw.orgB.testKey)).id);
    const key = gw.orgB.testKey;
    const newest = [...made].reverse();
    const p1 = await list({ first: 3 }, key);
    expect(p1.nodes.map((n: any) => n.id)).toEqual(newest.slice(0, 3));
    expect(p1).toMatchObject({ totalCount: 7, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    expect(p1.edges[2].cursor).toBe(p1.pageInfo.endCursor);
    const p2 = await list({ first: 3, after: p1.pageInfo.endCursor }, key);
    expect(p2.nodes.map((n: any) => n.id)).toEqual(newest.slice(3, 6));
    expect(p2.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const p3 = await list({ first: 3, after: p2.pageInfo.endCursor }, key);
    expect(p3.nodes.map((n: any) => n.id)).toEqual(newest.slice(6));
    expect(p3.pageInfo.hasNextPage).toBe(false);
    const back = await list({ last: 2, before: p3.pageInfo.startCursor }, key);
    expect(back.nodes.map((n: any) => n.id)).toEqual(newest.slice(4, 6));
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    expect((await list({ first: 2, offset: 5 }, key)).nodes.map((n: any) => n.id)).toEqual(newest.slice(5, 7));
    // totalCount is every matching link whatever the page: counted, or told by a last page reached by offset.
    for (const page of [
      p2,
      p3,
      back,
      await list({ first: 2, offset: 5 }, key),
      await list({ first: 2, offset: 6 }, key),
      await list({ first: 2, offset: 9 }, key),
    ])
      expect(page.totalCount).toBe(7);
    expect((await list({ first: 10, f: { mode: 'PAYMENT' } }, key)).totalCount).toBe(0);
    expect((await list({ first: 3, dir: 'ASC' }, key)).nodes.map((n: any) => n.id)).toEqual(made.slice(0, 3));
    const tooMany = await gw.graphql(LIST, { first: 101 }, key);
    expect(tooMany.body.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });
});
