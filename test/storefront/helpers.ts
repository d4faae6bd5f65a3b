// Storefront test helpers: publishable keys made through GraphQL createApiKey, and the storefront
// operations as a browser would send them (publishable key, client secret, Origin header).
import { expect } from 'vitest';
import type { TestGateway, TestOrg } from '../support/gateway.ts';

export const SESSION_FIELDS = `id status email name company promotionCode orderReference failedPaymentAttempts redirectUrl confirmationMessage
  lastPaymentError { code declineCode message }
  billingAddress { line1 line2 postalCode city country }
  lines { index name quantity quantityEditable minQuantity maxQuantity unitAmount amountSubtotal amountDueToday recurring { interval intervalCount } }
  amounts { currency amountSubtotal amountDiscount amountDueToday trialDays recurring { interval intervalCount amount } }
  link { slug title submitLabel checkoutMode livemode paymentAvailable branding { brandName } fields { email name company companyRequired billingAddress promotionCode } }`;

export const START = `mutation ($input: StartCheckoutSessionInput!) { startCheckoutSession(input: $input) {
  clientSecret session { ${SESSION_FIELDS} } userErrors { code reason path message } } }`;
export const READ = `query ($s: String!) { storefrontSession(clientSecret: $s) { ${SESSION_FIELDS} } }`;
export const UPDATE = `mutation ($s: String!, $input: StorefrontSessionUpdateInput!) { updateCheckoutSession(clientSecret: $s, input: $input) {
  session { ${SESSION_FIELDS} } userErrors { code reason path message } } }`;
export const COMPLETE = `mutation ($s: String!, $input: CompleteCheckoutSessionInput!) { completeCheckoutSession(clientSecret: $s, input: $input) {
  session { ${SESSION_FIELDS} } paymentError { code declineCode message } userErrors { code reason path message } } }`;
export const PREVIEW = `query ($slug: String!, $p: StorefrontPreviewInput) { storefrontCheckoutLink(slug: $slug, preview: $p) {
  slug title submitLabel checkoutMode paymentAvailable lines { index name quantity amountSubtotal amountDueToday } amounts { currency amountSubtotal amountDueToday trialDays recurring { interval amount } } } }`;

export const CARD_OK = { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2034, cvc: '123', name: 'Ada Buyer' };
export const CARD_DECLINED = { ...CARD_OK, number: '4000 0000 0000 0002' };
export const CARD_NO_FUNDS = { ...CARD_OK, number: '4000000000009995' };

/** A publishable key of an organisation, made with the organisation's secret key through createApiKey. */
export async function publishableKey(gw: TestGateway, org: TestOrg = gw.orgA, mode: 'test' | 'live' = 'test'): Promise<string> {
  const res = await gw.graphql(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id kind scopes } userErrors { reason message } } }`,
    { input: { organisationId: org.id, mode: mode.toUpperCase(), kind: 'PUBLISHABLE', name: 'storefront' } },
    mode === 'test' ? org.testKey : org.liveKey,
  );
  const payload = (res.body.data as any).createApiKey;
  expect(payload.userErrors).toEqual([]);
  expect(payload.apiKey).toMatchObject({ kind: 'PUBLISHABLE', scopes: [] });
  expect(payload.secret).toMatch(new RegExp(`^pk_${mode}_[0-9A-Za-z]{32}$`));
  return payload.secret;
}

/** POST /graphql as a browser: optional key (Bearer), optional Origin. */
export async function browserCall(gw: TestGateway, query: string, variables: Record<string, unknown>, options: { key?: string | null; origin?: string } = {}) {
  const res = await gw.inject({
    method: 'POST',
    url: '/graphql',
    headers: {
      'content-type': 'application/json',
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      ...(options.origin ? { origin: options.origin } : {}),
    },
    payload: { query, variables },
  });
  return {
    status: res.statusCode,
    body: res.json() as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] },
    headers: res.headers,
  };
}

/** Starts a session of a link with a publishable key; returns the client secret and the session. */
export async function start(gw: TestGateway, pk: string, slug: string, update?: Record<string, unknown>) {
  const res = await browserCall(gw, START, { input: { slug, ...(update ? { update } : {}) } }, { key: pk });
  expect(res.body.errors).toBeUndefined();
  const payload = res.body.data.startCheckoutSession;
  expect(payload.userErrors).toEqual([]);
  return { clientSecret: payload.clientSecret as string, session: payload.session };
}
