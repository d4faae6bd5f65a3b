// The storefront operations end to end over HTTP: publishable keys, client secrets, updates within
// the link's bounds, completion through the test card provider (success, declines recorded on the
// session), live mode without a provider, and setup-mode links.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckoutSession, Event } from '../../src/domain/entities/index.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { createLink, linkCount } from '../checkout/helpers.ts';
import { browserCall, CARD_DECLINED, CARD_NO_FUNDS, CARD_OK, COMPLETE, PREVIEW, publishableKey, READ, start, START, UPDATE } from './helpers.ts';

let gw: TestGateway;
let pk: string;
beforeAll(async () => {
  gw = await startGateway();
  pk = await publishableKey(gw);
});
afterAll(async () => {
  await gw?.close();
});

const sessionRow = async (id: string) => gw.db.orm.em.fork().findOneOrFail(CheckoutSession, { id }, { filters: false });

describe('storefront operations', () => {
  it('previews a link without a row, starts a session, updates it within bounds and completes it with 4242', async () => {
    const link = await createLink(gw, {
      title: 'Team plan',
      unitAmount: 4900,
      quantity: 2,
      adjustableQuantity: { enabled: true, minimum: 1, maximum: 5 },
      extra: { settings: { forceCompany: true } },
    });
    const before = await gw.db.orm.em.fork().count(CheckoutSession, {}, { filters: false });
    const preview = await browserCall(gw, PREVIEW, { slug: link.slug, p: { quantities: [{ line: 0, quantity: 3 }] } }, { key: pk });
    expect(preview.body.data.storefrontCheckoutLink).toMatchObject({
      title: 'Team plan',
      submitLabel: 'Pay',
      paymentAvailable: true,
      lines: [{ index: 0, name: 'Pro seat', quantity: 3, amountSubtotal: 14700, amountDueToday: 14700 }],
      amounts: { currency: 'EUR', amountSubtotal: 14700, amountDueToday: 14700 },
    });
    expect(await gw.db.orm.em.fork().count(CheckoutSession, {}, { filters: false })).toBe(before);

    const { clientSecret, session } = await start(gw, pk, link.slug);
    expect(clientSecret).toMatch(/^cs_[0-9a-f]{32}_secret_[0-9A-Za-z]{24}$/);
    expect(session).toMatchObject({
      status: 'OPEN',
      lines: [{ quantity: 2, minQuantity: 1, maxQuantity: 5, quantityEditable: true }],
      amounts: { amountDueToday: 9800 },
    });
    expect((await sessionRow(session.id)).clientSecretHash).not.toContain(clientSecret.slice(-24));

    const tooMany = await browserCall(gw, UPDATE, { s: clientSecret, input: { quantities: [{ line: 0, quantity: 6 }], email: 'nope' } });
    expect(tooMany.body.data.updateCheckoutSession.userErrors).toEqual([
      { code: 'VALIDATION', reason: 'QUANTITY__OUT_OF_RANGE', path: ['input', 'quantities', '0', 'quantity'], message: 'The quantity must be from 1 to 5.' },
      { code: 'VALIDATION', reason: 'VALUE__BAD_FORMAT', path: ['input', 'email'], message: 'Not a valid email address.' },
    ]);
    const updated = await browserCall(gw, UPDATE, {
      s: clientSecret,
      input: { quantities: [{ line: 0, quantity: 4 }], email: 'ada@example.com', name: 'Ada' },
    });
    expect(updated.body.data.updateCheckoutSession.session).toMatchObject({
      email: 'ada@example.com',
      name: 'Ada',
      lines: [{ quantity: 4, amountSubtotal: 19600 }],
      amounts: { amountDueToday: 19600 },
    });

    const noCompany = await browserCall(gw, COMPLETE, { s: clientSecret, input: { payment: { card: CARD_OK } } });
    expect(noCompany.body.data.completeCheckoutSession.userErrors).toMatchObject([{ reason: 'VALUE__MISSING', path: ['input', 'update', 'company'] }]);

    const done = await browserCall(gw, COMPLETE, { s: clientSecret, input: { update: { company: 'Acme GmbH' }, payment: { card: CARD_OK } } });
    const completed = done.body.data.completeCheckoutSession;
    expect(completed.userErrors).toEqual([]);
    expect(completed.paymentError).toBeNull();
    expect(completed.session).toMatchObject({ status: 'COMPLETE', company: 'Acme GmbH', confirmationMessage: 'Thank you! Your order is complete.' });
    expect(completed.session.orderReference).toMatch(/^CG-[0-9A-F]{10}$/);
    const row = await sessionRow(session.id);
    expect(row.paymentAttempts).toMatchObject([{ status: 'succeeded', provider: 'test-cards', amount: 19600, cardBrand: 'visa', cardLast4: '4242' }]);
    expect(JSON.stringify(row.paymentAttempts)).not.toContain('4242424242424242');
    expect(await linkCount(gw, link.id)).toEqual({ active: true, completedSessionsCount: 1 });
    const server = await gw.graphql(`query ($id: ID!) { checkoutSession(id: $id) { status customerEmail customerName companyName orderReference } }`, {
      id: session.id,
    });
    expect((server.body.data as any).checkoutSession).toEqual({
      status: 'COMPLETE',
      customerEmail: 'ada@example.com',
      customerName: 'Ada',
      companyName: 'Acme GmbH',
      orderReference: completed.session.orderReference,
    });

    const again = await browserCall(gw, COMPLETE, { s: clientSecret, input: { payment: { card: CARD_OK } } });
    expect(again.body.data.completeCheckoutSession.userErrors).toMatchObject([{ code: 'CONFLICT', reason: 'CHECKOUT_SESSION__ALREADY_COMPLETE' }]);
  });

  it('records declines on the session, which stays open, then succeeds with another card', async () => {
    const link = await createLink(gw);
    const { clientSecret, session } = await start(gw, pk, link.slug, { email: 'buyer@example.com' });
    const declined = (await browserCall(gw, COMPLETE, { s: clientSecret, input: { payment: { card: CARD_DECLINED } } })).body.data.completeCheckoutSession;
    expect(declined.paymentError).toEqual({ code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' });
    expect(declined.session).toMatchObject({ status: 'OPEN', failedPaymentAttempts: 1, lastPaymentError: { code: 'card_declined' } });
    const poor = (await browserCall(gw, COMPLETE, { s: clientSecret, input: { payment: { card: CARD_NO_FUNDS } } })).body.data.completeCheckoutSession;
    expect(poor.paymentError).toEqual({ code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' });
    const read = (await browserCall(gw, READ, { s: clientSecret })).body.data.storefrontSession;
    expect(read).toMatchObject({ status: 'OPEN', failedPaymentAttempts: 2, lastPaymentError: { declineCode: 'insufficient_funds' } });
    const ok = (await browserCall(gw, COMPLETE, { s: clientSecret, input: { payment: { card: CARD_OK } } })).body.data.completeCheckoutSession;
    expect(ok.session).toMatchObject({ status: 'COMPLETE', lastPaymentError: null, failedPaymentAttempts: 2 });
    expect((await sessionRow(session.id)).paymentAttempts.map((a) => a.status)).toEqual(['failed', 'failed', 'succeeded']);
    // Each decline is an event in the outbox (webhooks, events API), written with the attempt.
    const events = await gw.db.orm.em.fork().find(Event, { objectId: session.id }, { filters: false, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['checkout_session.payment_failed', 'checkout_session.payment_failed', 'checkout_session.completed']);
    expect((events[1]!.data.paymentAttempts as { declineCode: string }[]).at(-1)!.declineCode).toBe('insufficient_funds');
    expect(JSON.stringify(events.map((e) => e.data))).not.toMatch(/clientSecret|4000000000009995/);
  });

  it('checks card numbers (Luhn), expiry and CVC as validation errors, recording no attempt', async () => {
    const link = await createLink(gw);
    const { clientSecret, session } = await start(gw, pk, link.slug, { email: 'buyer@example.com' });
    const bad = (
      await browserCall(gw, COMPLETE, {
        s: clientSecret,
        input: { payment: { card: { number: '4242 4242 4242 4241', expMonth: 1, expYear: 2020, cvc: '12', name: null } } },
      })
    ).body.data.completeCheckoutSession;
    expect(bad.userErrors.map((e: { path: string[] }) => e.path.join('.'))).toEqual([
      'input.payment.card.number',
      'input.payment.card.expYear',
      'input.payment.card.cvc',
    ]);
    expect((await sessionRow(session.id)).paymentAttempts).toEqual([]);
    const none = (await browserCall(gw, COMPLETE, { s: clientSecret, input: {} })).body.data.completeCheckoutSession;
    expect(none.userErrors).toMatchObject([{ reason: 'PAYMENT__CARD_REQUIRED', path: ['input', 'payment', 'card'] }]);
  });

  it('setup-mode links save details: "Save details", nothing due today', async () => {
    const link = await createLink(gw, { extra: { mode: 'SETUP' } });
    const { clientSecret, session } = await start(gw, pk, link.slug, { email: 'buyer@example.com' });
    expect(session.link).toMatchObject({ submitLabel: 'Save details', checkoutMode: 'SETUP' });
    expect(session.amounts.amountDueToday).toBe(0);
    const done = (await browserCall(gw, COMPLETE, { s: clientSecret, input: { payment: { card: CARD_OK } } })).body.data.completeCheckoutSession;
    expect(done.session.status).toBe('COMPLETE');
    expect((await sessionRow(session.id)).paymentAttempts).toMatchObject([{ status: 'succeeded', amount: 0 }]);
    expect((await sessionRow(session.id)).paymentAttempts[0]!.reference).toMatch(/^seti_test_/);
  });

  it('live mode without a payment provider refuses completion and says so', async () => {
    const livePk = await publishableKey(gw, gw.orgA, 'live');
    const link = await createLink(gw, { key: gw.orgA.liveKey });
    const preview = (await browserCall(gw, PREVIEW, { slug: link.slug }, { key: livePk })).body.data.storefrontCheckoutLink;
    expect(preview.paymentAvailable).toBe(false);
    const { clientSecret } = await start(gw, livePk, link.slug, { email: 'buyer@example.com' });
    const res = await browserCall(gw, COMPLETE, { s: clientSecret, input: { payment: { card: CARD_OK } } }, { key: livePk });
    expect(res.body.data.completeCheckoutSession.userErrors).toMatchObject([{ reason: 'CHECKOUT__NO_PAYMENT_PROVIDER' }]);
    expect(await linkCount(gw, link.id).catch(() => null)).toBeNull();
  });

  it('refuses promotion codes where the link does not allow them, and unknown codes where it does', async () => {
    const closed = await createLink(gw);
    const a = await start(gw, pk, closed.slug);
    const r1 = (await browserCall(gw, UPDATE, { s: a.clientSecret, input: { promotionCode: 'WELCOME10' } })).body.data.updateCheckoutSession;
    expect(r1.userErrors).toMatchObject([{ reason: 'PROMOTION_CODE__NOT_ALLOWED', path: ['input', 'promotionCode'] }]);
    const open = await createLink(gw, { extra: { settings: { couponsAllowed: true } } });
    const b = await start(gw, pk, open.slug);
    const r2 = (await browserCall(gw, UPDATE, { s: b.clientSecret, input: { promotionCode: 'NOSUCHCODE' } })).body.data.updateCheckoutSession;
    expect(r2.userErrors).toMatchObject([{ reason: 'PROMOTION_CODE__UNKNOWN', path: ['input', 'promotionCode'] }]);
  });
});

describe('texts', () => {
  it('heads a plan link without a title with the plan and tier name', async () => {
    const product = await gw.graphql(
      `mutation { createProduct(input: { name: "Seat", defaultPrice: { currency: "EUR", unitAmount: 1500, recurring: { interval: MONTH } } }) { product { id defaultPrice { id } } } }`,
    );
    const p = (product.body.data as any).createProduct.product;
    const plan = await gw.graphql(`mutation ($i: CreatePlanInput!) { createPlan(input: $i) { plan { tiers { id } } userErrors { message } } }`, {
      i: { code: 'team-heading', name: 'Team', activate: true, tiers: [{ name: 'Pro', items: [{ productId: p.id, priceId: p.defaultPrice.id }] }] },
    });
    const tierId = (plan.body.data as any).createPlan.plan.tiers[0].id;
    const link = await gw.graphql(
      `mutation ($i: CreateCheckoutLinkInput!) { createCheckoutLink(input: $i) { checkoutLink { slug title } userErrors { message } } }`,
      { i: { planTierId: tierId } },
    );
    const { slug, title } = (link.body.data as any).createCheckoutLink.checkoutLink;
    expect(title).toBeNull();
    const shown = (await browserCall(gw, PREVIEW, { slug }, { key: pk })).body.data.storefrontCheckoutLink;
    expect(shown.title).toBe('Team · Pro');
    const page = await gw.inject({ method: 'GET', url: `/checkout-link/${slug}/cart` });
    expect(page.body).toContain('<h1 id="summary-title">Team · Pro</h1>');
    expect(page.body).toContain('<title>Team · Pro</title>');
  });
});

describe('who may call them', () => {
  it('refuses secret keys and the admin token on every storefront operation', async () => {
    const link = await createLink(gw);
    const { clientSecret } = await start(gw, pk, link.slug);
    const calls: [string, Record<string, unknown>][] = [
      [PREVIEW, { slug: link.slug }],
      [START, { input: { slug: link.slug } }],
      [READ, { s: clientSecret }],
      [UPDATE, { s: clientSecret, input: { name: 'x' } }],
      [COMPLETE, { s: clientSecret, input: {} }],
    ];
    for (const key of [gw.orgA.testKey, 'test-admin-token-0123456789']) {
      for (const [query, variables] of calls) {
        const res = await browserCall(gw, query, variables, { key });
        expect(res.body.errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
        expect(res.body.errors?.[0]?.extensions?.reason).toBe('STOREFRONT__SECRET_KEY_REFUSED');
      }
    }
  });

  it('needs a publishable key to start; the client secret alone reads, updates and completes its own session only', async () => {
    const link = await createLink(gw);
    const anonymous = await browserCall(gw, START, { input: { slug: link.slug } });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const one = await start(gw, pk, link.slug);
    const two = await start(gw, pk, link.slug);
    expect((await browserCall(gw, READ, { s: one.clientSecret })).body.data.storefrontSession.id).toBe(one.session.id);
    const forged = `${one.clientSecret.slice(0, -24)}${two.clientSecret.slice(-24)}`;
    expect((await browserCall(gw, READ, { s: forged })).body.data.storefrontSession).toBeNull();
    expect((await browserCall(gw, READ, { s: one.session.id })).body.data.storefrontSession).toBeNull();
    const wrong = await browserCall(gw, UPDATE, { s: forged, input: { name: 'x' } });
    expect(wrong.body.data.updateCheckoutSession.userErrors).toMatchObject([{ code: 'NOT_FOUND', path: ['clientSecret'] }]);
  });

  it('a publishable key of another organisation or mode finds neither the link nor the session', async () => {
    const link = await createLink(gw);
    const { clientSecret } = await start(gw, pk, link.slug);
    const pkB = await publishableKey(gw, gw.orgB);
    const pkLive = await publishableKey(gw, gw.orgA, 'live');
    for (const key of [pkB, pkLive]) {
      expect((await browserCall(gw, PREVIEW, { slug: link.slug }, { key })).body.data.storefrontCheckoutLink).toBeNull();
      expect((await browserCall(gw, START, { input: { slug: link.slug } }, { key })).body.data.startCheckoutSession.userErrors).toMatchObject([
        { code: 'NOT_FOUND' },
      ]);
      expect((await browserCall(gw, READ, { s: clientSecret }, { key })).body.data.storefrontSession).toBeNull();
    }
  });

  it('a revoked publishable key is refused', async () => {
    const key = await publishableKey(gw);
    const keys = await gw.graphql(`{ apiKeys { id kind prefix } }`);
    const row = (keys.body.data as any).apiKeys.find((k: { prefix: string }) => key.startsWith(k.prefix));
    expect(row.kind).toBe('PUBLISHABLE');
    await gw.graphql(`mutation ($id: ID!) { revokeApiKey(id: $id) { apiKey { revokedAt } } }`, { id: row.id });
    const link = await createLink(gw);
    const res = await browserCall(gw, START, { input: { slug: link.slug } }, { key });
    expect(res.status).toBe(401);
  });

  it('a publishable key takes no scopes', async () => {
    const res = await gw.graphql(`mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { reason path } } }`, {
      input: { organisationId: gw.orgA.id, mode: 'TEST', kind: 'PUBLISHABLE', scopes: ['checkout-link:read'] },
    });
    expect((res.body.data as any).createApiKey).toEqual({ secret: null, userErrors: [{ reason: 'API_KEY__PUBLISHABLE_SCOPES', path: ['input', 'scopes'] }] });
  });
});

describe('allowed origins', () => {
  it('refuses browser calls from origins the organisation does not allow; allows the listed ones', async () => {
    const link = await createLink(gw);
    const shop = 'https://shop.example.com';
    const refused = await browserCall(gw, START, { input: { slug: link.slug } }, { key: pk, origin: shop });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'STOREFRONT__ORIGIN_NOT_ALLOWED' });
    const set = await gw.graphql(
      `mutation ($o: [String!]!) { setStorefrontAllowedOrigins(origins: $o) { organisation { storefrontAllowedOrigins } userErrors { path reason } } }`,
      {
        o: ['https://SHOP.example.com:443', 'http://localhost:5173'],
      },
    );
    expect((set.body.data as any).setStorefrontAllowedOrigins).toEqual({
      organisation: { storefrontAllowedOrigins: [shop, 'http://localhost:5173'] },
      userErrors: [],
    });
    const bad = await gw.graphql(`mutation ($o: [String!]!) { setStorefrontAllowedOrigins(origins: $o) { userErrors { path reason } } }`, {
      o: ['https://x.test/path', 'ftp://x.test'],
    });
    expect((bad.body.data as any).setStorefrontAllowedOrigins.userErrors).toEqual([
      { path: ['origins', '0'], reason: 'VALUE__BAD_FORMAT' },
      { path: ['origins', '1'], reason: 'VALUE__BAD_FORMAT' },
    ]);
    const allowed = await browserCall(gw, START, { input: { slug: link.slug } }, { key: pk, origin: shop });
    expect(allowed.body.data.startCheckoutSession.userErrors).toEqual([]);
    expect(allowed.headers['access-control-allow-origin']).toBe(shop);
    const preflight = await gw.inject({
      method: 'OPTIONS',
      url: '/graphql',
      headers: { origin: shop, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(shop);
    // Another organisation's allowed origin is not this one's.
    const pkB = await publishableKey(gw, gw.orgB);
    const linkB = await createLink(gw, { key: gw.orgB.testKey });
    const cross = await browserCall(gw, START, { input: { slug: linkB.slug } }, { key: pkB, origin: shop });
    expect(cross.body.errors?.[0]?.extensions?.reason).toBe('STOREFRONT__ORIGIN_NOT_ALLOWED');
  });
});
