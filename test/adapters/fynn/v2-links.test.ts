import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { counts, createPrice, expectProblem, expectViolations, fynn, ISO_Z, UUID } from './helpers.ts';

let gw: TestGateway;
let plan: any;
let otherPlan: any;
let draft: any;

async function makePlan(code: string, tiers: string[], activate: boolean, key = gw.orgA.testKey) {
  const price = await createPrice(gw, key, { name: `${code} seat` });
  const res = await fynn(
    gw,
    'POST',
    '/api/plans',
    { code, name: code, tiers: tiers.map((name) => ({ name, items: [{ productId: price.productId, pricePlanId: price.priceId }] })) },
    key,
  );
  if (res.statusCode !== 201) throw new Error(res.body);
  if (!activate) return res.json();
  return (await fynn(gw, 'POST', `/api/plans/${res.json().id}/activate`, undefined, key)).json();
}

beforeAll(async () => {
  gw = await startGateway();
  plan = await makePlan('pro-plan', ['Basic', 'Pro'], true);
  otherPlan = await makePlan('other-plan', ['Solo'], true);
  draft = await makePlan('draft-plan', ['Only'], false);
});
afterAll(async () => {
  await gw?.close();
});

/** The seed's example request body (fynn-v2-plan-checkout-links.openapi.txt), with a real tier id. */
function seedExample(planTierId: string): Record<string, unknown> {
  const seed = readFileSync(new URL('../../fixtures/vendor/fynn-v2-plan-checkout-links.openapi.txt', import.meta.url), 'utf8');
  const block = /example:\n((?:\s{14}\w+: .+\n)+)/.exec(seed)?.[1] ?? '';
  const body: Record<string, unknown> = {};
  for (const line of block.trim().split('\n')) {
    const [key, value] = line.trim().split(/: (.*)/);
    body[key!] = value === 'true' ? true : value === 'false' ? false : value;
  }
  expect(Object.keys(body)).toEqual(['planTierId', 'couponsAllowed', 'isEnabled', 'salesChannel']);
  return { ...body, planTierId };
}

/** Every field of the seed's PlanCheckoutLink, with its type. */
function expectPlanCheckoutLink(link: any) {
  expect(link).toEqual({
    id: expect.stringMatching(UUID),
    slug: expect.stringMatching(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/),
    planTierId: expect.stringMatching(UUID),
    planTierName: expect.any(String),
    couponsAllowed: expect.any(Boolean),
    isEnabled: expect.any(Boolean),
    url: expect.stringMatching(/^https?:\/\/.+\/checkout-link\/[a-z0-9-]+\/cart$/),
    createdAt: expect.stringMatching(ISO_Z),
    updatedAt: expect.stringMatching(ISO_Z),
    salesChannel: { id: expect.any(String), name: expect.any(String), brandName: expect.any(String) },
  });
}

describe('Fynn V2 plan checkout links', () => {
  it('replays the seed example: 201 PlanCheckoutLink with {plan code}-{tier} slug and the public URL', async () => {
    const pro = plan.tiers[1];
    const res = await fynn(gw, 'POST', `/api/plans/${plan.id}/checkout-links`, seedExample(pro.id));
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const link = res.json();
    expectPlanCheckoutLink(link);
    expect(link).toMatchObject({
      slug: 'pro-plan-pro',
      planTierId: pro.id,
      planTierName: 'Pro',
      couponsAllowed: false,
      isEnabled: true,
      url: `${gw.publicUrl}/checkout-link/pro-plan-pro/cart`,
    });
    expect(link.salesChannel.name).toBe('default');

    // The same link through GraphQL: same tier, slug and URL.
    const g = await gw.graphql<any>('query ($id: ID!) { checkoutLink(id: $id) { slug url source planTier { id } plan { id } } }', { id: link.id });
    expect(g.body.data.checkoutLink).toEqual({ slug: link.slug, url: link.url, source: 'TIER', planTier: { id: pro.id }, plan: { id: plan.id } });

    // A second link for the same tier takes the next free suffix.
    const again = await fynn(gw, 'POST', `/api/plans/${plan.id}/checkout-links`, { planTierId: pro.id });
    expect(again.json().slug).toBe('pro-plan-pro-2');
  });

  it('takes an explicit slug, coupons, a disabled state and the sales channel by UUID', async () => {
    const channels = await gw.graphql<any>('{ salesChannels { id name } }');
    const channel = channels.body.data.salesChannels[0];
    const res = await fynn(gw, 'POST', `/api/plans/${plan.id}/checkout-links`, {
      planTierId: plan.tiers[0].id,
      slug: 'my-basic',
      couponsAllowed: true,
      isEnabled: false,
      salesChannel: channel.id,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      slug: 'my-basic',
      couponsAllowed: true,
      isEnabled: false,
      planTierName: 'Basic',
      salesChannel: { id: channel.id, name: channel.name },
    });
  });

  it('lists the plan links newest first as a bare array, including links made through GraphQL', async () => {
    const g = await gw.graphql<any>(
      'mutation ($input: CreateCheckoutLinkInput!) { createCheckoutLink(input: $input) { checkoutLink { id slug url } userErrors { reason message } } }',
      {
        input: { planTierId: plan.tiers[0].id, slug: 'from-graphql' },
      },
    );
    const made = g.body.data.createCheckoutLink.checkoutLink;
    expect(made).toBeTruthy();
    const res = await fynn(gw, 'GET', `/api/plans/${plan.id}/checkout-links`);
    expect(res.statusCode).toBe(200);
    const list = res.json();
    expect(Array.isArray(list)).toBe(true);
    list.forEach(expectPlanCheckoutLink);
    expect(list[0]).toMatchObject({ id: made.id, slug: 'from-graphql', url: made.url, planTierId: plan.tiers[0].id });
    expect(list.map((l: any) => l.slug)).toEqual(expect.arrayContaining(['pro-plan-pro', 'pro-plan-pro-2', 'my-basic']));
    const times = list.map((l: any) => l.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    // Another plan's list does not show them.
    const other = await fynn(gw, 'GET', `/api/plans/${otherPlan.id}/checkout-links`);
    expect(other.json()).toEqual([]);
  });

  it('refuses bad input with the documented bodies, no 500 and no row left', async () => {
    const url = `/api/plans/${plan.id}/checkout-links`;
    const before = await counts(gw);
    expectViolations(await fynn(gw, 'POST', url, { couponsAllowed: true }), ['planTierId']);
    expectViolations(await fynn(gw, 'POST', url, { planTierId: otherPlan.tiers[0].id }), ['planTierId']);
    expectViolations(await fynn(gw, 'POST', url, { planTierId: plan.tiers[0].id, slug: 'Bad Slug!' }), ['slug']);
    expectViolations(await fynn(gw, 'POST', url, { planTierId: plan.tiers[0].id, slug: 'ab' }), ['slug']);
    expectViolations(await fynn(gw, 'POST', url, { planTierId: plan.tiers[0].id, salesChannel: 'no-such-channel' }), ['salesChannel']);
    expectViolations(await fynn(gw, 'POST', url, { planTierId: 42, couponsAllowed: 'yes', isEnabled: 'true' }), ['planTierId', 'couponsAllowed', 'isEnabled']);
    expectViolations(await fynn(gw, 'POST', url, [1, 2]), ['']);
    expectProblem(await fynn(gw, 'POST', url, undefined, gw.orgA.testKey, '{"planTierId": '), 400);
    expectProblem(await fynn(gw, 'POST', url, { planTierId: plan.tiers[0].id, slug: 'pro-plan-pro' }), 409, 'CHECKOUT_LINK__SLUG_CONFLICT');
    expectProblem(await fynn(gw, 'POST', `/api/plans/${draft.id}/checkout-links`, { planTierId: draft.tiers[0].id }), 422, 'PLAN__NOT_ACTIVE');
    expect(await counts(gw)).toEqual(before);
  });

  it('404s a plan of another organisation or an unknown plan, 401 without a token, 403 without permission', async () => {
    const bPlan = await makePlan('b-plan', ['T'], true, gw.orgB.testKey);
    const before = await counts(gw, gw.orgB.testKey);
    expectProblem(await fynn(gw, 'POST', `/api/plans/${bPlan.id}/checkout-links`, { planTierId: bPlan.tiers[0].id }), 404, 'PLAN__NOT_FOUND');
    expectProblem(await fynn(gw, 'GET', `/api/plans/${bPlan.id}/checkout-links`), 404, 'PLAN__NOT_FOUND');
    expectProblem(await fynn(gw, 'GET', '/api/plans/nope/checkout-links'), 404, 'PLAN__NOT_FOUND');
    expect(await counts(gw, gw.orgB.testKey)).toEqual(before);

    const url = `/api/plans/${plan.id}/checkout-links`;
    expectProblem(await fynn(gw, 'POST', url, { planTierId: plan.tiers[0].id }, null), 401);
    expectProblem(await fynn(gw, 'GET', url, undefined, 'sk_test_invalid'), 401);
    const readOnly = await gw.keyWith(['checkout-link:read', 'plan:read']);
    const mine = await counts(gw);
    expectProblem(await fynn(gw, 'POST', url, { planTierId: plan.tiers[0].id }, readOnly), 403);
    // 403 even for a plan that does not exist.
    expectProblem(await fynn(gw, 'POST', '/api/plans/0190a1b2-0000-7000-8000-000000000000/checkout-links', { planTierId: plan.tiers[0].id }, readOnly), 403);
    expect(await counts(gw)).toEqual(mine);
    expect((await fynn(gw, 'GET', url, undefined, readOnly)).statusCode).toBe(200);
    expectProblem(await fynn(gw, 'GET', url, undefined, await gw.keyWith(['plan:read'])), 403);
  });
});
