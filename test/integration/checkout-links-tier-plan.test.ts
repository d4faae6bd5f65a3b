// createCheckoutLink with planTierId and planId: the core checks that the tier is one of the
// plan's (what the Fynn V2 route /plans/{id}/checkout-links relies on), in the one write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkApi } from '../support/checkout-link-fixtures.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
const api = linkApi(() => gw);
let plan: any;
let other: any;

beforeAll(async () => {
  gw = await startGateway();
  const seat = await api.product('Seat', 'EUR', 900);
  plan = await api.plan({
    name: 'Tiered',
    tiers: [
      { name: 'Basic', items: [{ productId: seat.productId, priceId: seat.priceId }] },
      { name: 'Pro', items: [{ productId: seat.productId, priceId: seat.priceId }] },
    ],
  });
  other = await api.plan({ name: 'Other', tiers: [{ name: 'Solo', items: [{ productId: seat.productId, priceId: seat.priceId }] }] });
});
afterAll(async () => {
  await gw?.close();
});

const errors = (r: { userErrors: { code: string; reason: string; path: string[] }[] }) =>
  r.userErrors.map(({ code, reason, path }) => ({ code, reason, path: path.join('.') }));

describe('createCheckoutLink: a tier of the given plan', () => {
  it("sells the tier when it is one of the plan's (source TIER)", async () => {
    const link = await api.createOk({ planId: plan.id, planTierId: plan.tiers[1].id });
    expect(link).toMatchObject({ source: 'TIER', plan: { id: plan.id }, planTier: { id: plan.tiers[1].id } });
  });

  it("refuses another plan's tier, an unknown tier and an unknown plan, writing nothing", async () => {
    const before = await api.rows();
    expect(errors(await api.create({ planId: plan.id, planTierId: other.tiers[0].id }))).toEqual([
      { code: 'VALIDATION', reason: 'PLAN_TIER__NOT_IN_PLAN', path: 'input.planTierId' },
    ]);
    expect(errors(await api.create({ planId: plan.id, planTierId: '01900000-0000-7000-8000-00000000abcd' }))).toEqual([
      { code: 'VALIDATION', reason: 'PLAN_TIER__NOT_IN_PLAN', path: 'input.planTierId' },
    ]);
    expect(errors(await api.create({ planId: plan.id, planTierId: 'not-an-id' }))).toEqual([
      { code: 'VALIDATION', reason: 'PLAN_TIER__NOT_IN_PLAN', path: 'input.planTierId' },
    ]);
    expect(errors(await api.create({ planId: '01900000-0000-7000-8000-00000000abcd', planTierId: plan.tiers[0].id }))).toEqual([
      { code: 'NOT_FOUND', reason: 'PLAN__NOT_FOUND', path: 'input.planId' },
    ]);
    // Another tenant's plan is unknown.
    expect(errors(await api.create({ planId: plan.id, planTierId: plan.tiers[0].id }, gw.orgB.testKey))).toEqual([
      { code: 'NOT_FOUND', reason: 'PLAN__NOT_FOUND', path: 'input.planId' },
    ]);
    expect(await api.rows()).toEqual(before);
  });
});
