// One price truth (#13): links made in every face (a GraphQL plan of tiers, LeanRails line items
// with quantities, a Whop inline plan with an initial fee and a trial, a one-time Whop plan, Fynn
// V2 and classic links, recurring and one-time), each bought without and with a promotion code.
// The amount each face reports for the link, the hosted page's "due today" (real HTTP), the
// completed session (bought through the page's own form with the paying test card), the events
// APIs (LeanRails and GraphQL) and a webhook in each format (delivered to a local receiver) must all equal the literals
// below, which are derived by hand in the comments. Nothing here multiplies money.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId, encodeId } from '../../src/contract/ids.ts';
import { PAYING_CARD } from '../checkout/helpers.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { startReceiver, type Received, type Receiver } from '../support/webhook-receiver.ts';

let gw: TestGateway;
let base: string;
let biz: string;
const hooks: Record<'LEANRAILS' | 'WHOP' | 'FYNN' | 'STANDARD', Receiver> = {} as never;
const EVENTS = { LEANRAILS: 'checkout.session.completed', WHOP: 'payment.succeeded', FYNN: 'cart.completed', STANDARD: 'checkout_session.completed' } as const;

/** A JSON call over real HTTP with the test key of organisation A. */
async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const res = await fetch(base + path, {
    method,
    headers: {
      authorization: `Bearer ${gw.orgA.testKey}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(method === 'POST' && path.startsWith('/leanrails/') ? { 'idempotency-key': randomUUID() } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: any = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the failure message
  }
  return { status: res.status, json };
}

async function ok(method: string, path: string, body?: unknown, status = 200, headers?: Record<string, string>) {
  const res = await api(method, path, body, headers);
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.json)}`).toBe(status);
  return res.json;
}

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const res = await ok('POST', '/graphql', { query, variables });
  expect(res.errors).toBeUndefined();
  return res.data;
}

/** "€1,234.50" / "$10.00" as shown on the page -> its minor units as written (digits only; 2-decimal currencies). */
const shownMinor = (text: string): number => {
  expect(text).toMatch(/\.\d\d$/);
  return Number(text.replace(/\D/g, ''));
};

/** Every "due today" amount on a page (the headline and the totals). */
function dueOnPage(html: string): number[] {
  return [...html.matchAll(/data-total="due">([^<]+)</g)].map((m) => shownMinor(m[1]!.trim()));
}

const GQL_LINK = `query ($id: ID) { checkoutLink(id: $id) { slug url pricing { amountDueToday setupFees trialDays recurring { amount } } } }`;
const GQL_SESSION = `query ($id: ID!) { checkoutSession(id: $id) { status amountTotal amountDueToday amountDiscount couponCode recurring { amountAfterDiscount } } }`;

interface Expected {
  /** Due today, minor units. */
  due: number;
  /** The same in Whop's major units (payment.succeeded `total`). */
  whopTotal: number;
  /** Each recurring amount per period after the discount, minor units. */
  recurring: number[];
}

/** The page of the public URL (GET over HTTP) shows `due` as due today, everywhere it says so. */
async function expectPageDue(url: string, due: number) {
  const res = await fetch(base + new URL(url).pathname);
  expect(res.status).toBe(200);
  const shown = dueOnPage(await res.text());
  expect(shown.length).toBeGreaterThan(0);
  expect(new Set(shown)).toEqual(new Set([due]));
}

function deliveryFor(r: Receiver, type: string, email: string): Received | undefined {
  return r.received.find((h) => h.body.includes(`"${type}"`) && h.body.includes(email));
}

async function waitForDeliveries(email: string): Promise<Record<keyof typeof hooks, any>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = Object.fromEntries((Object.keys(hooks) as (keyof typeof hooks)[]).map((f) => [f, deliveryFor(hooks[f], EVENTS[f], email)]));
    if (Object.values(found).every(Boolean)) return Object.fromEntries(Object.entries(found).map(([f, h]) => [f, JSON.parse(h!.body)])) as never;
    if (Date.now() > deadline)
      throw new Error(
        `deliveries for ${email}: ${Object.entries(found)
          .filter(([, h]) => !h)
          .map(([f]) => f)
          .join(', ')} missing`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Buys a link through its public URL's form (POST /checkout-link/{slug}/cart, as the page's form
 * does) with the paying test card and, when given, a promotion code; then checks the confirmation
 * page, the session (GraphQL and LeanRails), the events API and a webhook in every format.
 */
async function buy(url: string, email: string, code: string | null, expected: Expected) {
  const form = new URLSearchParams({ ...PAYING_CARD, email, ...(code ? { promotion_code: code } : {}) });
  const res = await fetch(base + new URL(url).pathname, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  const html = await res.text();
  expect(res.status, html.slice(0, 2000)).toBe(303);
  const location = res.headers.get('location')!;
  const sessionId = /\/checkout\/([0-9a-f-]{36})$/.exec(location)?.[1];
  expect(sessionId, location).toBeTruthy();

  // The confirmation page: what was paid today.
  const confirmation = await (await fetch(base + new URL(location, base).pathname)).text();
  const paid = /class="paid-today">([^<]+)</.exec(confirmation)?.[1];
  expect(paid, 'paid today on the confirmation').toBeTruthy();
  expect(shownMinor(paid!.trim())).toBe(expected.due);

  // The session, through GraphQL and through LeanRails.
  const s = (await gql(GQL_SESSION, { id: sessionId })).checkoutSession;
  expect(s).toMatchObject({ status: 'COMPLETE', amountTotal: expected.due, amountDueToday: expected.due, couponCode: code ? code.toUpperCase() : null });
  expect(s.recurring.map((r: any) => r.amountAfterDiscount)).toEqual(expected.recurring);
  const cs = encodeId('cs', sessionId!);
  expect((await ok('GET', `/leanrails/v1/checkout/sessions/${cs}`)).amount_total).toBe(expected.due);

  // A webhook in each vendor's format and the Standard one.
  const got = await waitForDeliveries(email);
  expect(got.LEANRAILS.data.object).toMatchObject({ id: cs, amount_total: expected.due, customer_email: email });
  expect(got.WHOP.data).toMatchObject({ total: expected.whopTotal, user: { email } });
  expect(got.FYNN.data).toMatchObject({ id: sessionId, totalAmount: expected.due, customerEmail: email });
  expect(got.STANDARD.data.object).toMatchObject({ id: sessionId, amountTotal: expected.due });

  // The events API (LeanRails GET /v1/events, newest first).
  const events = await ok('GET', `/leanrails/v1/events?type=checkout.session.completed&limit=100`);
  const event = events.data.find((e: any) => e.data.object.id === cs);
  expect(event, 'the event of the session').toBeTruthy();
  expect(event.data.object.amount_total).toBe(expected.due);
  expect((await ok('GET', `/leanrails/v1/events/${event.id}`)).data.object.amount_total).toBe(expected.due);
  // The GraphQL events API: the core's event of the session, and its deliveries succeeded.
  // (The attempt is recorded once the receiver has answered: allow it a moment.)
  const readCore = async () =>
    (
      await gql(
        `query ($id: ID) { events(first: 5, filter: { type: "checkout_session.completed", objectId: $id }) { nodes { data deliveries { status } } } }`,
        { id: sessionId },
      )
    ).events.nodes;
  let core = await readCore();
  for (let i = 0; i < 50 && core[0]?.deliveries.some((d: any) => d.status !== 'SUCCEEDED'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    core = await readCore();
  }
  expect(core).toHaveLength(1);
  expect(core[0].data).toMatchObject({ id: sessionId, amountTotal: expected.due });
  // One delivery per endpoint (each subscribes to one message type of the completion).
  expect(core[0].deliveries.map((d: any) => d.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
}

beforeAll(async () => {
  gw = await startGateway({ WEBHOOK_POLL_MS: '100' });
  base = await gw.listen();
  biz = encodeId('biz', gw.orgA.id);
  for (const format of Object.keys(EVENTS) as (keyof typeof EVENTS)[]) {
    hooks[format] = await startReceiver();
    const made = await gql(
      `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { webhookEndpoint { id } userErrors { message } } }`,
      {
        input: { url: hooks[format].url, format, enabledEvents: [EVENTS[format]] },
      },
    );
    expect(made.createWebhookEndpoint.userErrors).toEqual([]);
  }
  // TRUTH25: 25 % off, forever (GraphQL coupon + promotion code).
  const c = await gql(`mutation { createCoupon(input: { percentOff: 25, duration: FOREVER }) { coupon { id } userErrors { message } } }`);
  expect(c.createCoupon.userErrors).toEqual([]);
  const p = await gql(`mutation ($id: ID!) { createPromotionCode(input: { couponId: $id, code: "TRUTH25" }) { userErrors { message } } }`, {
    id: c.createCoupon.coupon.id,
  });
  expect(p.createPromotionCode.userErrors).toEqual([]);
  // FIVEOFF: €5.00 off once (LeanRails coupon + promotion code).
  const lc = await ok('POST', '/leanrails/v1/coupons', { amount_off: 500, currency: 'eur', duration: 'once' });
  await ok('POST', '/leanrails/v1/promotion_codes', { coupon: lc.id, code: 'FIVEOFF' });
  // WHOP10: 10 % off (Whop promo code, no end: forever).
  await ok(
    'POST',
    '/whop/api/v1/promo_codes',
    {
      amount_off: 10,
      base_currency: 'usd',
      code: 'WHOP10',
      company_id: biz,
      new_users_only: false,
      promo_duration_months: 0,
      promo_type: 'percentage',
      stock: 100,
    },
    201,
  );
}, 60_000);

afterAll(async () => {
  await gw?.close();
  await Promise.all(Object.values(hooks).map((r) => r.close()));
});

describe('one price truth across faces, page, session and events', () => {
  it('GraphQL plan with tiers at €19 and €49 a month, the €49 tier sold: 4900 today; TRUTH25 takes 1225 off (3675)', async () => {
    const made = await gql(`mutation ($input: CreatePlanInput!) { createPlan(input: $input) { plan { id tiers { id name } } userErrors { message } } }`, {
      input: {
        name: 'Truth team',
        activate: true,
        originProduct: { name: 'Truth seats' },
        tiers: [
          { name: 'Basic', items: [{ price: { currency: 'EUR', unitAmount: 1900, recurring: { interval: 'MONTH' } } }] },
          { name: 'Pro', items: [{ price: { currency: 'EUR', unitAmount: 4900, recurring: { interval: 'MONTH' } } }] },
        ],
      },
    });
    expect(made.createPlan.userErrors).toEqual([]);
    const [basic, pro] = made.createPlan.plan.tiers;
    const link = (
      await gql(`mutation ($input: CreateCheckoutLinkInput!) { createCheckoutLink(input: $input) { checkoutLink { id url } userErrors { message } } }`, {
        input: { planTierId: pro.id, settings: { couponsAllowed: true } },
      })
    ).createCheckoutLink.checkoutLink;

    // GraphQL: 4900 due today, 4900 a month.
    expect((await gql(GQL_LINK, { id: link.id })).checkoutLink.pricing).toEqual({
      amountDueToday: 4900,
      setupFees: 0,
      trialDays: null,
      recurring: [{ amount: 4900 }],
    });
    // Whop: one plan per tier, €19 and €49 renewal prices, nothing initial; the link's configuration embeds the €49 one.
    expect(await ok('GET', `/whop/api/v1/plans/${encodeId('plan', basic.id)}`)).toMatchObject({
      plan_type: 'renewal',
      initial_price: 0,
      renewal_price: 19,
      currency: 'eur',
    });
    expect(await ok('GET', `/whop/api/v1/plans/${encodeId('plan', pro.id)}`)).toMatchObject({
      plan_type: 'renewal',
      initial_price: 0,
      renewal_price: 49,
      purchase_url: link.url,
    });
    expect((await ok('GET', `/whop/api/v1/checkout_configurations/${encodeId('ch', link.id)}`)).plan).toMatchObject({
      initial_price: 0,
      renewal_price: 49,
      billing_period: 30,
    });
    // LeanRails: one line of 4900.
    const lines = await ok('GET', `/leanrails/v1/checkout_links/${encodeId('cl', link.id)}/line_items`);
    expect(lines.data.map((l: any) => [l.quantity, l.amount_subtotal, l.amount_total])).toEqual([[1, 4900, 4900]]);

    await expectPageDue(link.url, 4900);
    await buy(link.url, 'tier-plain@example.com', null, { due: 4900, whopTotal: 49, recurring: [4900] });
    // 25 % of 4900 = 1225; 4900 - 1225 = 3675, today and every month (forever).
    await buy(link.url, 'tier-code@example.com', 'truth25', { due: 3675, whopTotal: 36.75, recurring: [3675] });
  });

  it('LeanRails line items €12.50 x 3 and €9.90 x 2 (one-time): 5730 today; FIVEOFF takes 500 (5230)', async () => {
    const product = await ok('POST', '/leanrails/v1/products', { name: 'Truth mug' });
    const mug = await ok('POST', '/leanrails/v1/prices', { product: product.id, currency: 'eur', unit_amount: 1250 });
    const sticker = await ok('POST', '/leanrails/v1/prices', {
      product: (await ok('POST', '/leanrails/v1/products', { name: 'Truth sticker' })).id,
      currency: 'eur',
      unit_amount: 990,
    });
    const link = await ok('POST', '/leanrails/v1/checkout_links', {
      title: 'Merch',
      line_items: [
        { price: mug.id, quantity: 3 },
        { price: sticker.id, quantity: 2 },
      ],
      allow_promotion_codes: true,
    });
    expect(link).toMatchObject({ allow_promotion_codes: true, currency: 'eur' });
    // LeanRails: 12.50 x 3 = 37.50 (3750) and 9.90 x 2 = 19.80 (1980).
    const lines = await ok('GET', `/leanrails/v1/checkout_links/${link.id}/line_items`);
    expect(lines.data.map((l: any) => [l.price, l.quantity, l.amount_subtotal, l.amount_total])).toEqual([
      [mug.id, 3, 3750, 3750],
      [sticker.id, 2, 1980, 1980],
    ]);
    expect([(await ok('GET', `/leanrails/v1/prices/${mug.id}`)).unit_amount, (await ok('GET', `/leanrails/v1/prices/${sticker.id}`)).unit_amount]).toEqual([
      1250, 990,
    ]);
    const uuid = decodeId('cl', link.id)!;
    // GraphQL: 3750 + 1980 = 5730.
    expect((await gql(GQL_LINK, { id: uuid })).checkoutLink.pricing).toEqual({ amountDueToday: 5730, setupFees: 0, trialDays: null, recurring: [] });
    // Fynn classic: the same items, quantities and price plans (amounts in minor units).
    const fynn = await ok('GET', `/fynn/checkout-links/${uuid}`);
    expect(fynn.items.map((i: any) => i.quantity)).toEqual([3, 2]);
    const amounts = await Promise.all(fynn.items.map(async (i: any) => (await ok('GET', `/fynn/price-plans/${i.price}`)).price.amount));
    expect(amounts).toEqual([1250, 990]);

    // Whop: a configuration of several items embeds no plan (so it states no amount it could get wrong).
    expect(await ok('GET', `/whop/api/v1/checkout_configurations/${encodeId('ch', uuid)}`)).toMatchObject({
      currency: 'eur',
      plan: null,
      purchase_url: link.url,
    });
    await expectPageDue(link.url, 5730);
    await buy(link.url, 'lines-plain@example.com', null, { due: 5730, whopTotal: 57.3, recurring: [] });
    // €5.00 off the whole charge once: 5730 - 500 = 5230.
    await buy(link.url, 'lines-code@example.com', 'FIVEOFF', { due: 5230, whopTotal: 52.3, recurring: [] });
  });

  it('Whop inline plan: initial $10, renewal $20 every 30 days, 7-day trial: 1000 today; WHOP10 takes 100 (900, then 1800)', async () => {
    const config = await ok(
      'POST',
      '/whop/api/v1/checkout_configurations',
      {
        company_id: biz,
        plan: {
          currency: 'usd',
          plan_type: 'renewal',
          initial_price: 10,
          renewal_price: 20,
          billing_period: 30,
          trial_period_days: 7,
          title: 'Truth membership',
        },
      },
      201,
    );
    const uuid = decodeId('ch', config.id)!;
    // Whop: the configuration and its plan say 10 at checkout, 20 per 30 days, 7-day trial.
    expect(config.plan).toMatchObject({ plan_type: 'renewal', initial_price: 10, renewal_price: 20, billing_period: 30, trial_period_days: 7 });
    expect(await ok('GET', `/whop/api/v1/plans/${config.plan.id}`)).toMatchObject({
      initial_price: 10,
      renewal_price: 20,
      trial_period_days: 7,
      purchase_url: config.purchase_url,
    });
    // GraphQL: during the trial only the initial fee (1000) is due today; 2000 per period.
    expect((await gql(GQL_LINK, { id: uuid })).checkoutLink.pricing).toEqual({
      amountDueToday: 1000,
      setupFees: 1000,
      trialDays: 7,
      recurring: [{ amount: 2000 }],
    });
    // LeanRails: the line is the renewal price, 2000.
    const lines = await ok('GET', `/leanrails/v1/checkout_links/${encodeId('cl', uuid)}/line_items`);
    expect(lines.data.map((l: any) => [l.quantity, l.amount_total])).toEqual([[1, 2000]]);
    await gql(`mutation ($id: ID!) { updateCheckoutLink(id: $id, input: { settings: { couponsAllowed: true } }) { userErrors { message } } }`, { id: uuid });

    await expectPageDue(config.purchase_url, 1000);
    await buy(config.purchase_url, 'whop-trial-plain@example.com', null, { due: 1000, whopTotal: 10, recurring: [2000] });
    // 10 % of the initial fee 1000 = 100 -> 900 today; 10 % of 2000 = 200 -> 1800 per period.
    await buy(config.purchase_url, 'whop-trial-code@example.com', 'WHOP10', { due: 900, whopTotal: 9, recurring: [1800] });
  });

  it('Whop one-time plan of $15.50: 1550 today; WHOP10 takes 155 (1395)', async () => {
    const config = await ok(
      'POST',
      '/whop/api/v1/checkout_configurations',
      { company_id: biz, plan: { currency: 'usd', plan_type: 'one_time', initial_price: 15.5, title: 'Truth once' } },
      201,
    );
    const uuid = decodeId('ch', config.id)!;
    expect(config.plan).toMatchObject({ plan_type: 'one_time', initial_price: 15.5, renewal_price: 0 });
    expect((await gql(GQL_LINK, { id: uuid })).checkoutLink.pricing).toEqual({ amountDueToday: 1550, setupFees: 0, trialDays: null, recurring: [] });
    const lines = await ok('GET', `/leanrails/v1/checkout_links/${encodeId('cl', uuid)}/line_items`);
    expect(lines.data.map((l: any) => [l.quantity, l.amount_total])).toEqual([[1, 1550]]);
    await gql(`mutation ($id: ID!) { updateCheckoutLink(id: $id, input: { settings: { couponsAllowed: true } }) { userErrors { message } } }`, { id: uuid });

    await expectPageDue(config.purchase_url, 1550);
    await buy(config.purchase_url, 'whop-once-plain@example.com', null, { due: 1550, whopTotal: 15.5, recurring: [] });
    // 10 % of 1550 = 155; 1550 - 155 = 1395.
    await buy(config.purchase_url, 'whop-once-code@example.com', 'WHOP10', { due: 1395, whopTotal: 13.95, recurring: [] });
  });

  it('Fynn V2 plan link, tier of €29 a month with coupons: 2900 today; TRUTH25 takes 725 (2175)', async () => {
    const product = await ok('POST', '/fynn/products', { name: 'Truth V2 seat', type: 'product' }, 201);
    const price = await ok(
      'POST',
      '/fynn/price-plans',
      { product: product.id, currencyCode: 'EUR', price: { amount: 2900 }, billingInterval: '1M', internalName: 'Monthly' },
      201,
    );
    const plan = await ok(
      'POST',
      '/fynn/api/plans',
      { code: 'truth-v2', name: 'Truth V2', tiers: [{ name: 'Solo', items: [{ productId: product.id, pricePlanId: price.id }] }] },
      201,
    );
    await ok('POST', `/fynn/api/plans/${plan.id}/activate`);
    const link = await ok('POST', `/fynn/api/plans/${plan.id}/checkout-links`, { planTierId: plan.tiers[0].id, couponsAllowed: true }, 201);
    expect(link).toMatchObject({ couponsAllowed: true, planTierName: 'Solo' });
    // Fynn: the tier's price plan is 2900 a month.
    expect((await ok('GET', `/fynn/price-plans/${price.id}`)).price.amount).toBe(2900);
    expect((await gql(GQL_LINK, { id: link.id })).checkoutLink.pricing).toEqual({
      amountDueToday: 2900,
      setupFees: 0,
      trialDays: null,
      recurring: [{ amount: 2900 }],
    });
    // Whop: a plan of one tier is one Whop plan (the plan's own id); its link's configuration embeds it.
    expect(await ok('GET', `/whop/api/v1/plans/${encodeId('plan', plan.id)}`)).toMatchObject({
      plan_type: 'renewal',
      initial_price: 0,
      renewal_price: 29,
      billing_period: 30,
    });
    expect((await ok('GET', `/whop/api/v1/checkout_configurations/${encodeId('ch', link.id)}`)).plan).toMatchObject({
      id: encodeId('plan', plan.id),
      initial_price: 0,
      renewal_price: 29,
    });
    const lines = await ok('GET', `/leanrails/v1/checkout_links/${encodeId('cl', link.id)}/line_items`);
    expect(lines.data.map((l: any) => [l.quantity, l.amount_total])).toEqual([[1, 2900]]);

    await expectPageDue(link.url, 2900);
    await buy(link.url, 'fynn-v2-plain@example.com', null, { due: 2900, whopTotal: 29, recurring: [2900] });
    // 25 % of 2900 = 725; 2900 - 725 = 2175 today and every month.
    await buy(link.url, 'fynn-v2-code@example.com', 'TRUTH25', { due: 2175, whopTotal: 21.75, recurring: [2175] });
  });

  it('Fynn classic link: €49 a month x 2 and a €25 one-time setup, 14-day trial: 2500 today; TRUTH25: 1875 today, 7350 a month', async () => {
    const seatProduct = await ok('POST', '/fynn/products', { name: 'Truth classic seat', type: 'product' }, 201);
    const seat = await ok(
      'POST',
      '/fynn/price-plans',
      { product: seatProduct.id, currencyCode: 'EUR', price: { amount: 4900 }, billingInterval: '1M', internalName: 'Monthly' },
      201,
    );
    const setupProduct = await ok('POST', '/fynn/products', { name: 'Truth onboarding', type: 'charge' }, 201);
    const setup = await ok(
      'POST',
      '/fynn/price-plans',
      { product: setupProduct.id, currencyCode: 'EUR', price: { amount: 2500 }, internalName: 'One-off' },
      201,
    );
    const link = await ok(
      'POST',
      '/fynn/checkout-links',
      {
        name: 'Truth classic',
        items: [
          { type: 'product', product: seatProduct.id, price: seat.id, quantity: 2 },
          { type: 'product', product: setupProduct.id, price: setup.id, quantity: 1 },
        ],
        options: { allowCoupons: true, trialDays: 14 },
      },
      201,
    );
    // Fynn: quantities 2 and 1 of price plans 4900 (monthly) and 2500 (one-time); 14 trial days.
    expect(link.options).toMatchObject({ allowCoupons: true, trialDays: 14 });
    expect(link.items.map((i: any) => i.quantity)).toEqual([2, 1]);
    expect((await ok('GET', `/fynn/price-plans/${seat.id}`)).price.amount).toBe(4900);
    expect((await ok('GET', `/fynn/price-plans/${setup.id}`)).price.amount).toBe(2500);
    // GraphQL: the seats are in trial (0 today), the one-time 2500 is due; 49.00 x 2 = 9800 a month.
    expect((await gql(GQL_LINK, { id: link.id })).checkoutLink.pricing).toEqual({
      amountDueToday: 2500,
      setupFees: 0,
      trialDays: 14,
      recurring: [{ amount: 9800 }],
    });
    const lines = await ok('GET', `/leanrails/v1/checkout_links/${encodeId('cl', link.id)}/line_items`);
    expect(lines.data.map((l: any) => [l.quantity, l.amount_total])).toEqual([
      [2, 9800],
      [1, 2500],
    ]);

    expect(await ok('GET', `/whop/api/v1/checkout_configurations/${encodeId('ch', link.id)}`)).toMatchObject({
      currency: 'eur',
      plan: null,
      purchase_url: link.url,
    });
    await expectPageDue(link.url, 2500);
    await buy(link.url, 'fynn-classic-plain@example.com', null, { due: 2500, whopTotal: 25, recurring: [9800] });
    // Today: 25 % of 2500 = 625 -> 1875. Each month: 25 % of 9800 = 2450 -> 7350.
    await buy(link.url, 'fynn-classic-code@example.com', 'TRUTH25', { due: 1875, whopTotal: 18.75, recurring: [7350] });
  });
});
