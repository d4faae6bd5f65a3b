// The GraphQL cost model (src/graphql/cost.ts), checked before execution: list sizes counted as
// they will be (literal, variable or default page size), relations costed by the rows they
// produce, fan-outs refused with a 400 in GraphQL's shape, every query the README shows
// accepted, and a connection under a list fetched in one statement for all parents.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlLinksQuery } from '../bench/scenarios.ts';
import { linkApi } from '../support/checkout-link-fixtures.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { countSql } from '../support/sql-counter.ts';

let gw: TestGateway;
const api = linkApi(() => gw);
let productId: string;
const productIds: string[] = [];

const FAN_OUT = (id: string) => `{ product(id: "${id}") { prices { nodes { product { prices { nodes { product { prices { nodes { id } } } } } } } } } }`;
const FAN_OUT_VARIABLE = `query ($id: ID!, $n: Int) { product(id: $id) { prices(first: $n) { nodes { product {
  prices(first: $n) { nodes { product { prices(first: $n) { nodes { id } } } } } } } } } }`;
const FAN_OUT_DEFAULT = `query ($id: ID!, $n: Int = 100) { product(id: $id) { prices(first: $n) { nodes { product {
  prices(first: $n) { nodes { product { prices(first: $n) { nodes { id } } } } } } } } } }`;

/** Every read query of README.md's walkthrough (`gql '{ … }'`). */
function readmeQueries(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  return [...readme.matchAll(/gql '(\{[\s\S]*?\})'/g)].map((m) => m[1] as string);
}

function expectRefused(res: { status: number; body: any }, reason: string): void {
  expect(res.status).toBe(400);
  expect(res.body.data).toBeUndefined();
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(res.body.errors[0].extensions.reason).toBe(reason);
  expect(res.body.errors[0].message).toMatch(/limit|most/);
}

beforeAll(async () => {
  gw = await startGateway();
  const first = await api.product('Many prices', 'EUR', 100);
  productId = first.productId;
  for (let i = 1; i < 100; i++) {
    const r = await gw.graphql(`mutation ($input: CreatePriceInput!) { createPrice(input: $input) { price { id } userErrors { reason } } }`, {
      input: { productId, currency: 'EUR', unitAmount: 100 + i },
    });
    expect((r.body.data as any).createPrice.userErrors).toEqual([]);
  }
  for (let i = 0; i < 12; i++) {
    const p = await api.product(`P${i}`, 'EUR', 500 + i);
    productIds.push(p.productId);
    for (let j = 0; j < 11; j++) {
      await gw.graphql(`mutation ($input: CreatePriceInput!) { createPrice(input: $input) { price { id } } }`, {
        input: { productId: p.productId, currency: 'EUR', unitAmount: 600 + j },
      });
    }
  }
  const plan = await api.plan({ name: 'Team', code: 'team', tiers: [{ name: 'Basic', items: [{ productId, priceId: first.priceId }] }] });
  await api.createOk({ planTierId: plan.tiers[0].id, title: 'Team basic' });
  await api.createOk({ lineItems: [{ priceId: first.priceId, quantity: 2 }], title: 'Starter bundle' });
}, 300_000);
afterAll(async () => {
  await gw?.close();
});

describe('GraphQL cost model: list sizes counted as they will be, checked before execution', () => {
  it('refuses the nested prices fan-out with the default page size (25), before any resolver runs', async () => {
    const { result, statements } = await countSql(gw.db.orm, () => gw.graphql(FAN_OUT(productId)));
    expectRefused(result, 'QUERY__TOO_COSTLY');
    expect(result.body.errors?.[0]?.extensions?.cost).toBeGreaterThan(10_000);
    expect(statements.filter((s) => /"price"/.test(s))).toEqual([]);
  });

  it('refuses the fan-out with first: $n = 100 from the variables, and from the variable default', async () => {
    expectRefused(await gw.graphql(FAN_OUT_VARIABLE, { id: productId, n: 100 }), 'QUERY__TOO_COSTLY');
    expectRefused(await gw.graphql(FAN_OUT_DEFAULT, { id: productId }), 'QUERY__TOO_COSTLY');
  });

  it('accepts the same shape when its page sizes keep it small', async () => {
    const res = await gw.graphql(FAN_OUT_VARIABLE, { id: productId, n: 3 });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const outer = (res.body.data as any).product.prices.nodes;
    expect(outer).toHaveLength(3);
    expect(outer[0].product.prices.nodes[0].product.prices.nodes).toHaveLength(3);
  });

  it("accepts every read query README.md shows, and the bench's nested checkoutLinks(first: 50 | 100) tree", async () => {
    const queries = readmeQueries();
    expect(queries.length).toBeGreaterThanOrEqual(4);
    for (const q of [...queries, graphqlLinksQuery(50), graphqlLinksQuery(100)]) {
      const res = await gw.graphql(q);
      expect(res.status, q).toBe(200);
      expect(res.body.errors, q).toBeUndefined();
    }
  });

  it('counts every alias, __typename included, towards the limit of 20', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expect((await gw.graphql(aliases(20))).status).toBe(200);
    const refused = await gw.graphql(aliases(21));
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.message).toMatch(/alias/i);
  });

  it('refuses more than 5 mutations in one request, and writes nothing', async () => {
    const create = (i: number) => `m${i}: createProduct(input: { name: "Batch ${i}" }) { product { id } }`;
    const before = await gw.graphql(`{ products(first: 100, filter: { query: "Batch" }) { totalCount } }`);
    const refused = await gw.graphql(`mutation { ${Array.from({ length: 6 }, (_, i) => create(i)).join(' ')} }`);
    expectRefused(refused, 'QUERY__TOO_MANY_MUTATIONS');
    const after = await gw.graphql(`{ products(first: 100, filter: { query: "Batch" }) { totalCount } }`);
    expect(after.body).toEqual(before.body);
    const ok = await gw.graphql(`mutation { ${Array.from({ length: 2 }, (_, i) => create(i)).join(' ')} }`);
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
  });
});

describe('a connection under a list is one statement for all parents', () => {
  const NESTED = `query ($n: Int, $m: Int) { products(first: $n) { nodes { id prices(first: $m) { totalCount
    pageInfo { hasNextPage endCursor } nodes { id unitAmount product { id } } } } } }`;

  it('issues the same SQL statements for 5 products x 2 prices as for 20 x 10', async () => {
    await gw.graphql(NESTED, { n: 1, m: 1 }); // warm-up: the key's first use may write lastUsedAt
    const small = await countSql(gw.db.orm, () => gw.graphql(NESTED, { n: 5, m: 2 }));
    const large = await countSql(gw.db.orm, () => gw.graphql(NESTED, { n: 20, m: 10 }));
    for (const { result } of [small, large]) {
      expect(result.status).toBe(200);
      expect(result.body.errors).toBeUndefined();
    }
    // The twelve products with eleven prices each (the other products have one or none).
    const nodes = ((large.result.body.data as any).products.nodes as any[]).filter((n) => productIds.includes(n.id));
    expect(nodes).toHaveLength(12);
    for (const node of nodes) {
      expect(node.prices.nodes).toHaveLength(10);
      expect(node.prices.pageInfo.hasNextPage).toBe(true);
      expect(node.prices.totalCount).toBe(12);
      expect(node.prices.nodes.every((p: any) => p.product.id === node.id)).toBe(true);
    }
    // The catalog's statements only: the webhook worker and sweepers poll the same database meanwhile.
    const catalog = (statements: string[]) => statements.filter((q) => /"(price|product)"/.test(q));
    console.info(`nested prices SQL statements: 5x2 -> ${catalog(small.statements).length}, 20x10 -> ${catalog(large.statements).length}`);
    expect(catalog(large.statements).length).toBe(catalog(small.statements).length);
    expect(catalog(large.statements).length).toBeLessThanOrEqual(4);
  });

  it("pages each parent on its own: after/last work per product, as a single product's connection does", async () => {
    const one = await gw.graphql(`query ($id: ID!) { product(id: $id) { prices(first: 4) { nodes { id } pageInfo { endCursor } } } }`, { id: productIds[0] });
    const page = (one.body.data as any).product.prices;
    const next = await gw.graphql(`query ($after: String) { products(first: 100) { nodes { id prices(first: 4, after: $after) { nodes { id } } } } }`, {
      after: page.pageInfo.endCursor,
    });
    const mine = (next.body.data as any).products.nodes.find((n: any) => n.id === productIds[0]);
    expect(mine.prices.nodes).toHaveLength(4);
    expect(mine.prices.nodes.map((n: any) => n.id)).not.toContain(page.nodes[0].id);
    const all = await gw.graphql(`query ($id: ID!) { product(id: $id) { prices(first: 12) { nodes { id } } } }`, { id: productIds[0] });
    const ids = (all.body.data as any).product.prices.nodes.map((n: any) => n.id);
    expect(mine.prices.nodes.map((n: any) => n.id)).toEqual(ids.slice(4, 8));
  });
});
