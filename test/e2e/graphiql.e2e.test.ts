// /graphiql in Chromium with every request outside the gateway refused (as offline): GraphiQL
// loads from the gateway's own assets, the key typed in the Headers tab authorises a query, and
// the result shows. /docs/graphql renders the schema with its descriptions, types linked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../support/gateway.ts';
import { launchBrowser, type Browser } from './browser.ts';
import { listeningGateway } from './gateway.ts';

let gw: TestGateway;
let browser: Browser;
let base: string;
const outside: string[] = [];

beforeAll(async () => {
  ({ gw, base } = await listeningGateway());
  browser = await launchBrowser();
  // Offline: any request not to the gateway fails, and is recorded.
  await browser.context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${base}/`) || url.startsWith('data:')) return route.continue();
    outside.push(url);
    return route.abort('internetdisconnected');
  });
});
afterAll(async () => {
  await browser?.close();
  await gw?.close();
});

describe('offline GraphQL explorer and reference', () => {
  it('GraphiQL runs a query with the key entered in the header editor, with no request leaving the gateway', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const response = await page.goto(`${base}/graphiql`);
    expect(response?.status()).toBe(200);
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });

    // The Headers tab is open at start; type the key there.
    const headers = page.locator('.graphiql-editor-tool .graphiql-editor').last();
    await headers.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(`{"Authorization": "Bearer ${gw.orgA.testKey}"`);
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await expect.poll(async () => result.innerText(), { timeout: 20_000 }).toContain('"mode": "TEST"');
    expect(await result.innerText()).toContain(`"slug": "${gw.orgA.slug}"`);
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("without a key the explorer shows the gateway's own answer (no viewer), not a loading failure", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/graphiql`);
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(async () => page.locator('.result-window').innerText(), { timeout: 20_000 }).toContain('"viewer": null');
    expect(outside).toEqual([]);
    await page.close();
  });

  it('/docs/graphql renders every type with descriptions and working links, and the SDL', async () => {
    const page = await browser.context.newPage();
    expect((await page.goto(`${base}/docs/graphql`))?.status()).toBe(200);
    expect(await page.locator('#Query h3').innerText()).toContain('Query');
    expect(await page.locator('#ProductKind').innerText()).toContain('Charged once (Fynn `charge`).'.replaceAll('`', ''));
    await page.locator('#Product a[href="#Price"]').first().click();
    expect(page.url()).toBe(`${base}/docs/graphql#Price`);
    const sdl = await (await fetch(`${base}/docs/graphql/schema.graphql`)).text();
    expect(sdl).toContain('type Product implements Node');
    expect(outside).toEqual([]);
    await page.close();
  });
});
