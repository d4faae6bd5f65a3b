// One price truth on the hosted checkout: setup fees and trials, quantities, re-pricing at
// completion, sellability (archived plan / price / product) and amounts beyond 2^53.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { createLink, LINK_FIELDS, openCart, pathOf, submit } from './helpers.ts';
import { browserCall, UPDATE } from '../storefront/helpers.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

const SESSION = `query ($id: ID!) { checkoutSession(id: $id) {
  status amountSubtotal amountDiscount amountTotal amountDueToday setupFees trialDays
  recurring { interval intervalCount amount amountAfterDiscount }
  lines { quantity unitAmount amountSubtotal setupFee inTrial amountDueToday }
} }`;
const session = async (id: string) => ((await gw.graphql(SESSION, { id })).body.data as any).checkoutSession;

async function gql(query: string, variables: Record<string, unknown>) {
  const res = await gw.graphql(query, variables);
  expect(res.body.errors).toBeUndefined();
  return res.body.data as any;
}

/** A Whop-style single-price plan (initial 10.00, renewal 20.00 every 30 days, trial) and its link. */
async function whopPlanLink(trialPeriodDays: number | null) {
  const data = await gql(
    `mutation ($input: CreatePlanWithCheckoutLinkInput!) { createPlanWithCheckoutLink(input: $input) {
    plan { id pricing { amountDueToday setupFees trialDays recurring { amount intervalCount } } }
    checkoutLink { ${LINK_FIELDS} pricing { amountDueToday setupFees trialDays recurring { amount } } }
    userErrors { path message }
  } }`,
    {
      input: {
        plan: {
          name: 'Whop-style',
          activate: true,
          planType: 'RENEWAL',
          initialPrice: 1000,
          renewalPrice: 2000,
          currency: 'USD',
          billingPeriodDays: 30,
          trialPeriodDays,
          originProduct: { name: 'Membership' },
          tiers: [{ name: 'Default', items: [{ price: { currency: 'USD', unitAmount: 2000, recurring: { interval: 'DAY', intervalCount: 30 } } }] }],
        },
        checkoutLink: { title: 'Membership' },
      },
    },
  );
  expect(data.createPlanWithCheckoutLink.userErrors).toEqual([]);
  return data.createPlanWithCheckoutLink;
}

describe('amounts on the page, the session and GraphQL agree', () => {
  it('initial fee and trial: only the initial fee is due today; the page says so', async () => {
    const { plan, checkoutLink } = await whopPlanLink(7);
    expect(plan.pricing).toEqual({ amountDueToday: 1000, setupFees: 1000, trialDays: 7, recurring: [{ amount: 2000, intervalCount: 30 }] });
    expect(checkoutLink.pricing).toEqual({ amountDueToday: 1000, setupFees: 1000, trialDays: 7, recurring: [{ amount: 2000 }] });
    const { sessionId } = await openCart(gw, checkoutLink);
    const page = await gw.inject({ method: 'GET', url: `/checkout/${sessionId}` });
    expect(page.body).toContain('7-day free trial');
    expect(page.body).toContain('<dt>Due today</dt><dd data-total="due">$10.00</dd>');
    expect(page.body).toContain('<span data-recurring="0">$20.00</span> every 30 days');
    expect(page.body).toContain('+ $10.00 initial fee today');
    expect(page.body).toContain('<dt>Initial fees</dt><dd data-total="setup">$10.00</dd>');
    expect((await submit(gw, sessionId, { email: 'b@example.com' })).statusCode).toBe(303);
    expect(await session(sessionId)).toMatchObject({
      status: 'COMPLETE',
      amountTotal: 1000,
      amountDueToday: 1000,
      setupFees: 1000,
      trialDays: 7,
      recurring: [{ interval: 'DAY', intervalCount: 30, amount: 2000 }],
    });
  });

  it('without a trial the initial fee and the first period are due today', async () => {
    const { checkoutLink } = await whopPlanLink(null);
    expect(checkoutLink.pricing.amountDueToday).toBe(3000);
    const { sessionId } = await openCart(gw, checkoutLink);
    expect((await session(sessionId)).amountTotal).toBe(3000);
  });

  it('a refused quantity leaves the summary as priced (no "Qty 11 x 49.00 = 98.00")', async () => {
    const link = await createLink(gw, { unitAmount: 4900, quantity: 2, adjustableQuantity: { enabled: true, minimum: 1, maximum: 10 } });
    const { sessionId } = await openCart(gw, link);
    const res = await submit(gw, sessionId, { email: 'b@example.com', quantity_0: '11' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Qty <span data-line-qty="0">2</span> &times; €49.00');
    expect(res.body).toContain('<span class="item-amount" data-line-amount="0">€98.00</span>');
    expect(res.body).toContain('value="11"');
    const ok = await submit(gw, sessionId, { email: 'b@example.com', quantity_0: '3' });
    expect(ok.statusCode).toBe(303);
    expect(await session(sessionId)).toMatchObject({ amountTotal: 14700, lines: [{ quantity: 3, amountSubtotal: 14700 }] });
  });
});

describe('re-pricing at completion', () => {
  it('a plan whose price changed after the cart was made: completion refused, the page shows the new amounts, the next submit pays them', async () => {
    const { plan, checkoutLink } = await whopPlanLink(null);
    const { sessionId } = await openCart(gw, checkoutLink);
    expect((await session(sessionId)).amountTotal).toBe(3000);
    const upd = await gql(`mutation ($id: ID!, $input: UpdatePlanInput!) { updatePlan(id: $id, input: $input) { userErrors { message } } }`, {
      id: plan.id,
      input: { renewalPrice: 2500 },
    });
    expect(upd.updatePlan.userErrors).toEqual([]);
    const refused = await submit(gw, sessionId, { email: 'b@example.com' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('have changed since it was opened');
    expect(refused.body).toContain('<dt>Due today</dt><dd data-total="due">$35.00</dd>');
    expect(await session(sessionId)).toMatchObject({ status: 'OPEN', amountTotal: 3500 });
    expect((await submit(gw, sessionId, { email: 'b@example.com' })).statusCode).toBe(303);
    expect(await session(sessionId)).toMatchObject({ status: 'COMPLETE', amountTotal: 3500 });
  });
});

describe('sellability', () => {
  const PRICE = `query ($id: ID) { checkoutLink(id: $id) { lineItems { price { id product { id } } } } }`;

  it('an archived price: the public URL answers 410 with the inactive message, an open cart is refused, new links refuse the price', async () => {
    const link = await createLink(gw, { extra: { inactiveMessage: 'Sold out for now.' } });
    const { sessionId } = await openCart(gw, link);
    const priceId = (await gql(PRICE, { id: link.id })).checkoutLink.lineItems[0].price.id;
    expect((await gql(`mutation ($id: ID!) { archivePrice(id: $id) { userErrors { message } } }`, { id: priceId })).archivePrice.userErrors).toEqual([]);
    const url = await gw.inject({ method: 'GET', url: pathOf(link.url) });
    expect(url.statusCode).toBe(410);
    expect(url.body).toContain('Sold out for now.');
    const done = await submit(gw, sessionId, { email: 'b@example.com' });
    expect(done.statusCode).toBe(410);
    expect(done.body).toContain('Sold out for now.');
    expect((await session(sessionId)).status).toBe('OPEN');
    const again = await gw.graphql(
      `mutation ($input: CreateCheckoutLinkInput!) { createCheckoutLink(input: $input) { checkoutLink { id } userErrors { reason path } } }`,
      { input: { lineItems: [{ priceId }] } },
    );
    expect((again.body.data as any).createCheckoutLink.userErrors).toEqual([{ reason: 'PRICE__ARCHIVED', path: ['input', 'lineItems', '0', 'priceId'] }]);
  });

  it('an archived product and an archived plan stop their links', async () => {
    const link = await createLink(gw, {});
    const productId = (await gql(PRICE, { id: link.id })).checkoutLink.lineItems[0].price.product.id;
    await gql(`mutation ($id: ID!) { archiveProduct(id: $id) { userErrors { message } } }`, { id: productId });
    expect((await gw.inject({ method: 'GET', url: pathOf(link.url) })).statusCode).toBe(410);
    const again = await gw.graphql(`mutation ($input: CreateCheckoutLinkInput!) { createCheckoutLink(input: $input) { userErrors { reason } } }`, {
      input: { lineItems: [{ priceData: { productId, currency: 'EUR', unitAmount: 100 } }] },
    });
    expect((again.body.data as any).createCheckoutLink.userErrors[0].reason).toBe('PRODUCT__ARCHIVED');

    const { plan, checkoutLink } = await whopPlanLink(null);
    const { sessionId } = await openCart(gw, checkoutLink);
    await gql(`mutation ($id: ID!, $input: UpdatePlanInput!) { updatePlan(id: $id, input: $input) { userErrors { message } } }`, {
      id: plan.id,
      input: { allowCheckout: false },
    });
    expect((await gw.inject({ method: 'GET', url: pathOf(checkoutLink.url) })).statusCode).toBe(410);
    expect((await submit(gw, sessionId, { email: 'b@example.com' })).statusCode).toBe(410);
    await gql(`mutation ($id: ID!, $input: UpdatePlanInput!) { updatePlan(id: $id, input: $input) { userErrors { message } } }`, {
      id: plan.id,
      input: { allowCheckout: true },
    });
    await gql(`mutation ($id: ID!) { archivePlan(id: $id) { userErrors { message } } }`, { id: plan.id });
    expect((await gw.inject({ method: 'GET', url: pathOf(checkoutLink.url) })).statusCode).toBe(410);
  });
});

describe('amounts beyond 2^53', () => {
  it('a link whose unit amount x quantity exceeds the safe range is a validation error at creation, never a 500', async () => {
    const res = await gw.graphql(
      `mutation ($input: CreateCheckoutLinkInput!) { createCheckoutLink(input: $input) { checkoutLink { id } userErrors { reason path } } }`,
      {
        input: { lineItems: [{ priceData: { productName: 'Big', currency: 'EUR', unitAmount: 99_999_999_999 }, quantity: 100_000 }] },
      },
    );
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data as any).createCheckoutLink).toEqual({
      checkoutLink: null,
      userErrors: [{ reason: 'AMOUNT__TOO_LARGE', path: ['input', 'lineItems', '0', 'quantity'] }],
    });
  });

  it('a buyer quantity that would exceed it is a field error on the page', async () => {
    const link = await createLink(gw, { unitAmount: 99_999_999_999, quantity: 1, adjustableQuantity: { enabled: true, minimum: 1, maximum: 999_999 } });
    const { sessionId } = await openCart(gw, link);
    const res = await submit(gw, sessionId, { email: 'b@example.com', quantity_0: '100000' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('would exceed');
    expect((await session(sessionId)).status).toBe('OPEN');
  });
});
