// The DataLoader proof: the SQL statements of one checkout link list query do not grow with the
// number of links returned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkApi } from '../support/checkout-link-fixtures.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { countSql, joinedRowOf } from '../support/sql-counter.ts';

let gw: TestGateway;
const api = linkApi(() => gw);

const QUERY = `query ($n: Int) { checkoutLinks(first: $n) { nodes {
  id lineItems { price { product { id } } } plan { tiers { items { id } } } salesChannel { id } } } }`;

beforeAll(async () => {
  // Statement counts: no background webhook worker or expiry sweeper polling during the count.
  gw = await startGateway({ WEBHOOK_WORKER: 'off' });
  const a = await api.product('A', 'EUR', 100);
  const b = await api.product('B', 'EUR', 200);
  const c = await api.product('C', 'EUR', 300);
  const tierOf = (name: string) => ({
    name,
    items: [
      { productId: a.productId, priceId: a.priceId },
      { productId: b.productId, priceId: b.priceId, defaultQuantity: 2 },
    ],
  });
  const plans = [
    await api.plan({ name: 'Plan one', tiers: [tierOf('Basic'), tierOf('Pro')] }),
    await api.plan({ name: 'Plan two', tiers: [tierOf('Solo'), tierOf('Team')] }),
  ];
  const tiers = plans.flatMap((p) => p.tiers.map((t: any) => t.id as string));
  for (let i = 0; i < 50; i++) {
    if (i % 2 === 0) {
      await api.createOk({ planTierId: tiers[(i / 2) % tiers.length] });
    } else {
      await api.createOk({ lineItems: [{ priceId: c.priceId }, { priceData: { productId: a.productId, currency: 'eur', unitAmount: i } }] });
    }
  }
}, 120_000);
afterAll(async () => {
  await gw?.close();
});

async function measure(n: number): Promise<{ statements: string[]; nodes: any[] }> {
  const { result, statements } = await countSql(gw.db.orm, () => gw.graphql(QUERY, { n }));
  expect(result.body.errors).toBeUndefined();
  return { statements, nodes: (result.body.data as any).checkoutLinks.nodes };
}

describe('checkout link list: SQL statements are constant in the number of links', () => {
  it('issues the same statements for 11 and for 50 links, and no more for 5', async () => {
    await measure(1); // warm-up: the key's first use may write lastUsedAt
    // Pages of up to 10 links read their plans in the page's statement (resolvers/checkout-link.ts,
    // linkReads): one statement fewer there; larger pages read them after the page, once per plan.
    const five = await measure(5);
    const eleven = await measure(11);
    const fifty = await measure(50);
    expect(five.nodes).toHaveLength(5);
    expect(eleven.nodes).toHaveLength(11);
    expect(fifty.nodes).toHaveLength(50);
    // Every page holds TIER links (plan with tiers and items) and ITEMS links (inline prices).
    for (const page of [five.nodes, eleven.nodes, fifty.nodes]) {
      expect(page.some((l: any) => l.plan?.tiers.length === 2 && l.plan.tiers[0].items.length === 2)).toBe(true);
      expect(page.some((l: any) => l.plan === null && l.lineItems.length === 2)).toBe(true);
      expect(page.every((l: any) => l.salesChannel && l.lineItems.every((li: any) => li.price.product.id))).toBe(true);
    }
    console.info(
      `checkoutLinks SQL statements: first 5 -> ${five.statements.length}, first 11 -> ${eleven.statements.length}, first 50 -> ${fifty.statements.length}`,
    );
    expect(fifty.statements.length).toBe(eleven.statements.length);
    expect(five.statements.length).toBeLessThanOrEqual(fifty.statements.length);
    // Links with their items, plans with their tiers and items, sales channels.
    expect(fifty.statements).toHaveLength(3);
    expect(five.statements).toHaveLength(2);
    // One statement per relation level, not per row: at most ~12 for this query.
    expect(five.statements.length).toBeLessThanOrEqual(12);
    // Line items and tier items come with their prices and products (joined loaders: a scalar
    // subquery by key inside the nested read, `from "price" n0_1 where`): no statement of its
    // own reads prices or products.
    expect(fifty.statements.filter((sql) => /\bfrom "(price|product)"(?! n\d+_[1-9]\d* where)/.test(sql))).toEqual([]);
    expect(fifty.statements.filter((sql) => joinedRowOf('price').test(sql))).toHaveLength(2);
  });
});

describe('checkout link list: totalCount is counted with the page', () => {
  const listQuery = (fields: string) => `query ($n: Int, $after: String, $offset: Int) {
    checkoutLinks(first: $n, after: $after, offset: $offset) { ${fields} } }`;

  it('adds no statement for totalCount, and counts the whole list whatever the page', async () => {
    const plain = await countSql(gw.db.orm, () => gw.graphql(listQuery('nodes { id }'), { n: 10 }));
    const counted = await countSql(gw.db.orm, () => gw.graphql(listQuery('totalCount nodes { id }'), { n: 10 }));
    expect(counted.result.body.errors).toBeUndefined();
    expect(counted.statements).toHaveLength(plain.statements.length);
    // The total of an unfiltered list comes from the live links' tally (checkout-link-tally.test.ts).
    const counts = (sql: string) => /count\(\*\)|"checkout_link_tally"/.test(sql);
    expect(counted.statements.filter(counts)).toHaveLength(1);
    const first = (counted.result.body.data as any).checkoutLinks;
    expect(first.totalCount).toBe(50);

    // After a cursor, through a fragment: the total is still the list's, not what is left.
    const fragment = `query ($n: Int, $after: String) { checkoutLinks(first: $n, after: $after) { ...Counted nodes { id } } }
      fragment Counted on CheckoutLinkConnection { totalCount }`;
    const page = await gw.graphql(listQuery('nodes { id } pageInfo { endCursor }'), { n: 10 });
    const after = (page.body.data as any).checkoutLinks.pageInfo.endCursor;
    const second = await countSql(gw.db.orm, () => gw.graphql(fragment, { n: 10, after }));
    expect((second.result.body.data as any).checkoutLinks.totalCount).toBe(50);
    expect(second.statements.filter(counts)).toHaveLength(1);

    // A page past the end has no row to carry the count: it is counted on its own.
    const past = await gw.graphql(listQuery('totalCount nodes { id }'), { n: 10, offset: 60 });
    expect(past.body.errors).toBeUndefined();
    expect((past.body.data as any).checkoutLinks).toEqual({ totalCount: 50, nodes: [] });
  });
});
