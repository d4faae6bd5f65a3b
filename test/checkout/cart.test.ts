// The public link URL: a cart for an active link, a 410 page for one that no longer sells, a
// 404 page for an unknown slug.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { createLink, linkCount, openCart, pathOf, submit, submitLink } from './helpers.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

const SESSION = `query ($id: ID!) { checkoutSession(id: $id) { id status currency amountSubtotal amountTotal livemode url
  checkoutLink { id } lines { name quantity unitAmount amountSubtotal quantityEditable minQuantity maxQuantity recurring { interval intervalCount } } } }`;

describe('GET /checkout-link/{slug}/cart', () => {
  it('shows the checkout form without making a session; its POST starts and completes one', async () => {
    const link = await createLink(gw, { quantity: 2, adjustableQuantity: { enabled: true, minimum: 1, maximum: 5 }, recurring: { interval: 'MONTH' } });
    expect(link.url).toBe(`http://gateway.test/checkout-link/${link.slug}/cart`);
    for (let i = 0; i < 3; i++) {
      const res = await gw.inject({ method: 'GET', url: pathOf(link.url), headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0' } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`action="/checkout-link/${link.slug}/cart"`);
    }
    const count = async () =>
      ((await gw.graphql(`query ($l: ID) { checkoutSessions(filter: { checkoutLinkId: $l }) { totalCount } }`, { l: link.id })).body.data as any)
        .checkoutSessions.totalCount;
    expect(await count()).toBe(0);
    const done = await submitLink(gw, link.slug, { email: 'buyer@example.com', quantity_0: '3' });
    expect(done.statusCode).toBe(303);
    const sessionId = /^\/checkout\/([0-9a-f-]{36})$/.exec(String(done.headers.location))?.[1];
    expect(sessionId).toBeDefined();
    expect(await count()).toBe(1);
    const { body } = await gw.graphql(SESSION, { id: sessionId });
    expect((body.data as any).checkoutSession).toEqual({
      id: sessionId,
      status: 'COMPLETE',
      currency: 'EUR',
      amountSubtotal: 14970,
      amountTotal: 14970,
      livemode: false,
      url: `http://gateway.test/checkout/${sessionId}`,
      checkoutLink: { id: link.id },
      lines: [
        {
          name: 'Pro seat',
          quantity: 3,
          unitAmount: 4990,
          amountSubtotal: 14970,
          quantityEditable: true,
          minQuantity: 1,
          maxQuantity: 5,
          recurring: { interval: 'MONTH', intervalCount: 1 },
        },
      ],
    });
  });

  it('a refused link form (bad email) makes no session and shows the errors', async () => {
    const link = await createLink(gw, {});
    const res = await submitLink(gw, link.slug, { email: 'nope' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Enter a valid email address.');
    const count = await gw.graphql(`query ($l: ID) { checkoutSessions(filter: { checkoutLinkId: $l }) { totalCount } }`, { l: link.id });
    expect((count.body.data as any).checkoutSessions.totalCount).toBe(0);
  });

  it('makes no cart on a HEAD request', async () => {
    const link = await createLink(gw, {});
    const res = await gw.inject({ method: 'HEAD', url: pathOf(link.url) });
    expect(res.statusCode).toBe(404);
    const count = await gw.graphql(`query ($l: ID) { checkoutSessions(filter: { checkoutLinkId: $l }) { totalCount } }`, { l: link.id });
    expect((count.body.data as any).checkoutSessions.totalCount).toBe(0);
  });

  it('sends the buyer to the sales channel customer front when it has one', async () => {
    const ch = await gw.graphql(
      `mutation { createSalesChannel(input: { name: "shop", brandName: "Shop", customerfrontBaseUrl: "https://shop.example.com/" }) { salesChannel { id } userErrors { message } } }`,
    );
    expect((ch.body.data as any).createSalesChannel.userErrors).toEqual([]);
    const link = await createLink(gw, { extra: { salesChannel: 'shop' } });
    const { sessionId, location } = await openCart(gw, link);
    expect(location).toBe(`https://shop.example.com/checkout/${sessionId}`);
  });

  it('answers 410 with the inactive message for an inactive link, and a default message otherwise', async () => {
    const link = await createLink(gw, { extra: { active: false, inactiveMessage: 'Sold out <b>for now</b>' } });
    const res = await gw.inject({ method: 'GET', url: pathOf(link.url) });
    expect(res.statusCode).toBe(410);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('Sold out &lt;b&gt;for now&lt;/b&gt;');
    const plain = await createLink(gw, { extra: { active: false } });
    const res2 = await gw.inject({ method: 'GET', url: pathOf(plain.url) });
    expect(res2.statusCode).toBe(410);
    expect(res2.body).toContain('This link is no longer available.');
  });

  it('answers 410 for a deleted link', async () => {
    const link = await createLink(gw, { extra: { inactiveMessage: 'Gone for good' } });
    const del = await gw.graphql(`mutation ($id: ID!) { deleteCheckoutLink(id: $id) { deletedId userErrors { message } } }`, { id: link.id });
    expect((del.body.data as any).deleteCheckoutLink.deletedId).toBe(link.id);
    const res = await gw.inject({ method: 'GET', url: pathOf(link.url) });
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('Gone for good');
  });

  it('answers 410 once the completed sessions reach the limit', async () => {
    const link = await createLink(gw, { extra: { completedSessionsLimit: 1, inactiveMessage: 'All seats taken' } });
    const { sessionId } = await openCart(gw, link);
    const done = await submit(gw, sessionId, { email: 'buyer@example.com' });
    expect(done.statusCode).toBe(303);
    expect(await linkCount(gw, link.id)).toEqual({ active: false, completedSessionsCount: 1 });
    const res = await gw.inject({ method: 'GET', url: pathOf(link.url) });
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('All seats taken');
  });

  it('answers a 404 page for an unknown slug and an unknown session', async () => {
    for (const url of [
      '/checkout-link/no-such-link/cart',
      `/checkout-link/${'x'.repeat(80)}/cart`,
      '/checkout/not-a-uuid',
      '/checkout/0190a8f0-0000-7000-8000-000000000000',
    ]) {
      const res = await gw.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('<!doctype html>');
    }
  });
});
