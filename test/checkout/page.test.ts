// The hosted checkout page: server-rendered, escaped, offline, showing exactly what the link allows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { createLink, openCart } from './helpers.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

async function page(options: Parameters<typeof createLink>[1]) {
  const link = await createLink(gw, options);
  const { sessionId } = await openCart(gw, link);
  const res = await gw.inject({ method: 'GET', url: `/checkout/${sessionId}` });
  return { res, html: res.body, sessionId, link };
}

describe('GET /checkout/{sessionId}', () => {
  it('shows the items and totals with the currency digits (EUR: 2)', async () => {
    const { res, html } = await page({ title: 'Team plan', unitAmount: 4990, quantity: 3, recurring: { interval: 'MONTH' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html).toContain('<title>Team plan</title>');
    expect(html).toContain('Pro seat');
    expect(html).toContain('Qty <span data-line-qty="0">3</span> &times; €49.90 per month');
    expect(html).toContain('€149.70');
    expect(html).not.toContain('name="quantity_0"');
  });

  it('formats JPY without decimals', async () => {
    const { html } = await page({ currency: 'JPY', unitAmount: 1500, quantity: 2 });
    expect(html).toContain('¥1,500');
    expect(html).toContain('¥3,000');
    expect(html).not.toContain('¥1,500.00');
  });

  it('offers an editable quantity within the bounds when allowed', async () => {
    const { html } = await page({ quantity: 2, adjustableQuantity: { enabled: true, minimum: 2, maximum: 8 } });
    expect(html).toMatch(
      /<input id="quantity_0" name="quantity_0" data-line="0" type="number" inputmode="numeric" min="2" max="8" step="1" value="2" required>/,
    );
    const bySettings = await page({ extra: { settings: { quantityEditable: true } } });
    expect(bySettings.html).toMatch(/name="quantity_0" data-line="0" type="number" inputmode="numeric" min="1" max="999"/);
  });

  it('shows a promotion code field only when coupons are allowed', async () => {
    expect((await page({ extra: { settings: { couponsAllowed: true } } })).html).toContain('name="promotion_code"');
    expect((await page({ extra: { settings: { couponsAllowed: false } } })).html).not.toContain('name="promotion_code"');
    expect((await page({})).html).not.toContain('name="promotion_code"');
  });

  it('requires the company when the link forces it, and asks for the billing address when required', async () => {
    const forced = await page({ extra: { settings: { forceCompany: true, billingAddressCollection: 'REQUIRED' } } });
    expect(forced.html).toMatch(/name="company" type="text" autocomplete="organization" maxlength="255" value="" required>/);
    expect(forced.html).toContain('Billing address');
    expect(forced.html).toContain('name="billing_postal_code"');
    const optional = await page({});
    expect(optional.html).toMatch(/name="company" type="text" autocomplete="organization" maxlength="255" value="">/);
    expect(optional.html).not.toContain('Billing address');
  });

  it('labels the submit button from submit_type and shows trial days and the back link', async () => {
    const labels: [string | undefined, string][] = [
      [undefined, 'Pay'],
      ['PAY', 'Pay'],
      ['BOOK', 'Book'],
      ['DONATE', 'Donate'],
    ];
    for (const [submitType, label] of labels) {
      const { html } = await page({ extra: { settings: submitType ? { submitType } : {} } });
      expect(html).toContain(`<button type="submit" class="submit">${label} <span data-total="due">€49.90</span></button>`);
    }
    const { html } = await page({
      extra: { settings: { trialDays: 14 }, afterCompletion: { type: 'DEFAULT', backToProviderUrl: 'https://provider.example.com/plans?a=1&b=2' } },
    });
    expect(html).toContain('14-day free trial');
    expect(html).toMatch(/<button type="submit" class="submit">Pay <span data-total="due">€49.90<\/span><\/button>/);
    expect(html).toContain('href="https://provider.example.com/plans?a=1&amp;b=2"');
    expect((await page({})).html).not.toContain('class="back"');
  });

  it('escapes user input: a <script> title renders as text', async () => {
    const { html } = await page({ title: '<script>alert(1)</script>', extra: { description: '"><img src=x onerror=alert(2)>' } });
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  });

  it('is self-contained: a strict CSP, a test-mode banner, no external assets and no scripts', async () => {
    const { res, html } = await page({});
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("form-action 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(html).toContain('Test mode');
    expect(html).not.toMatch(/<script|<link |src="http|url\(/i);
  });
});
