// Lists take a keyset by id (startingAfter / endingBefore) besides opaque cursors, so a face that
// pages by object id (LeanRails starting_after / ending_before) never builds the core's cursors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
let ids: string[] = [];

const LIST = `query ($first: Int, $last: Int, $after: String, $before: String, $startingAfter: ID, $endingBefore: ID, $dir: OrderDirection) {
  products(first: $first, last: $last, after: $after, before: $before, startingAfter: $startingAfter, endingBefore: $endingBefore, orderDirection: $dir) {
    nodes { id } edges { cursor } pageInfo { hasNextPage hasPreviousPage } } }`;

async function list(vars: Record<string, unknown>) {
  const r = await gw.graphql<any>(LIST, vars);
  return r.body;
}

beforeAll(async () => {
  gw = await startGateway();
  for (let i = 0; i < 5; i++) {
    const r = await gw.graphql<any>('mutation ($name: String!) { createProduct(input: { name: $name }) { product { id } } }', { name: `Keyset ${i}` });
    ids.push(r.body.data.createProduct.product.id);
  }
  ids = ids.reverse(); // newest first, as lists are
});
afterAll(async () => {
  await gw?.close();
});

describe('keyset by id', () => {
  it("startingAfter pages as after does with the same row's cursor; endingBefore as before", async () => {
    const all = await list({ first: 5 });
    expect(all.errors).toBeUndefined();
    expect(all.data.products.nodes.map((n: any) => n.id)).toEqual(ids);
    const byCursor = await list({ first: 2, after: all.data.products.edges[1].cursor });
    const byId = await list({ first: 2, startingAfter: ids[1] });
    expect(byId.data.products).toEqual(byCursor.data.products);
    expect(byId.data.products.nodes.map((n: any) => n.id)).toEqual([ids[2], ids[3]]);
    expect(byId.data.products.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true });
    const back = await list({ last: 2, endingBefore: ids[3] });
    expect(back.data.products.nodes.map((n: any) => n.id)).toEqual([ids[1], ids[2]]);
    expect(back.data.products).toEqual((await list({ last: 2, before: all.data.products.edges[3].cursor })).data.products);
    // Ascending order: after the id means newer.
    const asc = await list({ first: 2, startingAfter: ids[3], dir: 'ASC' });
    expect(asc.data.products.nodes.map((n: any) => n.id)).toEqual([ids[2], ids[1]]);
  });

  it('refuses a malformed id and a cursor with an id on one side', async () => {
    const bad = await list({ first: 2, startingAfter: 'not-an-id' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', reason: 'CURSOR__INVALID' });
    const both = await list({ first: 2, startingAfter: ids[1], after: 'Yzox' });
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', reason: 'CURSOR__CONFLICT' });
    // An id of another tenant is only a bound: it reveals nothing and pages this tenant's rows.
    const other = await gw.graphql<any>('mutation { createProduct(input: { name: "Keyset other" }) { product { id } } }', {}, gw.orgB.testKey);
    const r = await list({ first: 5, startingAfter: other.body.data.createProduct.product.id });
    expect(r.errors).toBeUndefined();
    expect(r.data.products.nodes.every((n: any) => ids.includes(n.id))).toBe(true);
  });
});
