// The hosted checkout never answers a buyer with a 500 or a bare JSON error: malformed posts are a
// 400 page, a too large form a 413 page, the rate limit a 429 page; redirect URLs and sales-channel
// base URLs with non-Latin-1 characters are stored normalised and sent as valid Location headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { createLink, openCart, PAYING_CARD, submit, submitLink } from './helpers.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway({ RATE_LIMIT_ANONYMOUS_MAX: '40' });
});
afterAll(async () => {
  await gw?.close();
});

const page = (res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, text: string) => {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.body).toContain('<!doctype html>');
  expect(res.body).toContain(text);
};

describe('malformed posts', () => {
  it('answers a JSON post with non-string values, arrays or nesting with a 400 page, on both form targets', async () => {
    const link = await createLink(gw, {});
    const { sessionId } = await openCart(gw, link);
    const bodies = [{ email: 42, card_number: true }, { email: ['a@example.com'] }, { email: { nested: 'x' } }, [1, 2, 3], 'just a string', null];
    for (const url of [`/checkout/${sessionId}`, `/checkout-link/${link.slug}/cart`]) {
      for (const body of bodies) {
        const res = await gw.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
        page(res, 400, 'could not read the form');
      }
      const broken = await gw.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"email":' });
      page(broken, 400, 'could not read the form');
      const other = await gw.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain' }, payload: 'email=x' });
      expect(other.statusCode).toBeGreaterThanOrEqual(400);
      expect(other.statusCode).toBeLessThan(500);
      expect(other.headers['content-type']).toBe('text/html; charset=utf-8');
    }
    const count = await gw.graphql(`query ($l: ID) { checkoutSessions(filter: { checkoutLinkId: $l }) { totalCount } }`, { l: link.id });
    expect((count.body.data as any).checkoutSessions.totalCount).toBe(1);
  });

  it('a JSON post of string fields is read like the form', async () => {
    const link = await createLink(gw, {});
    const res = await gw.inject({
      method: 'POST',
      url: `/checkout-link/${link.slug}/cart`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'json@example.com', ...PAYING_CARD }),
    });
    expect(res.statusCode).toBe(303);
  });

  it('answers a form over 64 KiB with a 413 page', async () => {
    const link = await createLink(gw, {});
    const res = await gw.inject({
      method: 'POST',
      url: `/checkout-link/${link.slug}/cart`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${'a'.repeat(70 * 1024)}`,
    });
    page(res, 413, 'Too much data');
  });

  it('field errors on the card form: Luhn, expiry format, missing CVC', async () => {
    const link = await createLink(gw, {});
    const res = await submitLink(gw, link.slug, { email: 'x@example.com', card_number: '4242 4242 4242 4241', card_expiry: '1234', card_cvc: '' }, false);
    page(res, 422, 'Enter the expiry date as MM / YY.');
    expect(res.body).toContain('Enter the security code.');
    const luhn = await submitLink(gw, link.slug, { email: 'x@example.com', ...PAYING_CARD, card_number: '4242 4242 4242 4241', card_expiry: '01 / 20' });
    page(luhn, 422, 'Your card number is invalid.');
    expect(luhn.body).toContain('expiration date is in the past');
    expect(luhn.body).not.toContain('4242 4242 4242 4241');
  });

  it('a declined card sends the buyer back to the session page, which shows the decline', async () => {
    const link = await createLink(gw, {});
    const res = await submitLink(gw, link.slug, { email: 'poor@example.com', ...PAYING_CARD, card_number: '4000 0000 0000 9995' });
    expect(res.statusCode).toBe(303);
    const shown = await gw.inject({ method: 'GET', url: String(res.headers.location) });
    page(shown, 200, 'Your card has insufficient funds.');
    expect(shown.body).toContain('value="poor@example.com"');
    const sessionId = String(res.headers.location).split('/').pop()!;
    const paid = await submit(gw, sessionId, {});
    expect(paid.statusCode).toBe(303);
    expect((await gw.inject({ method: 'GET', url: `/checkout/${sessionId}` })).body).toContain('Thanks for your order');
  });
});

describe('redirect URLs whatever their characters', () => {
  it('stores a non-Latin-1 redirect URL normalised and redirects to it after completion', async () => {
    const link = await createLink(gw, {
      extra: { afterCompletion: { type: 'REDIRECT', redirectUrl: 'https://bücher.example/danke/ü?name=Zoë&id={CHECKOUT_SESSION_ID}#😀' } },
    });
    const read = await gw.graphql(`query ($id: ID) { checkoutLink(id: $id) { afterCompletion { redirectUrl } } }`, { id: link.id });
    const stored = (read.body.data as any).checkoutLink.afterCompletion.redirectUrl;
    expect(stored).toBe('https://xn--bcher-kva.example/danke/%C3%BC?name=Zo%C3%AB&id={CHECKOUT_SESSION_ID}#%F0%9F%98%80');
    const page1 = await gw.inject({ method: 'GET', url: `/checkout-link/${link.slug}/cart` });
    expect(String(page1.headers['content-security-policy'])).toContain("form-action 'self' https://xn--bcher-kva.example");
    const res = await submitLink(gw, link.slug, { email: 'zoe@example.com' });
    expect(res.statusCode).toBe(303);
    const location = String(res.headers.location);
    expect(location).toMatch(/^https:\/\/xn--bcher-kva\.example\/danke\/%C3%BC\?name=Zo%C3%AB&id=[0-9a-f-]{36}#%F0%9F%98%80$/);
  });

  it('keeps printable-ASCII URLs exactly as given', async () => {
    const url = 'https://Shop.Example.com/thanks?x=1&y=%7Bz%7D';
    const link = await createLink(gw, { extra: { afterCompletion: { type: 'REDIRECT', redirectUrl: url } } });
    const read = await gw.graphql(`query ($id: ID) { checkoutLink(id: $id) { afterCompletion { redirectUrl } } }`, { id: link.id });
    expect((read.body.data as any).checkoutLink.afterCompletion.redirectUrl).toBe(url);
  });

  it('normalises a sales channel base URL with non-Latin-1 characters; the session URL is valid', async () => {
    const ch = await gw.graphql(
      `mutation { createSalesChannel(input: { name: "umlaut-shop", customerfrontBaseUrl: "https://shop.example.com/kassé/" }) { salesChannel { customerfrontBaseUrl } userErrors { message } } }`,
    );
    expect((ch.body.data as any).createSalesChannel).toEqual({
      salesChannel: { customerfrontBaseUrl: 'https://shop.example.com/kass%C3%A9/' },
      userErrors: [],
    });
    const link = await createLink(gw, { extra: { salesChannel: 'umlaut-shop' } });
    const { location, sessionId } = await openCart(gw, link);
    expect(location).toBe(`https://shop.example.com/kass%C3%A9/checkout/${sessionId}`);
  });

  it('a row stored before normalisation (raw UTF-8) is still sent as a valid Location', async () => {
    const link = await createLink(gw, { extra: { afterCompletion: { type: 'REDIRECT', redirectUrl: 'https://shop.example.com/ok' } } });
    await gw.db.orm.em
      .fork()
      .getConnection()
      .execute(`update checkout_link set after_completion_redirect_url = 'https://shop.example.com/ü/{CHECKOUT_SESSION_ID}' where id = ?`, [link.id]);
    const res = await submitLink(gw, link.slug, { email: 'old@example.com' });
    expect(res.statusCode).toBe(303);
    expect(String(res.headers.location)).toMatch(/^https:\/\/shop\.example\.com\/%C3%BC\/[0-9a-f-]{36}$/);
  });
});

describe('rate limit', () => {
  it('answers the anonymous limit with a 429 page, not "Bad request"', async () => {
    let res;
    for (let i = 0; i < 60; i++) {
      res = await gw.inject({ method: 'GET', url: '/checkout-link/no-such-link/cart' });
      if (res.statusCode === 429) break;
    }
    page(res!, 429, 'Too many requests');
    expect(res!.headers['retry-after']).toBeDefined();
  });
});
