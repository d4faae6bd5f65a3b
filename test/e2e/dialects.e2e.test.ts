// A link made through each REST dialect opens in a real browser and completes in test mode.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../src/contract/ids.ts';
import type { TestGateway } from '../support/gateway.ts';
import { linkCount } from '../checkout/helpers.ts';
import { fillCard, launchBrowser, openCheckout, type Browser } from './browser.ts';
import { listeningGateway } from './gateway.ts';

let gw: TestGateway;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ({ gw, base } = await listeningGateway());
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await gw?.close();
});

const json = (method: 'POST', url: string, body: unknown, authorization: string, extra: Record<string, string> = {}) =>
  gw.inject({ method, url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization, ...extra } });
const bearer = () => `Bearer ${gw.orgA.testKey}`;

async function product(): Promise<{ productId: string; priceId: string }> {
  const r = await gw.graphql(
    `mutation { createProduct(input: { name: "Headphones", defaultPrice: { currency: "USD", unitAmount: 12900 } }) { product { id defaultPrice { id } } } }`,
  );
  const p = (r.body.data as any).createProduct.product;
  return { productId: p.id, priceId: p.defaultPrice.id };
}

async function pay(page: Page, email: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await fillCard(page);
  await Promise.all([page.waitForNavigation(), page.locator('button.submit').click()]);
}

describe('links made through the dialects, bought in Chromium', () => {
  it('Fynn classic: link URL and cart URL open the checkout; completion shows the confirmation message', async () => {
    const { productId, priceId } = await product();
    const res = await json(
      'POST',
      '/fynn/checkout-links',
      {
        name: 'Fynn offer',
        isEnabled: '1',
        items: [{ type: 'product', product: productId, price: priceId, quantity: '1' }],
        options: { allowCoupons: '1', forceCompany: '1', quantityEditable: '', trialDays: '' },
        afterCheckout: { action: 'confirmation_message', confirmationMessage: 'Danke from Fynn!' },
      },
      bearer(),
    );
    expect(res.statusCode, res.body).toBe(201);
    const link = res.json();
    const cart = await json('POST', `/fynn/checkout-links/${link.id}/cart`, { customerId: 'cus-1' }, bearer());
    expect(cart.statusCode, cart.body).toBe(201);
    const fromCart = await browser.context.newPage();
    expect((await fromCart.goto(cart.json().url))?.status()).toBe(200);
    await expect(fromCart.locator('h1').textContent()).resolves.toBe('Fynn offer');
    await fromCart.close();

    const page = await openCheckout(browser, link.url, base);
    await expect(page.locator('input[name="promotion_code"]').count()).resolves.toBe(1);
    await page.getByLabel('Company').fill('Fynn Kunde GmbH');
    await pay(page, 'fynn@example.com');
    await expect(page.locator('.lead').textContent()).resolves.toBe('Danke from Fynn!');
    expect((await linkCount(gw, link.id)).completedSessionsCount).toBe(1);
    await page.close();
  });

  it('LeanRails: completion follows the after-completion redirect with the session id', async () => {
    const { productId } = await product();
    const auth = `Basic ${Buffer.from(`${gw.orgA.testKey}:`).toString('base64')}`;
    const res = await json(
      'POST',
      '/leanrails/v1/checkout_links',
      {
        title: 'LeanRails headphones',
        line_items: [{ quantity: 2, price_data: { currency: 'usd', product: encodeId('prod', productId), unit_amount: 12900 } }],
        after_completion: { type: 'redirect', redirect: { url: `${base}/healthz?cs=%7BCHECKOUT_SESSION_ID%7D` } },
        submit_type: 'book',
      },
      auth,
      { 'idempotency-key': `e2e-${Date.now()}` },
    );
    expect(res.statusCode, res.body).toBe(200);
    const link = res.json();
    const page = await openCheckout(browser, link.url, base);
    await expect(page.locator('.amount').textContent()).resolves.toBe('$258.00');
    await expect(page.locator('button.submit').textContent()).resolves.toBe('Book $258.00');
    await pay(page, 'lean@example.com');
    const sessionId = /^.*\/healthz\?cs=([0-9a-f-]{36})$/.exec(page.url())?.[1];
    const done = await gw.graphql(`query ($id: ID!) { checkoutSession(id: $id) { status customerEmail } }`, { id: sessionId });
    expect((done.body.data as any).checkoutSession).toEqual({ status: 'COMPLETE', customerEmail: 'lean@example.com' });
    await page.close();
  });

  it('Whop: the purchase_url of a checkout configuration opens and completes', async () => {
    const biz = encodeId('biz', gw.orgA.id);
    const res = await json(
      'POST',
      '/whop/api/v1/checkout_configurations',
      {
        company_id: biz,
        plan: {
          company_id: biz,
          currency: 'usd',
          initial_price: 25,
          renewal_price: 25,
          plan_type: 'renewal',
          billing_period: 30,
          title: 'Whop plan',
          release_method: 'buy_now',
          visibility: 'visible',
        },
        redirect_url: `${base}/healthz?whop=1`,
      },
      bearer(),
    );
    expect(res.statusCode, res.body).toBe(201);
    const config = res.json();
    const page = await openCheckout(browser, config.purchase_url, base);
    await expect(page.locator('.item-meta').first().textContent()).resolves.toContain('$25.00');
    await pay(page, 'whop@example.com');
    expect(page.url()).toBe(`${base}/healthz?whop=1`);
    const sessions = await gw.graphql(`{ checkoutSessions(filter: { status: COMPLETE }) { nodes { customerEmail } } }`);
    expect((sessions.body.data as any).checkoutSessions.nodes).toContainEqual({ customerEmail: 'whop@example.com' });
    await page.close();
  });
});
