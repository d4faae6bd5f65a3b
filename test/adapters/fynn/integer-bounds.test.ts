// Integers beyond GraphQL's Int (32-bit signed) in Fynn bodies: the route's schema answers them
// with Fynn's own 422 violation list (fuzz bug 4: they reached GraphQL's Int coercion and came
// back as a 500).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { counts, createPrice, expectConstraintViolations, expectViolations, fynn } from './helpers.ts';

let gw: TestGateway;
let seat: { productId: string; priceId: string };
beforeAll(async () => {
  gw = await startGateway();
  seat = await createPrice(gw, gw.orgA.testKey, { name: 'Seat' });
});
afterAll(async () => {
  await gw?.close();
});

const TOO_BIG = 2_147_483_648;

const planBody = (code: string, tier: Record<string, unknown> = {}, item: Record<string, unknown> = {}) => ({
  code,
  name: 'Bounded',
  tiers: [{ name: 'Basic', position: 0, ...tier, items: [{ productId: seat.productId, pricePlanId: seat.priceId, defaultQuantity: 1, ...item }] }],
});

describe('Fynn V2 plans: integers beyond 32 bits', () => {
  it.each([
    ['position', { position: TOO_BIG }, {}, 'tiers[0].position'],
    ['defaultQuantity', {}, { defaultQuantity: 3_000_000_000 }, 'tiers[0].items[0].defaultQuantity'],
    ['minQuantity', {}, { minQuantity: TOO_BIG }, 'tiers[0].items[0].minQuantity'],
    ['maxQuantity', {}, { maxQuantity: 1e300 }, 'tiers[0].items[0].maxQuantity'],
  ])('POST /api/plans with a too large %s answers 422 violations, not 500', async (_field, tier, item, path) => {
    const before = await counts(gw);
    const res = await fynn(gw, 'POST', '/api/plans', planBody('too-big', tier, item));
    const body = expectViolations(res, [path]);
    expect(body.violations[0].message).toMatch(/must be <= 2147483647/);
    expect(await counts(gw)).toEqual(before);
  });

  it('PUT /api/plans/{id} refuses the same, and the largest Int is accepted', async () => {
    const created = await fynn(gw, 'POST', '/api/plans', planBody('largest-int', { position: 2_147_483_647 }));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().tiers[0].position).toBe(2_147_483_647);
    const res = await fynn(gw, 'PUT', `/api/plans/${created.json().id}`, planBody('largest-int', { position: TOO_BIG }));
    expectViolations(res, ['tiers[0].position']);
  });
});

describe('Fynn classic links: integers beyond 32 bits', () => {
  const linkBody = (item: Record<string, unknown>, options: Record<string, unknown> = {}) => ({
    name: 'Bounded',
    items: [{ type: 'product', product: seat.productId, price: seat.priceId, quantity: 1, ...item }],
    options,
  });

  it.each([
    ['items[].quantity', () => linkBody({ quantity: 3_000_000_000 }), 'items[0].quantity'],
    ['options.trialDays', () => linkBody({}, { trialDays: TOO_BIG }), 'options.trialDays'],
  ])('POST /checkout-links with a too large %s answers 422 violations, not 500', async (_field, body, path) => {
    const before = await counts(gw);
    expectConstraintViolations(await fynn(gw, 'POST', '/checkout-links', body()), [path]);
    expect(await counts(gw)).toEqual(before);
  });

  it.each(['2147483647', '21474838', '21474837'])('page=%s (an offset past Int, or past the 100000 rows one may skip) answers 4xx, not 500', async (page) => {
    const res = await fynn(gw, 'GET', `/checkout-links?page=${page}&itemsPerPage=100`);
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().status).toBe(res.statusCode);
  });
});
