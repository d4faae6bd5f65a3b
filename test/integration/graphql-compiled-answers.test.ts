// /graphql answers a query the same on every run: the first run is graphql-js's, later runs come
// from the compiled plan (src/graphql/compiled-execution.ts) through the compiled-execution plugin
// (src/graphql/server.ts), whose answers with errors go on through Apollo's own error formatting.
// Same status, content type and body (errors compared by path: the spec gives them no order).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkApi } from '../support/checkout-link-fixtures.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
const api = linkApi(() => gw);

beforeAll(async () => {
  gw = await startGateway();
  const product = await api.product('Compiled', 'EUR', 1500);
  await api.createOk({ lineItems: [{ priceId: product.priceId, quantity: 2 }] });
  const plan = await api.plan({ name: 'Compiled plan', tiers: [{ name: 'Only', items: [{ productId: product.productId, priceId: product.priceId }] }] });
  await api.createOk({ planTierId: plan.tiers[0].id });
}, 120_000);
afterAll(async () => {
  await gw?.close();
});

interface Answer {
  status: number;
  contentType: unknown;
  body: { data?: unknown; errors?: { path?: unknown[] }[] };
}

/** The same request `n` times, as a client reads each answer. */
async function runs(query: string, variables: Record<string, unknown>, key: string, n = 3): Promise<[Answer, ...Answer[]]> {
  const answers: Answer[] = [];
  for (let i = 0; i < n; i++) {
    const res = await gw.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      payload: { query, variables },
    });
    const body = res.json();
    body.errors?.sort((a: { path?: unknown[] }, b: { path?: unknown[] }) => JSON.stringify(a.path ?? []).localeCompare(JSON.stringify(b.path ?? [])));
    answers.push({ status: res.statusCode, contentType: res.headers['content-type'], body });
  }
  return answers as [Answer, ...Answer[]];
}

const NESTED = `query Links($first: Int) { checkoutLinks(first: $first) { nodes { id title
  lineItems { quantity price { unitAmount currency product { name } } }
  plan { name tiers { name items { defaultQuantity price { unitAmount product { name } } } } } } } }`;

describe('compiled answers on /graphql', () => {
  it('a nested query: the same data on every run', async () => {
    const [first, ...later] = await runs(NESTED, { first: 10 }, gw.orgA.testKey);
    expect(first.status).toBe(200);
    expect(first.body.errors).toBeUndefined();
    expect((first.body.data as { checkoutLinks: { nodes: unknown[] } }).checkoutLinks.nodes).toHaveLength(2);
    for (const answer of later) expect(answer).toEqual(first);
  });

  it('field errors (a key without price:read): the same data, nulls and formatted errors on every run', async () => {
    const key = await gw.keyWith(['checkout-link:read', 'plan:read']);
    const [first, ...later] = await runs(NESTED, { first: 10 }, key);
    expect(first.status).toBe(200);
    const errors = first.body.errors as { message: string; path: unknown[]; extensions: Record<string, unknown> }[];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.extensions.code === 'FORBIDDEN' && !('stacktrace' in e.extensions))).toBe(true);
    for (const answer of later) expect(answer).toEqual(first);
  });

  it('variables that do not coerce: the same 400 BAD_USER_INPUT on every run', async () => {
    const [first, ...later] = await runs(NESTED, { first: 'ten' }, gw.orgA.testKey);
    expect(first.status).toBe(400);
    expect((first.body.errors as { extensions: { code: string } }[])[0]?.extensions.code).toBe('BAD_USER_INPUT');
    for (const answer of later) expect(answer).toEqual(first);
  });

  it('a query above the cost limit: refused the same way on every run', async () => {
    const costly = `{ checkoutLinks(first: 100) { nodes { lineItems { price { product { prices(first: 100) { nodes { id } } } } } } } }`;
    const [first, ...later] = await runs(costly, {}, gw.orgA.testKey);
    expect(first.status).toBe(400);
    for (const answer of later) expect(answer).toEqual(first);
  });
});
