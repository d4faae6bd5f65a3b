import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { counts, createPrice, expectProblem, expectViolations, fynn, ISO_Z, UUID } from './helpers.ts';

let gw: TestGateway;
let seat: { productId: string; priceId: string };
let extra: { productId: string; priceId: string };
beforeAll(async () => {
  gw = await startGateway();
  seat = await createPrice(gw, gw.orgA.testKey, { name: 'Seat' });
  extra = await createPrice(gw, gw.orgA.testKey, { name: 'Storage', unitAmount: 900 });
});
afterAll(async () => {
  await gw?.close();
});

const planBody = (code: string) => ({
  code,
  name: 'Pro Plan',
  description: 'For teams.',
  tiers: [
    { name: 'Basic', position: 0, items: [{ productId: seat.productId, pricePlanId: seat.priceId, defaultQuantity: 1 }] },
    {
      name: 'Pro',
      position: 1,
      items: [{ productId: seat.productId, pricePlanId: seat.priceId, defaultQuantity: 3, minQuantity: 1, maxQuantity: 10, quantityEditable: true }],
    },
  ],
});

function expectPlanShape(plan: any) {
  expect(plan).toEqual({
    id: expect.stringMatching(UUID),
    code: expect.any(String),
    name: expect.any(String),
    description: expect.toBeOneOf([expect.any(String), null]),
    status: expect.stringMatching(/^(draft|active|archived)$/),
    currency: expect.toBeOneOf([expect.stringMatching(/^[A-Z]{3}$/), null]),
    tiers: expect.any(Array),
    createdAt: expect.stringMatching(ISO_Z),
    updatedAt: expect.stringMatching(ISO_Z),
  });
  for (const tier of plan.tiers) {
    expect(tier).toEqual({ id: expect.stringMatching(UUID), name: expect.any(String), position: expect.any(Number), items: expect.any(Array) });
    for (const item of tier.items) {
      expect(item).toEqual({
        id: expect.stringMatching(UUID),
        productId: expect.stringMatching(UUID),
        pricePlanId: expect.stringMatching(UUID),
        defaultQuantity: expect.any(Number),
        minQuantity: expect.toBeOneOf([expect.any(Number), null]),
        maxQuantity: expect.toBeOneOf([expect.any(Number), null]),
        quantityEditable: expect.any(Boolean),
      });
    }
  }
}

describe('Fynn V2 plans', () => {
  it('creates a draft plan (201), reads, lists, activates and archives it', async () => {
    const res = await fynn(gw, 'POST', '/api/plans', planBody('pro-plan'));
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const plan = res.json();
    expectPlanShape(plan);
    expect(plan).toMatchObject({ code: 'pro-plan', status: 'draft', currency: 'EUR' });
    expect(plan.tiers.map((t: any) => t.name)).toEqual(['Basic', 'Pro']);
    expect(plan.tiers[1].items[0]).toMatchObject({ pricePlanId: seat.priceId, defaultQuantity: 3, minQuantity: 1, maxQuantity: 10, quantityEditable: true });

    const got = await fynn(gw, 'GET', `/api/plans/${plan.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(plan);

    const list = await fynn(gw, 'GET', '/api/plans');
    expect(list.statusCode).toBe(200);
    expect(Array.isArray(list.json())).toBe(true);
    expect(list.json().map((p: any) => p.id)).toContain(plan.id);

    const active = await fynn(gw, 'POST', `/api/plans/${plan.id}/activate`);
    expect(active.statusCode).toBe(200);
    expect(active.json().status).toBe('active');
    const drafts = await fynn(gw, 'GET', '/api/plans?status=draft');
    expect(drafts.json().map((p: any) => p.id)).not.toContain(plan.id);

    const archived = await fynn(gw, 'POST', `/api/plans/${plan.id}/archive`);
    expect(archived.json().status).toBe('archived');
    const put = await fynn(gw, 'PUT', `/api/plans/${plan.id}`, planBody('pro-plan'));
    expectProblem(put, 409, 'PLAN__ARCHIVED');
  });

  it('PUT replaces the plan as a whole and keeps the ids it is given', async () => {
    const plan = (await fynn(gw, 'POST', '/api/plans', planBody('replace-me'))).json();
    const basic = plan.tiers[0];
    const body = {
      code: 'replace-me',
      name: 'Renamed',
      tiers: [
        {
          id: basic.id,
          name: 'Basic+',
          items: [
            { id: basic.items[0].id, productId: seat.productId, pricePlanId: seat.priceId, defaultQuantity: 2 },
            { productId: extra.productId, pricePlanId: extra.priceId },
          ],
        },
      ],
    };
    const res = await fynn(gw, 'PUT', `/api/plans/${plan.id}`, body);
    expect(res.statusCode).toBe(200);
    const replaced = res.json();
    expectPlanShape(replaced);
    expect(replaced.name).toBe('Renamed');
    expect(replaced.tiers).toHaveLength(1);
    expect(replaced.tiers[0].id).toBe(basic.id);
    expect(replaced.tiers[0].items[0]).toMatchObject({ id: basic.items[0].id, defaultQuantity: 2 });
    expect(replaced.tiers[0].items[1].pricePlanId).toBe(extra.priceId);
  });

  it('answers bad input with a ValidationError naming the fields as sent, and leaves no row', async () => {
    const before = await counts(gw);
    expectViolations(await fynn(gw, 'POST', '/api/plans', { name: 'x', tiers: [] }), ['code', 'tiers']);
    expectViolations(await fynn(gw, 'POST', '/api/plans', { code: 'Not Kebab', name: 'x', tiers: [{ name: 't', items: [] }] }), ['code']);
    expectViolations(
      await fynn(gw, 'POST', '/api/plans', {
        code: 'typed',
        name: 42,
        tiers: [{ name: 't', items: [{ productId: seat.productId, pricePlanId: seat.priceId, quantityEditable: 'yes' }] }],
      }),
      ['name', 'tiers[0].items[0].quantityEditable'],
    );
    // An unknown price plan is a violation on the field as the client named it.
    const unknown = await fynn(gw, 'POST', '/api/plans', {
      code: 'unknown-price',
      name: 'x',
      tiers: [{ name: 't', items: [{ productId: seat.productId, pricePlanId: '0190a1b2-0000-7000-8000-000000000000' }] }],
    });
    expectViolations(unknown, ['tiers[0].items[0].pricePlanId']);
    expectProblem(await fynn(gw, 'POST', '/api/plans', undefined, gw.orgA.testKey, '{"code": "broken",'), 400);
    expect(await counts(gw)).toEqual(before);
  });

  it('refuses a duplicate code (409) and a plan of another organisation (404)', async () => {
    await fynn(gw, 'POST', '/api/plans', planBody('dup-code'));
    const before = await counts(gw);
    expectProblem(await fynn(gw, 'POST', '/api/plans', planBody('dup-code')), 409, 'PLAN__CODE_CONFLICT');
    expect(await counts(gw)).toEqual(before);
    const bPrice = await createPrice(gw, gw.orgB.testKey);
    const bPlan = (
      await fynn(
        gw,
        'POST',
        '/api/plans',
        { code: 'b-plan', name: 'B', tiers: [{ name: 'T', items: [{ productId: bPrice.productId, pricePlanId: bPrice.priceId }] }] },
        gw.orgB.testKey,
      )
    ).json();
    expectProblem(await fynn(gw, 'GET', `/api/plans/${bPlan.id}`), 404, 'PLAN__NOT_FOUND');
    expectProblem(await fynn(gw, 'PUT', `/api/plans/${bPlan.id}`, planBody('b-plan')), 404, 'PLAN__NOT_FOUND');
    expectProblem(await fynn(gw, 'POST', `/api/plans/${bPlan.id}/activate`), 404, 'PLAN__NOT_FOUND');
    expectProblem(await fynn(gw, 'GET', '/api/plans/not-a-uuid'), 404, 'PLAN__NOT_FOUND');
  });

  it('answers 401 without or with a bad token and 403 without the permission', async () => {
    expectProblem(await fynn(gw, 'GET', '/api/plans', undefined, null), 401);
    expectProblem(await fynn(gw, 'GET', '/api/plans', undefined, 'sk_test_nope'), 401);
    const readOnly = await gw.keyWith(['plan:read']);
    const before = await counts(gw);
    expectProblem(await fynn(gw, 'POST', '/api/plans', planBody('forbidden'), readOnly), 403);
    expectProblem(await fynn(gw, 'POST', '/api/plans/0190a1b2-0000-7000-8000-000000000000/archive', undefined, readOnly), 403);
    expect(await counts(gw)).toEqual(before);
    const none = await gw.keyWith(['checkout-link:read']);
    expectProblem(await fynn(gw, 'GET', '/api/plans/0190a1b2-0000-7000-8000-000000000000', undefined, none), 403);
  });

  it('answers unknown V2 routes in problem+json', async () => {
    expectProblem(await fynn(gw, 'GET', '/api/nothing-here'), 404);
  });
});
