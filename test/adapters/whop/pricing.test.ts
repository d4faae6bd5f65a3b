// Whop shows the amounts the checkout charges: a plan of several tiers (made in GraphQL) is one
// Whop plan per tier with its own price, id and purchase_url; a Whop plan's initial_price is due
// at checkout and its renewal_price per period; a trial leaves only the initial price due today.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId, encodeId } from '../../../src/contract/ids.ts';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { openCart } from '../../checkout/helpers.ts';

let gw: TestGateway;
let biz: string;
beforeAll(async () => {
  gw = await startGateway();
  biz = encodeId('biz', gw.orgA.id);
});
afterAll(async () => {
  await gw?.close();
});

const BASE = '/whop/api/v1';
const auth = () => ({ authorization: `Bearer ${gw.orgA.testKey}` });
const post = (path: string, body: unknown) => gw.inject({ method: 'POST', url: BASE + path, payload: body as Record<string, unknown>, headers: auth() });
const get = (path: string) => gw.inject({ method: 'GET', url: BASE + path, headers: auth() });

async function gql(query: string, variables: Record<string, unknown>) {
  const res = await gw.graphql(query, variables);
  expect(res.body.errors).toBeUndefined();
  return res.body.data as any;
}

const SESSION = `query ($id: ID!) { checkoutSession(id: $id) { amountTotal setupFees trialDays recurring { amount } } }`;

describe('Whop plans read their amounts from the pricing module', () => {
  it('a GraphQL plan with tiers at 19 and 49 EUR a month: one Whop plan per tier, each with its price and purchase_url', async () => {
    const data = await gql(`mutation ($input: CreatePlanInput!) { createPlan(input: $input) { plan { id tiers { id name } } userErrors { message } } }`, {
      input: {
        name: 'Team',
        activate: true,
        originProduct: { name: 'Team seats' },
        tiers: [
          { name: 'Basic', items: [{ price: { currency: 'EUR', unitAmount: 1900, recurring: { interval: 'MONTH' } } }] },
          { name: 'Pro', items: [{ price: { currency: 'EUR', unitAmount: 4900, recurring: { interval: 'MONTH' } } }] },
        ],
      },
    });
    const plan = data.createPlan.plan;
    const [basic, pro] = plan.tiers;
    const link = (
      await gql(
        `mutation ($input: CreateCheckoutLinkInput!) { createCheckoutLink(input: $input) { checkoutLink { id url pricing { amountDueToday } } userErrors { message } } }`,
        { input: { planTierId: pro.id } },
      )
    ).createCheckoutLink.checkoutLink;
    expect(link.pricing.amountDueToday).toBe(4900);

    const list = (await get(`/plans?company_id=${biz}&first=100`)).json();
    const mine = list.data.filter((p: any) => [basic.id, pro.id].includes(decodeId('plan', p.id)));
    expect(mine.map((p: any) => [p.title, p.plan_type, p.initial_price, p.renewal_price, p.billing_period, p.currency])).toEqual([
      ['Team · Basic', 'renewal', 0, 19, 30, 'eur'],
      ['Team · Pro', 'renewal', 0, 49, 30, 'eur'],
    ]);
    expect(mine[1].purchase_url).toBe(link.url);
    expect(mine[0].purchase_url).toBeNull();
    // The plan's own id is no Whop plan (its tiers are); a tier's id retrieves that tier.
    expect((await get(`/plans/${encodeId('plan', plan.id)}`)).statusCode).toBe(404);
    const one = (await get(`/plans/${encodeId('plan', pro.id)}`)).json();
    expect(one).toMatchObject({ id: encodeId('plan', pro.id), renewal_price: 49, purchase_url: link.url });

    // The configuration of the €49 tier's link embeds the €49 Whop plan, never a free one.
    const config = (await get(`/checkout_configurations/${encodeId('ch', link.id)}`)).json();
    expect(config.plan).toMatchObject({ id: encodeId('plan', pro.id), plan_type: 'renewal', initial_price: 0, renewal_price: 49, billing_period: 30 });
    // A configuration made with a tier's Whop plan id sells that tier.
    const made = await post('/checkout_configurations', { company_id: biz, plan_id: encodeId('plan', basic.id) });
    expect(made.statusCode).toBe(201);
    expect(made.json().plan).toMatchObject({ id: encodeId('plan', basic.id), renewal_price: 19 });
    const sold = (await gql(`query ($id: ID) { checkoutLink(id: $id) { planTier { id } pricing { amountDueToday } } }`, { id: decodeId('ch', made.json().id) }))
      .checkoutLink;
    expect(sold).toEqual({ planTier: { id: basic.id }, pricing: { amountDueToday: 1900 } });
  });

  it('initial_price 10, renewal_price 20 every 30 days, 7-day trial: the checkout charges 10 today, then 20', async () => {
    const made = await post('/checkout_configurations', {
      company_id: biz,
      plan: { currency: 'usd', plan_type: 'renewal', initial_price: 10, renewal_price: 20, billing_period: 30, trial_period_days: 7, title: 'Fee and trial' },
    });
    expect(made.statusCode).toBe(201);
    const config = made.json();
    expect(config.plan).toMatchObject({ plan_type: 'renewal', initial_price: 10, renewal_price: 20, billing_period: 30, trial_period_days: 7 });
    const plan = (await get(`/plans/${config.plan.id}`)).json();
    expect(plan).toMatchObject({ initial_price: 10, renewal_price: 20, trial_period_days: 7, purchase_url: config.purchase_url });
    const linkId = decodeId('ch', config.id)!;
    expect(
      (await gql(`query ($id: ID) { checkoutLink(id: $id) { pricing { amountDueToday setupFees trialDays recurring { amount } } } }`, { id: linkId }))
        .checkoutLink.pricing,
    ).toEqual({ amountDueToday: 1000, setupFees: 1000, trialDays: 7, recurring: [{ amount: 2000 }] });
    const { sessionId } = await openCart(gw, { id: linkId });
    expect((await gql(SESSION, { id: sessionId })).checkoutSession).toEqual({
      amountTotal: 1000,
      setupFees: 1000,
      trialDays: 7,
      recurring: [{ amount: 2000 }],
    });
    const page = await gw.inject({ method: 'GET', url: `/checkout/${sessionId}` });
    expect(page.body).toContain('<dt>Due today</dt><dd data-total="due">$10.00</dd>');
  });

  it('a one-time Whop plan charges its initial price once', async () => {
    const made = (
      await post('/checkout_configurations', { company_id: biz, plan: { currency: 'usd', plan_type: 'one_time', initial_price: 15.5, title: 'Once' } })
    ).json();
    expect(made.plan).toMatchObject({ plan_type: 'one_time', initial_price: 15.5, renewal_price: 0, billing_period: null });
    const { sessionId } = await openCart(gw, { id: decodeId('ch', made.id)! });
    expect((await gql(SESSION, { id: sessionId })).checkoutSession).toMatchObject({ amountTotal: 1550, recurring: [] });
  });
});

describe('Whop promo codes', () => {
  it('creates a promo code in the SDK shape; a configuration checkout takes it and every amount drops', async () => {
    const made = await post('/promo_codes', {
      amount_off: 20,
      base_currency: 'usd',
      code: 'WHOP20',
      company_id: biz,
      new_users_only: false,
      promo_duration_months: 0,
      promo_type: 'percentage',
      stock: 2,
    });
    expect(made.statusCode, made.body).toBe(201);
    const promo = made.json();
    expect(promo).toMatchObject({
      code: 'WHOP20',
      amount_off: 20,
      promo_type: 'percentage',
      duration: 'forever',
      status: 'active',
      stock: 2,
      unlimited_stock: false,
      uses: 0,
      currency: 'usd',
    });
    expect(promo.id).toMatch(/^promo_/);
    expect((await get(`/promo_codes/${promo.id}`)).json().code).toBe('WHOP20');
    expect((await get(`/promo_codes?company_id=${biz}`)).json().data.map((p: any) => p.id)).toContain(promo.id);
    expect((await post('/promo_codes', { amount_off: 1.005, base_currency: 'usd', code: 'BAD', promo_type: 'flat_amount' })).statusCode).toBe(422);

    const config = (
      await post('/checkout_configurations', { company_id: biz, plan: { currency: 'usd', plan_type: 'one_time', initial_price: 50, title: 'Promo' } })
    ).json();
    const linkId = decodeId('ch', config.id)!;
    await gql(`mutation ($id: ID!) { updateCheckoutLink(id: $id, input: { settings: { couponsAllowed: true } }) { userErrors { message } } }`, { id: linkId });
    const { sessionId } = await openCart(gw, { id: linkId });
    const { submit } = await import('../../checkout/helpers.ts');
    expect((await submit(gw, sessionId, { email: 'w@example.com', promotion_code: 'whop20' })).statusCode).toBe(303);
    expect((await gql(SESSION, { id: sessionId })).checkoutSession).toMatchObject({ amountTotal: 4000 });
    expect((await get(`/promo_codes/${promo.id}`)).json()).toMatchObject({ uses: 1, stock: 1 });
    expect((await gw.inject({ method: 'DELETE', url: `${BASE}/promo_codes/${promo.id}`, headers: auth() })).statusCode).toBe(200);
    expect((await get(`/promo_codes/${promo.id}`)).json().status).toBe('inactive');
  });
});
