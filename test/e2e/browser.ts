// A headless Chromium for the browser tests: Debian's package (CHROMIUM_PATH overrides), a fresh
// profile, no network chatter of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'checkout-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1200, height: 900 },
    locale: 'en-US',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A browser context with JavaScript off (the checkout must work without it). */
export async function launchWithoutScripts(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 }, locale: 'en-US' });
  return {
    context,
    async close() {
      await context.close();
      await browser.close();
    },
  };
}

/** Opens a link (or session) URL: expects a 200 checkout page of the gateway at `base`; a script dialog fails the test. */
export async function openCheckout(browser: Browser, url: string, base: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await browser.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  page.on('dialog', () => {
    throw new Error('a script ran on the checkout page');
  });
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
  expect(page.url()).toMatch(new RegExp(`^${base}/(checkout/[0-9a-f-]{36}|checkout-link/[a-z0-9-]+/cart)$`));
  return page;
}

/** Fills the hosted page's card form (test mode). */
export async function fillCard(page: Page, number = '4242 4242 4242 4242', expiry = '12 / 34', cvc = '123', name = 'Ada Buyer'): Promise<void> {
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiry').fill(expiry);
  await page.getByLabel('CVC').fill(cvc);
  await page.getByLabel('Name on card').fill(name);
}
