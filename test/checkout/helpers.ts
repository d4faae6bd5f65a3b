// Links for the checkout tests, made through GraphQL createCheckoutLink like any client would.
import { expect } from 'vitest';
import type { TestGateway } from '../support/gateway.ts';

export const LINK_FIELDS = 'id slug url active title completedSessionsCount livemode';

export interface LinkOptions {
  title?: string;
  currency?: string;
  unitAmount?: number;
  quantity?: number;
  adjustableQuantity?: { enabled: boolean; minimum?: number; maximum?: number };
  recurring?: { interval: string; intervalCount?: number };
  extra?: Record<string, unknown>;
  key?: string;
}

/** A link selling one inline-priced product (name = title's product). */
export async function createLink(gw: TestGateway, options: LinkOptions = {}): Promise<{ id: string; slug: string; url: string; active: boolean }> {
  const input = {
    title: options.title ?? 'Pro plan',
    lineItems: [
      {
        priceData: {
          productName: 'Pro seat',
          currency: options.currency ?? 'EUR',
          unitAmount: options.unitAmount ?? 4990,
          ...(options.recurring ? { recurring: options.recurring } : {}),
        },
        quantity: options.quantity ?? 1,
        ...(options.adjustableQuantity ? { adjustableQuantity: options.adjustableQuantity } : {}),
      },
    ],
    ...options.extra,
  };
  const res = await gw.graphql(
    `mutation ($input: CreateCheckoutLinkInput!) { createCheckoutLink(input: $input) { checkoutLink { ${LINK_FIELDS} } userErrors { reason message path } } }`,
    { input },
    options.key,
  );
  expect(res.body.errors).toBeUndefined();
  const payload = (res.body.data as any).createCheckoutLink;
  expect(payload.userErrors).toEqual([]);
  return payload.checkoutLink;
}

/** The path of a public URL (the tests drive the app with inject). */
export const pathOf = (url: string): string => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/** Makes a cart of the link (GraphQL createCart, as a server would); returns the session id and its page URL. */
export async function openCart(gw: TestGateway, link: { id: string }, key?: string): Promise<{ sessionId: string; location: string; clientSecret: string }> {
  const res = await gw.graphql(
    `mutation ($input: CreateCartInput!) { createCart(input: $input) { url clientSecret checkoutSession { id } userErrors { message } } }`,
    { input: { checkoutLinkId: link.id } },
    key,
  );
  const cart = (res.body.data as any).createCart;
  expect(cart.userErrors).toEqual([]);
  return { sessionId: cart.checkoutSession.id, location: cart.url, clientSecret: cart.clientSecret };
}

/** The test card form fields that pay (4242…). */
export const PAYING_CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', card_name: 'Ada Buyer' };

/** Posts the hosted page's form of a session (with a paying test card unless `card` is false). */
export function submit(gw: TestGateway, sessionId: string, form: Record<string, string>, card = true) {
  return gw.inject({
    method: 'POST',
    url: `/checkout/${sessionId}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...(card ? PAYING_CARD : {}), ...form }).toString(),
  });
}

/** Posts the link page's form (starts and completes a session in one go). */
export function submitLink(gw: TestGateway, slug: string, form: Record<string, string>, card = true) {
  return gw.inject({
    method: 'POST',
    url: `/checkout-link/${slug}/cart`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...(card ? PAYING_CARD : {}), ...form }).toString(),
  });
}

export async function linkCount(gw: TestGateway, id: string): Promise<{ active: boolean; completedSessionsCount: number }> {
  const res = await gw.graphql(`query ($id: ID) { checkoutLink(id: $id) { active completedSessionsCount } }`, { id });
  return (res.body.data as any).checkoutLink;
}
