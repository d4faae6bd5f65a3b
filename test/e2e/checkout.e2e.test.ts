// A buyer in a real browser: opens a link URL, fills the hosted checkout form, submits and lands
// on the redirect or the confirmation. The checkout page is kept as a screenshot artifact.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../support/gateway.ts';
import { createLink, linkCount } from '../checkout/helpers.ts';
import { launchBrowser, openCheckout, type Browser } from './browser.ts';
import { listeningGateway } from './gateway.ts';

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

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

const open = (url: string): Promise<Page> => openCheckout(browser, url, base);

describe('hosted checkout in Chromium', () => {
  it('fills the form, submits and lands on the confirmation; screenshot of the checkout page', async () => {
    const link = await createLink(gw, {
      title: 'Team plan',
      unitAmount: 4900,
      quantity: 2,
      recurring: { interval: 'MONTH' },
      adjustableQuantity: { enabled: true, minimum: 1, maximum: 10 },
      extra: {
        description: 'Everything your team needs to sell online.',
        settings: { couponsAllowed: true, forceCompany: true, billingAddressCollection: 'REQUIRED', trialDays: 14, submitType: 'PAY' },
        afterCompletion: { type: 'MESSAGE', message: 'Thanks! Your team plan is ready.', backToProviderUrl: `${base}/healthz` },
      },
    });
    const page = await open(link.url);
    await expect(page.title()).resolves.toBe('Team plan');
    await page.getByLabel('Email').fill('buyer@example.com');
    await page.getByLabel('Company').fill('Acme GmbH');
    await page.getByLabel('Address', { exact: true }).fill('Main Street 1');
    await page.getByLabel('Postal code').fill('10115');
    await page.getByLabel('City').fill('Berlin');
    await page.getByLabel('Country').fill('Germany');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}checkout-page.png`, fullPage: true });
    await page.getByLabel('Pro seat').fill('3');
    await page.getByLabel(/Coupon code/).fill('WELCOME10');
    await Promise.all([page.waitForURL(/\/checkout\//), page.getByRole('button', { name: 'Pay' }).click()]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Order complete');
    await expect(page.locator('.lead').textContent()).resolves.toBe('Thanks! Your team plan is ready.');
    await page.screenshot({ path: `${ARTIFACTS}checkout-confirmation.png` });
    expect(await linkCount(gw, link.id)).toEqual({ active: true, completedSessionsCount: 1 });
    await page.close();
  });

  it('shows server-side validation errors, then redirects with the session id after completion', async () => {
    const link = await createLink(gw, {
      extra: { completedSessionsLimit: 1, afterCompletion: { type: 'REDIRECT', redirectUrl: `${base}/healthz?session={CHECKOUT_SESSION_ID}` } },
    });
    const page = await open(link.url);
    const sessionId = page.url().split('/').pop();
    await page.getByLabel('Email').fill('not-an-email');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Pay' }).click()]);
    await expect(page.locator('.field-error').first().textContent()).resolves.toBe('Enter a valid email address.');
    await page.screenshot({ path: `${ARTIFACTS}checkout-errors.png` });
    await page.getByLabel('Email').fill('buyer@example.com');
    await Promise.all([page.waitForURL(/\/healthz\?session=/), page.getByRole('button', { name: 'Pay' }).click()]);
    expect(page.url()).toBe(`${base}/healthz?session=${sessionId}`);
    // The link has reached its limit: the next buyer gets the inactive page.
    const next = await browser.context.newPage();
    const response = await next.goto(link.url);
    expect(response?.status()).toBe(410);
    await expect(next.locator('.lead').textContent()).resolves.toBe('This link is no longer available.');
    await page.close();
    await next.close();
  });

  it('renders a <script> title as text', async () => {
    const title = '<script>alert("x")</script> Deal';
    const link = await createLink(gw, { title });
    const page = await open(link.url);
    await expect(page.title()).resolves.toBe(title);
    await expect(page.locator('h1').textContent()).resolves.toBe(title);
    await expect(page.locator('script').count()).resolves.toBe(0);
    await page.close();
  });
});
