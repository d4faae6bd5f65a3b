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

/** Opens the link's cart; returns the session id from the 303 Location. */
export async function openCart(gw: TestGateway, link: { url: string }): Promise<{ sessionId: string; location: string }> {
  const res = await gw.inject({ method: 'GET', url: pathOf(link.url) });
  expect(res.statusCode).toBe(303);
  const location = String(res.headers.location);
  const m = /\/checkout\/([0-9a-f-]{36})$/.exec(location);
  expect(m).not.toBeNull();
  return { sessionId: m![1]!, location };
}

export function submit(gw: TestGateway, sessionId: string, form: Record<string, string>) {
  return gw.inject({
    method: 'POST',
    url: `/checkout/${sessionId}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(form).toString(),
  });
}

export async function linkCount(gw: TestGateway, id: string): Promise<{ active: boolean; completedSessionsCount: number }> {
  const res = await gw.graphql(`query ($id: ID) { checkoutLink(id: $id) { active completedSessionsCount } }`, { id });
  return (res.body.data as any).checkoutLink;
}
