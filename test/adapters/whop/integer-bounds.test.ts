// Integers beyond GraphQL's Int (32-bit signed) in Whop bodies: the route's schema answers them
// with Whop's 400 (fuzz bug 4: they reached GraphQL's Int coercion and came back as a 500).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.ts';

let gw: TestGateway;
let planId: string;
beforeAll(async () => {
  gw = await startGateway();
  const product = await send('POST', '/products', { title: 'Bounded' });
  expect(product.statusCode).toBe(201);
  const plan = await send('POST', '/plans', { product_id: product.json().id, initial_price: 5, currency: 'usd', stock: 10, unlimited_stock: false });
  expect(plan.statusCode).toBe(201);
  planId = plan.json().id;
});
afterAll(async () => {
  await gw?.close();
});

function send(method: 'POST' | 'PATCH', path: string, body: unknown) {
  return gw.inject({
    method,
    url: `/whop/api/v1${path}`,
    payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gw.orgA.testKey}` },
  });
}

const counts = async () =>
  (await gw.graphql('{ plans { totalCount } products(filter: { includePlanOnly: true }) { totalCount } prices { totalCount } }')).body.data;

function expectWhop400(res: Awaited<ReturnType<typeof send>>, field: string) {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json();
  expect(body).toEqual({ error: { type: 'invalid_request', message: expect.stringContaining(field), code: expect.any(String) } });
}

describe('Whop integers beyond 32 bits', () => {
  it.each([
    ['stock 3000000000', { stock: 3_000_000_000 }, 'stock'],
    ['stock "1e308" (coerced to a number)', { stock: '1e308' }, 'stock'],
    ['stock 2147483648', { stock: 2_147_483_648 }, 'stock'],
    ['expiration_days 2147483648', { expiration_days: 2_147_483_648 }, 'expiration_days'],
  ])('PATCH /plans/{id} with %s answers 400 invalid_request, not 500', async (_title, body, field) => {
    expectWhop400(await send('PATCH', `/plans/${planId}`, body), field);
  });

  it('POST /plans and an inline plan refuse the same values, leaving no row', async () => {
    const before = await counts();
    expectWhop400(await send('POST', '/plans', { initial_price: 5, currency: 'usd', stock: 3_000_000_000 }), 'stock');
    expectWhop400(await send('POST', '/plans', { initial_price: 5, currency: 'usd', expiration_days: '1e308' }), 'expiration_days');
    expectWhop400(await send('POST', '/checkout_configurations', { plan: { initial_price: 5, currency: 'usd', stock: 2_147_483_648 } }), 'stock');
    expect(await counts()).toEqual(before);
  });

  it('still accepts the largest Int', async () => {
    const res = await send('PATCH', `/plans/${planId}`, { stock: 2_147_483_647 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().stock).toBe(2_147_483_647);
  });
});
