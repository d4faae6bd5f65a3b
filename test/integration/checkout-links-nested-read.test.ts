// A link's line items read in the link's own statement when the operation selects them (the
// link read's JSON subquery, src/db/fast-read.ts FastNested): one statement for a link or a page
// of links with their items, prices, products and plans, and the same answer as the items'
// DataLoader gives (reached here through LineItem.checkoutLink, which reads a link by id).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../src/contract/ids.ts';
import { fynn } from '../adapters/fynn/helpers.ts';
import { LINK_FIELDS, linkApi } from '../support/checkout-link-fixtures.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { countSql } from '../support/sql-counter.ts';

let gw: TestGateway;
const api = linkApi(() => gw);
const links: any[] = [];
let planId = '';

beforeAll(async () => {
  gw = await startGateway({ WEBHOOK_WORKER: 'off' });
  const a = await api.product('A', 'EUR', 100);
  const b = await api.product('B', 'EUR', 250);
  const plan = await api.plan({
    name: 'Nested',
    tiers: [
      {
        name: 'Basic',
        items: [
          { productId: a.productId, priceId: a.priceId },
          { productId: b.productId, priceId: b.priceId, defaultQuantity: 3 },
        ],
      },
      { name: 'Empty', items: [] },
    ],
  });
  planId = plan.id;
  links.push(await api.createOk({ planTierId: plan.tiers[0].id }));
  links.push(
    await api.createOk({
      lineItems: [{ priceId: b.priceId, quantity: 2 }, { priceData: { productId: a.productId, currency: 'eur', unitAmount: 77 } }],
    }),
  );
  links.push(await api.createOk({ mode: 'SETUP', currency: 'eur' }));
  // Another organisation's link with items: never in org A's answers.
  const other = await gw.graphql<any>(
    `mutation { createProduct(input: { name: "Other", defaultPrice: { currency: "EUR", unitAmount: 5 } }) { product { defaultPrice { id } } } }`,
    {},
    gw.orgB.testKey,
  );
  await api.createOk({ lineItems: [{ priceId: other.body.data.createProduct.product.defaultPrice.id }] }, gw.orgB.testKey);
}, 120_000);
afterAll(async () => {
  await gw?.close();
});

const NESTED = /"__nested\d*"/;

/** The link as the items' DataLoader reads it: from one of its items (or by id when it has none). */
async function throughLoader(link: any): Promise<any> {
  if (link.lineItems.length === 0) return link;
  const r = await gw.graphql<any>(`query ($id: ID!) { lineItem(id: $id) { checkoutLink { ${LINK_FIELDS} } } }`, { id: link.lineItems[0].id });
  expect(r.body.errors).toBeUndefined();
  return r.body.data.lineItem.checkoutLink;
}

describe('a link read with its line items', () => {
  it('reads a link with its items, prices, products and plans in one statement, answering as the loader does', async () => {
    await gw.graphql(`{ checkoutLinks(first: 1) { nodes { id } } }`); // the key's first use may write lastUsedAt
    for (const link of links) {
      const { result, statements } = await countSql(gw.db.orm, () =>
        gw.graphql<any>(`query ($id: ID!) { checkoutLink(id: $id) { ${LINK_FIELDS} } }`, { id: link.id }),
      );
      expect(result.body.errors).toBeUndefined();
      const read = result.body.data.checkoutLink;
      // salesChannel has a loader of its own: one more statement.
      // The link with its items first; then only what has loaders of its own here (the sales
      // channel, the link's and the items' plan tiers): no statement reads items, prices,
      // products, plans or the link again (an item's checkoutLink is the link read).
      expect(statements[0]).toMatch(NESTED);
      expect(statements.slice(1).filter((s) => /from "(line_item|price|product|plan|checkout_link)"/.test(s))).toEqual([]);
      expect(statements.length).toBeLessThanOrEqual(4);
      expect(read).toEqual(link);
      expect(read).toEqual(await throughLoader(link));
    }
    expect(links.map((l) => l.lineItems.length)).toEqual([2, 2, 0]);
    expect(links[0].lineItems.every((li: any) => li.plan?.id && li.price.id && li.product.id)).toBe(true);
  });

  it('reads a page of links with their items in one statement, counted too, and nothing of another organisation', async () => {
    const query = `{ checkoutLinks(first: 10) { totalCount nodes { ${LINK_FIELDS} } } }`;
    const { result, statements } = await countSql(gw.db.orm, () => gw.graphql<any>(query));
    expect(result.body.errors).toBeUndefined();
    expect(statements[0]).toMatch(NESTED);
    expect(statements.slice(1).filter((s) => /from "(line_item|price|product|plan|checkout_link)"/.test(s))).toEqual([]);
    expect(statements.length).toBeLessThanOrEqual(4);
    const page = result.body.data.checkoutLinks;
    expect(page.totalCount).toBe(3);
    expect(page.nodes).toEqual([...links].reverse());
    // Through edges as well.
    const edges = await countSql(gw.db.orm, () => gw.graphql<any>(`{ checkoutLinks(first: 10) { edges { node { id lineItems { id price { id } } } } } }`));
    expect(edges.statements).toHaveLength(1);
    expect(edges.result.body.data.checkoutLinks.edges.map((e: any) => e.node.lineItems.map((li: any) => li.id))).toEqual(
      [...links].reverse().map((l) => l.lineItems.map((li: any) => li.id)),
    );
  });

  it('reads the items only when the operation selects them (@include / @skip honoured)', async () => {
    const query = `query ($with: Boolean!) { checkoutLinks(first: 10) { nodes { id lineItems @include(if: $with) { id } } } }`;
    const without = await countSql(gw.db.orm, () => gw.graphql<any>(query, { with: false }));
    expect(without.statements).toHaveLength(1);
    expect(without.statements[0]).not.toMatch(NESTED);
    expect(without.result.body.data.checkoutLinks.nodes[0]).toEqual({ id: links[2].id });
    const withItems = await countSql(gw.db.orm, () => gw.graphql<any>(query, { with: true }));
    expect(withItems.statements).toHaveLength(1);
    expect(withItems.statements[0]).toMatch(NESTED);
    const one = await countSql(gw.db.orm, () =>
      gw.graphql<any>(`query ($id: ID!) { checkoutLink(id: $id) { id lineItems @skip(if: true) { id } } }`, { id: links[0].id }),
    );
    expect(one.statements[0]).not.toMatch(NESTED);
  });

  it('serves Fynn classic retrieve and list in one statement each', async () => {
    const get = await countSql(gw.db.orm, () => fynn(gw, 'GET', `/checkout-links/${links[1].id}`));
    expect(get.result.statusCode).toBe(200);
    expect(get.statements).toHaveLength(1);
    expect(get.result.json().items ?? get.result.json()).toBeTruthy();
    const list = await countSql(gw.db.orm, () => fynn(gw, 'GET', '/checkout-links?itemsPerPage=10'));
    expect(list.result.statusCode).toBe(200);
    expect(list.statements).toHaveLength(1);
  });
});

describe('a plan read with its tiers and their items', () => {
  const TIERS = `tiers { id name position items { id defaultQuantity price { id unitAmount currency product { id name } } product { id } } }`;

  it('reads a plan, its tiers and their items with prices and products in one statement, answering as the loaders do', async () => {
    const { result, statements } = await countSql(gw.db.orm, () => gw.graphql<any>(`query ($id: ID!) { plan(id: $id) { id ${TIERS} } }`, { id: planId }));
    expect(result.body.errors).toBeUndefined();
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(NESTED);
    const plan = result.body.data.plan;
    expect(plan.tiers.map((t: any) => t.items.length)).toEqual([2, 0]);
    // The same tiers through a tier's own read (planTier by id, then its plan's tiers by plan).
    const viaTier = await gw.graphql<any>(`query ($id: ID!) { planTier(id: $id) { plan { id ${TIERS} } } }`, { id: plan.tiers[0].id });
    expect(viaTier.body.errors).toBeUndefined();
    expect(viaTier.body.data.planTier.plan).toEqual(plan);
  });

  it("reads the bench's link tree (links, items, plans, tiers, tier items) in two statements", async () => {
    const query = `{ checkoutLinks(first: 50) { nodes { id slug title lineItems { quantity price { unitAmount currency product { name } } }
      plan { name tiers { name items { defaultQuantity price { unitAmount currency product { name } } } } } } } }`;
    const { result, statements } = await countSql(gw.db.orm, () => gw.graphql<any>(query));
    expect(result.body.errors).toBeUndefined();
    expect(statements).toHaveLength(2);
    const tierLink = result.body.data.checkoutLinks.nodes.find((l: any) => l.plan);
    expect(tierLink.plan.tiers.map((t: any) => t.items.length)).toEqual([2, 0]);
    expect(tierLink.lineItems.map((li: any) => li.price.product.name)).toEqual(['A', 'B']);
  });

  it('serves Fynn V2 plan retrieve in one statement', async () => {
    const get = await countSql(gw.db.orm, () => fynn(gw, 'GET', `/api/plans/${planId}`));
    expect(get.result.statusCode).toBe(200);
    expect(get.statements).toHaveLength(1);
  });
});

describe('a link read with its plan', () => {
  it("reads one link with its plan, the plan's tiers and their items in one statement, answering as the loaders do", async () => {
    const fields = `id planTier { id name } plan { id name tiers { id name items { id defaultQuantity price { id unitAmount product { id name } } } } }`;
    const { result, statements } = await countSql(gw.db.orm, () =>
      gw.graphql<any>(`query ($id: ID!) { checkoutLink(id: $id) { ${fields} } }`, { id: links[0].id }),
    );
    expect(result.body.errors).toBeUndefined();
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(NESTED);
    const read = result.body.data.checkoutLink;
    expect(read.plan.tiers.map((t: any) => t.items.length)).toEqual([2, 0]);
    expect(read.planTier).toEqual({ id: read.plan.tiers[0].id, name: 'Basic' });
    // The same through the loaders: the link in a page of more than 10 (plans read after the page).
    const listed = await countSql(gw.db.orm, () => gw.graphql<any>(`{ checkoutLinks(first: 11) { nodes { ${fields} } } }`));
    expect(listed.statements).toHaveLength(2);
    expect(listed.result.body.data.checkoutLinks.nodes.find((l: any) => l.id === read.id)).toEqual(read);
    // A page of at most 10 reads the plans in its statement too, answering the same.
    const small = await countSql(gw.db.orm, () => gw.graphql<any>(`{ checkoutLinks(first: 10) { nodes { ${fields} } } }`));
    expect(small.statements).toHaveLength(1);
    expect(small.result.body.data).toEqual(listed.result.body.data);
    // A link without a plan: null, in the same one statement.
    const none = await countSql(gw.db.orm, () => gw.graphql<any>(`query ($id: ID!) { checkoutLink(id: $id) { ${fields} } }`, { id: links[1].id }));
    expect(none.statements).toHaveLength(1);
    expect(none.result.body.data.checkoutLink).toEqual({ id: links[1].id, planTier: null, plan: null });
  });

  it('serves Whop retrieve of a tier link and Whop list (10) in one statement each', async () => {
    const get = await countSql(gw.db.orm, () =>
      gw.inject({
        method: 'GET',
        url: `/whop/api/v1/checkout_configurations/${encodeId('ch', links[0].id)}`,
        headers: { authorization: `Bearer ${gw.orgA.testKey}` },
      }),
    );
    expect(get.result.statusCode).toBe(200);
    expect(get.statements).toHaveLength(1);
    expect(get.result.json().plan?.id).toMatch(/^plan_/);
    const list = await countSql(gw.db.orm, () =>
      gw.inject({ method: 'GET', url: '/whop/api/v1/checkout_configurations?first=10', headers: { authorization: `Bearer ${gw.orgA.testKey}` } }),
    );
    expect(list.result.statusCode).toBe(200);
    expect(list.statements).toHaveLength(1);
  });

  it("reads each plan of a page once: its JSON is on the first link naming it, the page's other links share it", async () => {
    // Three links on the plan in all, and two without one. (Last test of the file: it adds links.)
    const tiers = (await gw.graphql<any>(`query ($id: ID!) { plan(id: $id) { tiers { id } } }`, { id: planId })).body.data.plan.tiers;
    await api.createOk({ planTierId: tiers[0].id });
    await api.createOk({ planTierId: tiers[0].id });
    await api.createOk({ mode: 'SETUP', currency: 'eur' });
    const fields = `id planTier { id name } plan { id name tiers { id name items { id defaultQuantity price { id unitAmount } } } }`;
    const seen: [string, readonly unknown[]][] = [];
    const orm = gw.db.orm;
    const previous = orm.config.get('onQuery');
    orm.config.set('onQuery', (sql: string, params: readonly unknown[]) => {
      seen.push([sql, params]);
      return previous ? previous(sql, params) : sql;
    });
    let page: any;
    try {
      page = await gw.graphql<any>(`{ checkoutLinks(first: 10) { nodes { ${fields} } } }`);
    } finally {
      orm.config.set('onQuery', previous);
    }
    expect(page.body.errors).toBeUndefined();
    expect(seen).toHaveLength(1);
    const nodes = page.body.data.checkoutLinks.nodes;
    expect(nodes).toHaveLength(6);
    const onPlan = nodes.filter((l: any) => l.plan);
    expect(onPlan.map((l: any) => l.plan.id)).toEqual([planId, planId, planId]);
    expect(onPlan[0].plan.tiers.map((t: any) => t.items.length)).toEqual([2, 0]);
    // Each link as read on its own (its plan in its own statement) answers the same.
    for (const link of nodes) {
      const one = await gw.graphql<any>(`query ($id: ID!) { checkoutLink(id: $id) { ${fields} } }`, { id: link.id });
      expect(one.body.data.checkoutLink).toEqual(link);
    }
    // The page's statement: the plan's JSON on one row (the old statement had it on each of the three).
    const [sql, params] = seen[0] as [string, readonly unknown[]];
    const rows = (await orm.em
      .fork()
      .getConnection()
      .execute(sql, [...params], 'all')) as Record<string, unknown>[];
    const column = Object.keys(rows[0] ?? {}).filter((k) => k.startsWith('__nested'));
    expect(column).toHaveLength(1);
    expect(rows).toHaveLength(6);
    expect(rows.filter((r) => r[column[0] as string] != null)).toHaveLength(1);
  });
});
