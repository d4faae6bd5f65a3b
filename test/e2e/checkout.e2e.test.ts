// Buyers in a real browser. The hosted checkout: paid with 4242…, declined with …0002 then paid
// with another card, on a phone (390×844) and on a desktop; live totals; no JavaScript needed. A
// custom checkout: a static page on another origin with only a publishable key. Each state is
// kept as a screenshot in test/artifacts/.
import { readFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../support/gateway.ts';
import { createLink, linkCount } from '../checkout/helpers.ts';
import { fillCard, launchBrowser, launchWithoutScripts, openCheckout, type Browser } from './browser.ts';
import { listeningGateway } from './gateway.ts';

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
const FIXTURE = readFileSync(new URL('./fixtures/custom-checkout.html', import.meta.url), 'utf8');

let gw: TestGateway;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ({ gw, base } = await listeningGateway());
  browser = await launchBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await gw?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });

const VIEWPORTS = [
  { name: 'phone', size: { width: 390, height: 844 } },
  { name: 'desktop', size: { width: 1280, height: 900 } },
];

describe('hosted checkout in Chromium', () => {
  for (const { name, size } of VIEWPORTS) {
    it(`${name}: pays with 4242, sees the decline of …0002, then pays with another card`, async () => {
      const link = await createLink(gw, {
        title: 'Team plan',
        unitAmount: 4900,
        quantity: 2,
        recurring: { interval: 'MONTH' },
        adjustableQuantity: { enabled: true, minimum: 1, maximum: 10 },
        extra: {
          description: 'Everything your team needs to sell online.',
          settings: { couponsAllowed: true, forceCompany: true, billingAddressCollection: 'REQUIRED', submitType: 'PAY' },
          afterCompletion: { type: 'MESSAGE', message: 'Thanks! Your team plan is ready.', backToProviderUrl: `${base}/healthz` },
        },
      });
      // A buyer who pays at once.
      const page = await openCheckout(browser, link.url, base, size);
      await expect(page.title()).resolves.toBe('Team plan');
      await expect(page.locator('h1').textContent()).resolves.toBe('Team plan');
      await expect(page.locator('#card_number').getAttribute('autocomplete')).resolves.toBe('cc-number');
      await expect(page.locator('#card_expiry').getAttribute('autocomplete')).resolves.toBe('cc-exp');
      await expect(page.locator('#card_cvc').getAttribute('autocomplete')).resolves.toBe('cc-csc');
      await expect(page.locator('#card_name').getAttribute('autocomplete')).resolves.toBe('cc-name');
      await page.getByLabel('Email').fill('buyer@example.com');
      await page.getByLabel('Company').fill('Acme GmbH');
      await page.getByLabel('Address', { exact: true }).fill('Main Street 1');
      await page.getByLabel('Postal code').fill('10115');
      await page.getByLabel('City').fill('Berlin');
      await page.getByLabel('Country').fill('Germany');
      // Live totals: the script asks storefrontCheckoutLink for 3 seats.
      await page.getByLabel('Pro seat').fill('3');
      await expect.poll(() => page.locator('.amount').textContent()).toBe('€147.00');
      await expect(page.locator('button.submit').textContent()).resolves.toBe('Pay €147.00');
      await fillCard(page);
      await shot(page, `hosted-${name}-form`);
      await Promise.all([page.waitForURL(/\/checkout\/[0-9a-f-]{36}$/), page.locator('button.submit').click()]);
      await expect(page.locator('h1').textContent()).resolves.toBe('Thanks for your order');
      await expect(page.locator('.lead').textContent()).resolves.toBe('Thanks! Your team plan is ready.');
      await expect(page.locator('.reference').textContent()).resolves.toMatch(/^CG-[0-9A-F]{10}$/);
      await expect(page.locator('.email').textContent()).resolves.toBe('buyer@example.com');
      await expect(page.locator('.paid-today').textContent()).resolves.toBe('€147.00');
      await expect(page.locator('.paid-later').textContent()).resolves.toBe('€147.00 per month');
      await shot(page, `hosted-${name}-confirmation`);
      await page.close();

      // A buyer whose first card is declined: the message shows, the session stays open, another card pays.
      const second = await openCheckout(browser, link.url, base, size);
      await second.getByLabel('Email').fill('second@example.com');
      await second.getByLabel('Company').fill('Beta AG');
      await second.getByLabel('Address', { exact: true }).fill('Side Street 2');
      await second.getByLabel('Postal code').fill('80331');
      await second.getByLabel('City').fill('Munich');
      await second.getByLabel('Country').fill('Germany');
      await fillCard(second, '4000 0000 0000 0002');
      await Promise.all([second.waitForURL(/\/checkout\/[0-9a-f-]{36}$/), second.locator('button.submit').click()]);
      await expect(second.locator('.notice').textContent()).resolves.toBe('Your card was declined.');
      await expect(second.getByLabel('Email').inputValue()).resolves.toBe('second@example.com');
      await expect(second.getByLabel('Card number').inputValue()).resolves.toBe('');
      await shot(second, `hosted-${name}-declined`);
      const sessionId = second.url().split('/').pop();
      const open = await gw.graphql(`query ($id: ID!) { checkoutSession(id: $id) { status } }`, { id: sessionId });
      expect((open.body.data as any).checkoutSession.status).toBe('OPEN');
      await fillCard(second, '5555 5555 5555 4444', '01 / 31', '321', 'Beta Buyer');
      await Promise.all([second.waitForLoadState('load'), second.locator('button.submit').click()]);
      await second.waitForSelector('.reference');
      expect(second.url()).toBe(`${base}/checkout/${sessionId}`);
      await expect(second.locator('h1').textContent()).resolves.toBe('Thanks for your order');
      await expect(second.locator('.paid-today').textContent()).resolves.toBe('€98.00');
      await shot(second, `hosted-${name}-paid-after-decline`);
      expect(await linkCount(gw, link.id)).toEqual({ active: true, completedSessionsCount: 2 });
      await second.close();
    });
  }

  it('works without JavaScript, and shows field errors from the server', async () => {
    const noScripts = await launchWithoutScripts();
    const page = await noScripts.context.newPage();
    const link = await createLink(gw, { title: 'No-JS plan', quantity: 1, adjustableQuantity: { enabled: true, minimum: 1, maximum: 3 } });
    const res = await page.goto(link.url);
    expect(res?.status()).toBe(200);
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Pro seat').fill('2');
    await fillCard(page);
    await Promise.all([page.waitForLoadState('load'), page.locator('button.submit').click()]);
    await expect(page.locator('.field-error').first().textContent()).resolves.toBe('Enter a valid email address.');
    await shot(page, 'hosted-errors');
    await page.getByLabel('Email').fill('nojs@example.com');
    await fillCard(page);
    await Promise.all([page.waitForURL(/\/checkout\/[0-9a-f-]{36}$/), page.locator('button.submit').click()]);
    await expect(page.locator('.paid-today').textContent()).resolves.toBe('€99.80');
    await page.close();
    await noScripts.close();
  });

  it('a setup-mode link saves details: no amount, "Save details"', async () => {
    const link = await createLink(gw, { title: 'Card on file', extra: { mode: 'SETUP' } });
    const page = await openCheckout(browser, link.url, base);
    await expect(page.locator('button.submit').textContent()).resolves.toBe('Save details');
    await expect(page.locator('.amount').count()).resolves.toBe(0);
    await expect(page.locator('.amount-label').textContent()).resolves.toBe('Nothing is charged today');
    await shot(page, 'hosted-setup-form');
    await page.getByLabel('Email').fill('setup@example.com');
    await fillCard(page);
    await Promise.all([page.waitForURL(/\/checkout\/[0-9a-f-]{36}$/), page.locator('button.submit').click()]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Your details are saved');
    await page.close();
  });

  it("renders a <script> title as text; the only script is the page's own, under its nonce", async () => {
    const title = '<script>alert("x")</script> Deal';
    const link = await createLink(gw, { title, adjustableQuantity: { enabled: true } });
    const page = await openCheckout(browser, link.url, base);
    await expect(page.title()).resolves.toBe(title);
    await expect(page.locator('h1').textContent()).resolves.toBe(title);
    await expect(page.locator('script').count()).resolves.toBe(1);
    await page.close();
  });
});

describe('a custom checkout on another origin, with only a publishable key', () => {
  let shop: Server;
  let shopOrigin: string;
  beforeAll(async () => {
    shop = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(FIXTURE);
    });
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    shopOrigin = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    shop?.closeAllConnections();
    await new Promise((resolve) => shop?.close(resolve));
  });

  it('reads the link, starts a session, changes the quantity and pays', async () => {
    const key = await gw.graphql(`mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { message } } }`, {
      input: { organisationId: gw.orgA.id, mode: 'TEST', kind: 'PUBLISHABLE', name: 'shop' },
    });
    const pk = (key.body.data as any).createApiKey.secret as string;
    const link = await createLink(gw, { title: 'Custom shop bundle', unitAmount: 2500, adjustableQuantity: { enabled: true, minimum: 1, maximum: 5 } });
    const url = `${shopOrigin}/?${new URLSearchParams({ gateway: base, pk, slug: link.slug })}`;

    // Not yet an allowed origin: the storefront refuses the shop.
    const refused = await browser.context.newPage();
    await refused.goto(url);
    await expect.poll(() => refused.locator('#error').textContent()).toContain('not allowed');
    await refused.close();

    const set = await gw.graphql(`mutation ($o: [String!]!) { setStorefrontAllowedOrigins(origins: $o) { userErrors { message } } }`, { o: [shopOrigin] });
    expect((set.body.data as any).setStorefrontAllowedOrigins.userErrors).toEqual([]);
    const page = await browser.context.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]');
    await expect(page.locator('#title').textContent()).resolves.toBe('Custom shop bundle');
    await expect(page.locator('#total').textContent()).resolves.toBe('€25.00');
    await page.locator('#qty').fill('3');
    await page.locator('#qty').dispatchEvent('change');
    await expect.poll(() => page.locator('#total').textContent()).toBe('€75.00');
    await page.locator('#email').fill('custom@example.com');
    await page.locator('#number').fill('4000 0000 0000 9995');
    await page.locator('#exp').fill('12/34');
    await page.locator('#cvc').fill('123');
    await page.locator('#pay').click();
    await expect.poll(() => page.locator('#error').textContent()).toBe('Your card has insufficient funds.');
    await shot(page, 'custom-declined');
    await page.locator('#number').fill('4242 4242 4242 4242');
    await page.locator('#pay').click();
    await page.waitForSelector('#done', { state: 'visible' });
    await expect(page.locator('#reference').textContent()).resolves.toMatch(/^CG-[0-9A-F]{10}$/);
    await shot(page, 'custom-paid');
    expect(await page.content()).not.toMatch(/sk_(test|live)_/);
    const sessions = await gw.graphql(`{ checkoutSessions(filter: { status: COMPLETE }) { nodes { customerEmail amountTotal } } }`);
    expect((sessions.body.data as any).checkoutSessions.nodes).toContainEqual({ customerEmail: 'custom@example.com', amountTotal: 7500 });
    await page.close();
  });
});
