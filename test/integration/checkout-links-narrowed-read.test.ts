// Links read with narrowed nested rows (src/graphql/loaders.ts LINE_ITEM_REFS_OF_LINK and
// PLAN_OF_LINK_PRICED): when every field an operation selects is on the allow-list, the link's
// statement carries only what those fields read (line items without tenant and timestamps, and
// their price's, product's and plan's ids; a plan's tier items without their products), and the
// answer is the one whole rows give. One field off the list and the read is whole again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkApi } from '../support/checkout-link-fixtures.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { countSql, joinedRowOf } from '../support/sql-counter.ts';

let gw: TestGateway;
const api = linkApi(() => gw);
const links: any[] = [];
let planId = '';

beforeAll(async () => {
  gw = await startGateway({ WEBHOOK_WORKER: 'off' });
  const a = await api.product('A', 'EUR', 100);
  const b = await api.product('B', 'EUR', 250);
  const plan = await api.plan({
    name: 'Narrowed',
    tiers: [
      { name: 'Basic', items: [{ productId: a.productId, priceId: a.priceId }] },
      {
        name: 'Pro',
        items: [
          { productId: a.productId, priceId: a.priceId },
          { productId: b.productId, priceId: b.priceId, defaultQuantity: 3 },
        ],
      },
    ],
  });
  planId = plan.id;
  links.push(await api.createOk({ planTierId: plan.tiers[1].id }));
  links.push(await api.createOk({ planTierId: plan.tiers[0].id }));
  links.push(await api.createOk({ lineItems: [{ priceId: b.priceId, quantity: 2 }, { priceId: a.priceId }] }));
  links.push(await api.createOk({ mode: 'SETUP', currency: 'eur' }));
  await gw.graphql(`{ checkoutLinks(first: 1) { nodes { id } } }`); // the key's first use may write lastUsedAt
}, 120_000);
afterAll(async () => {
  await gw?.close();
});

/** The Fynn classic link's fields (adapters/fynn/operations/classic-links.graphql). */
const ITEM_REFS = `id title slug url active createdAt
  settings { couponsAllowed forceCompany quantityEditable trialDays }
  afterCompletion { type redirectUrl message backToProviderUrl }
  lineItems { id type quantity product { id } plan { id } price { id } periods { contractPeriod cancellationPeriod } }`;

/** The Whop configuration's fields (adapters/whop/operations/checkout-configurations.graphql). */
const PRICES = `currency amountOnce trialDays recurring { interval intervalCount amount }`;
const PLAN_PRICED = `id currency createdAt updatedAt metadata affiliateCode url
  settings { threeDsLevel paymentMethodConfiguration { enabled disabled includePlatformDefaults } }
  afterCompletion { type redirectUrl }
  plan { id currency releaseMethod visibility expirationDays trialPeriodDays threeDsLevel paymentMethodConfiguration pricing { ${PRICES} } tiers { id } }
  planTier { id pricing { ${PRICES} } }`;

async function read(query: string) {
  const { result, statements } = await countSql(gw.db.orm, () => gw.graphql<any>(query));
  expect(result.body.errors).toBeUndefined();
  return { data: result.body.data, statements };
}

/** Drops the `extra` key every object of `value` may carry. */
const without = (value: any, extra: string): any =>
  Array.isArray(value)
    ? value.map((v) => without(v, extra))
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([k]) => k !== extra)
            .map(([k, v]) => [k, without(v, extra)]),
        )
      : value;

describe('a page of links read with narrowed nested rows', () => {
  it('reads line items with only the ids of their prices, products and plans for the item-refs fields, answering as whole rows do', async () => {
    const narrowed = await read(`{ checkoutLinks(first: 10) { totalCount nodes { ${ITEM_REFS} } } }`);
    // One field off the list (a price's amount): whole rows.
    const whole = await read(`{ checkoutLinks(first: 10) { totalCount nodes { ${ITEM_REFS} lineItems { price { unitAmount } } } } }`);
    expect(narrowed.statements).toHaveLength(1);
    expect(whole.statements).toHaveLength(1);
    expect(narrowed.statements[0]).not.toMatch(/"unit_amount"/);
    expect(narrowed.statements[0]).not.toMatch(/n0_0\."created_at"/);
    // The ids of the items' prices and products are the items' own foreign keys: no join for them.
    expect(narrowed.statements[0]).not.toMatch(joinedRowOf('price'));
    expect(narrowed.statements[0]).not.toMatch(joinedRowOf('product'));
    expect(narrowed.statements[0]).toMatch(joinedRowOf('plan'));
    // One flat array per item (fast-read's tuple): its columns spread, the keys of its price and
    // product as bare values, not an array of arrays.
    expect(narrowed.statements[0]).not.toMatch(/json_build_array\(case when n0_0\./);
    expect(narrowed.statements[0]).not.toMatch(/json_build_array\(n0_0\."(price|product)_id"\)/);
    expect(narrowed.statements[0]).toMatch(/json_build_array\(n0_0\."id", /);
    // Their keys are the item's own columns in the tuple, sent once.
    expect(narrowed.statements[0]?.match(/n0_0\."price_id"/g)).toHaveLength(1);
    expect(narrowed.statements[0]?.match(/n0_0\."product_id"/g)).toHaveLength(1);
    expect(whole.statements[0]).toMatch(/n0_1\."unit_amount"/);
    expect(narrowed.data.checkoutLinks.nodes.some((l: any) => l.lineItems.some((i: any) => i.price && i.product))).toBe(true);
    expect(narrowed.data).toEqual(without(whole.data, 'unitAmount'));
  });

  it('reads a link by id the same way', async () => {
    for (const link of links) {
      const narrowed = await read(`{ checkoutLink(id: "${link.id}") { ${ITEM_REFS} } }`);
      const whole = await read(`{ checkoutLink(id: "${link.id}") { ${ITEM_REFS} lineItems { price { unitAmount } } } }`);
      expect(narrowed.statements[0]).not.toMatch(/"unit_amount"/);
      expect(narrowed.data).toEqual(without(whole.data, 'unitAmount'));
    }
  });

  it("reads links' plans without the tier items' products for the priced-plan fields, answering as whole rows do", async () => {
    const narrowed = await read(`{ checkoutLinks(first: 10) { nodes { ${PLAN_PRICED} } pageInfo { hasNextPage endCursor } } }`);
    // One field off the list (a plan's origin product): the tier items' products are read again.
    const whole = await read(`{ checkoutLinks(first: 10) { nodes { ${PLAN_PRICED} plan { originProduct { id } } } pageInfo { hasNextPage endCursor } } }`);
    expect(narrowed.statements).toHaveLength(1);
    expect(narrowed.statements[0]).toMatch(/"plan_tier_item"/);
    expect(narrowed.statements[0]).not.toMatch(joinedRowOf('product'));
    expect(whole.statements[0]).toMatch(joinedRowOf('product'));
    // The tiers without tenant and timestamps, their items' prices with only what pricing reads.
    expect(narrowed.statements[0]).not.toMatch(/n1_0\."created_at"|n2_0\."created_at"|n2_1\."nickname"|n2_1\."metadata"/);
    expect(narrowed.statements[0]).toMatch(/n2_1\."unit_amount"/);
    expect(whole.statements[0]).toMatch(/n1_0\."created_at"/);
    expect(whole.statements[0]).toMatch(/n2_1\."nickname"/);
    expect(narrowed.data.checkoutLinks.nodes.filter((l: any) => l.plan?.tiers.length === 2 && l.planTier?.pricing.amountOnce > 0)).toHaveLength(2);
    expect(narrowed.data).toEqual(without(whole.data, 'originProduct'));
  });

  it('reads whole rows for an operation selecting a field off the lists, wherever it is', async () => {
    // A second root field reading products: the line items' read is whole again.
    const r = await read(`{ checkoutLinks(first: 10) { nodes { ${ITEM_REFS} } } products(first: 5) { nodes { id name } } }`);
    expect(r.statements[0]).toMatch(/n0_2\."name"/);
  });
});

/** The Fynn V2 plan's fields (adapters/fynn/operations/plans.graphql). */
const PLAN_TIER_REFS = `id code name description status currency createdAt updatedAt
  tiers { id name position items { id product { id } price { id } defaultQuantity minQuantity maxQuantity quantityEditable } }`;

describe('a plan read with its tier items narrowed (PLAN_TIER_REF_FIELDS)', () => {
  it("reads only the currency of the items' prices and the id of their products, answering as whole rows do", async () => {
    const narrowed = await read(`{ plan(id: "${planId}") { ${PLAN_TIER_REFS} } }`);
    // One field off the list (a price's amount): whole rows.
    const whole = await read(`{ plan(id: "${planId}") { ${PLAN_TIER_REFS} tiers { items { price { unitAmount } } } } }`);
    expect(narrowed.statements).toHaveLength(1);
    expect(whole.statements).toHaveLength(1);
    expect(narrowed.statements[0]).toMatch(/"plan_tier_item"/);
    expect(narrowed.statements[0]).toMatch(/"currency"/);
    expect(narrowed.statements[0]).not.toMatch(/"unit_amount"|"nickname"|"tax_code"/);
    expect(narrowed.statements[0]).not.toMatch(joinedRowOf('product'));
    expect(whole.statements[0]).toMatch(/"unit_amount"/);
    const plan = narrowed.data.plan;
    expect(plan.currency).toBe('EUR');
    expect(plan.tiers.map((t: any) => t.items.length)).toEqual([1, 2]);
    expect(plan.tiers[1].items[1]).toMatchObject({ defaultQuantity: 3, product: { id: expect.any(String) }, price: { id: expect.any(String) } });
    expect(narrowed.data).toEqual(without(whole.data, 'unitAmount'));
  });

  it("reads whole rows when the operation shows more of a tier item's product or the plan's pricing", async () => {
    const product = await read(`{ plan(id: "${planId}") { ${PLAN_TIER_REFS} tiers { items { product { name } } } } }`);
    expect(product.statements[0]).toMatch(/"unit_amount"/);
    const priced = await read(`{ plan(id: "${planId}") { ${PLAN_TIER_REFS} tiers { pricing { amountOnce } } } }`);
    expect(priced.statements[0]).toMatch(/"unit_amount"/);
    expect(priced.data.plan.tiers[1].pricing.amountOnce).toBeGreaterThan(0);
  });
});

/** The bench's deep page (test/bench/scenarios.ts graphqlLinksQuery): items' prices and products, plans' tiers and their items. */
const DEEP = `id slug title
  lineItems { quantity price { unitAmount currency product { name } } }
  plan { name tiers { name items { defaultQuantity price { unitAmount currency product { name } } } } }`;

describe('a deep page of links read with narrowed prices, products and plans (LINE_ITEM_PRICE_FIELDS)', () => {
  it("reads only the amounts, currencies and names of the items' and tier items' prices, products and plans, answering as whole rows do", async () => {
    const narrowed = await read(`{ checkoutLinks(first: 50) { nodes { ${DEEP} } } }`);
    // One field off the list (a price's tax behaviour): whole rows, for the links' items and the plans' tiers.
    const whole = await read(`{ checkoutLinks(first: 50) { nodes { ${DEEP} lineItems { price { taxBehavior } } } } }`);
    expect(narrowed.statements).toHaveLength(2);
    expect(whole.statements).toHaveLength(2);
    const [items, tiers] = narrowed.statements as [string, string];
    const [wholeItems, wholeTiers] = whole.statements as [string, string];
    expect(items).toMatch(/"line_item"/);
    expect(items).toMatch(/n0_1\."unit_amount"/);
    expect(items).toMatch(/n0_2\."name"/);
    expect(items).not.toMatch(/n0_1\."tax_behavior"|n0_2\."description"|n0_3\."code"|n0_0\."created_at"/);
    expect(wholeItems).toMatch(/n0_1\."tax_behavior"/);
    expect(wholeItems).toMatch(/n0_3\."code"/);
    expect(tiers).toMatch(/"plan_tier_item"/);
    expect(tiers).toMatch(/n0_1\."unit_amount"/);
    expect(tiers).not.toMatch(/n0_1\."tax_behavior"|n0_2\."description"|n0_0\."created_at"/);
    expect(wholeTiers).toMatch(/n0_1\."tax_behavior"/);
    const nodes = narrowed.data.checkoutLinks.nodes;
    expect(nodes.filter((l: any) => l.plan?.tiers.length === 2 && l.plan.tiers[1].items[1]?.price.product.name === 'B')).toHaveLength(2);
    expect(nodes.some((l: any) => l.lineItems.some((i: any) => i.price?.unitAmount === 250 && i.price.product.name === 'B'))).toBe(true);
    expect(narrowed.data).toEqual(without(whole.data, 'taxBehavior'));
  });

  it('answers the same for a page whose plans are read with the links (first: 10)', async () => {
    const narrowed = await read(`{ checkoutLinks(first: 10) { nodes { ${DEEP} } } }`);
    const whole = await read(`{ checkoutLinks(first: 10) { nodes { ${DEEP} lineItems { price { taxBehavior } } } } }`);
    expect(narrowed.statements).toHaveLength(1);
    expect(narrowed.statements[0]).not.toMatch(/n0_1\."tax_behavior"/);
    expect(narrowed.data).toEqual(without(whole.data, 'taxBehavior'));
  });
});
