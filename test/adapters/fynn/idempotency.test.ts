// Fynn honours an optional Idempotency-Key on every POST (issue 16, item 4): a retry with the key
// answers the first response without a second object, in V2 and classic alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { counts, createPrice, expectHydraError, expectProblem } from './helpers.ts';

let gw: TestGateway;
let seat: { productId: string; priceId: string };
beforeAll(async () => {
  gw = await startGateway();
  seat = await createPrice(gw, gw.orgA.testKey, { name: 'Seat' });
});
afterAll(async () => {
  await gw?.close();
});

const planBody = (code: string) => ({
  code,
  name: 'Retry plan',
  tiers: [{ name: 'Basic', items: [{ productId: seat.productId, pricePlanId: seat.priceId }] }],
});

function post(url: string, body: unknown, key?: string, apiKey = gw.orgA.testKey) {
  return gw.inject({
    method: 'POST',
    url: `/fynn${url}`,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) },
    payload: JSON.stringify(body),
  });
}

describe('Fynn Idempotency-Key', () => {
  it('replays a V2 create byte for byte and creates one plan', async () => {
    const before = await counts(gw);
    const first = await post('/api/plans', planBody('retry-once'), 'fynn-key-1');
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await post('/api/plans', planBody('retry-once'), 'fynn-key-1');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    expect((await counts(gw)).plans).toBe(before.plans + 1);
  });

  it('replays a classic create and keeps keys apart per organisation', async () => {
    const link = { name: 'Retry link', items: [{ type: 'product', product: seat.productId, price: seat.priceId, quantity: 1 }] };
    const before = await counts(gw);
    const first = await post('/checkout-links', link, 'fynn-key-2');
    expect(first.statusCode).toBe(201);
    const again = await post('/checkout-links', link, 'fynn-key-2');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    expect((await counts(gw)).links).toBe(before.links + 1);
    // The same key of another organisation is another key.
    const other = await createPrice(gw, gw.orgB.testKey, { name: 'Seat B' });
    const theirs = await post(
      '/checkout-links',
      { ...link, items: [{ type: 'product', product: other.productId, price: other.priceId, quantity: 1 }] },
      'fynn-key-2',
      gw.orgB.testKey,
    );
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses the key with another body (422), a key too long (400), and stores no refusal', async () => {
    expect((await post('/api/plans', planBody('retry-first'), 'fynn-key-3')).statusCode).toBe(201);
    expectProblem(await post('/api/plans', planBody('retry-other'), 'fynn-key-3'), 422, 'IDEMPOTENCY_KEY__REUSED');
    expectHydraError(await post('/checkout-links', { items: [] }, 'x'.repeat(256)), 400);
    // A refusal is not stored: the corrected request under the same key runs.
    const refused = await post('/api/plans', { code: 'Not A Slug', name: 'x', tiers: [] }, 'fynn-key-4');
    expect(refused.statusCode).toBe(422);
    const fixed = await post('/api/plans', planBody('retry-fixed'), 'fynn-key-4');
    expect(fixed.statusCode).toBe(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
  });

  it('without a key, each POST runs', async () => {
    const before = await counts(gw);
    expect((await post('/api/plans', planBody('no-key-1'))).statusCode).toBe(201);
    expect((await post('/api/plans', planBody('no-key-2'))).statusCode).toBe(201);
    expect((await counts(gw)).plans).toBe(before.plans + 2);
  });
});
