// Completing a cart from the hosted page: server-side validation, after-completion, replay,
// live mode, and the completed-sessions limit under concurrent buyers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { createLink, linkCount, openCart, pathOf, submit } from './helpers.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

const SESSION = `query ($id: ID!) { checkoutSession(id: $id) { status customerEmail companyName couponCode amountTotal completedAt lines { quantity amountSubtotal } } }`;
const session = async (id: string) => ((await gw.graphql(SESSION, { id })).body.data as any).checkoutSession;

describe('POST /checkout/{sessionId}', () => {
  it('completes, counts on the link and redirects with {CHECKOUT_SESSION_ID} replaced', async () => {
    const link = await createLink(gw, {
      extra: { afterCompletion: { type: 'REDIRECT', redirectUrl: 'https://shop.example.com/thanks?session={CHECKOUT_SESSION_ID}&x=1' } },
    });
    const { sessionId } = await openCart(gw, link);
    const page = await gw.inject({ method: 'GET', url: `/checkout/${sessionId}` });
    expect(String(page.headers['content-security-policy'])).toContain("form-action 'self' https://shop.example.com");
    const res = await submit(gw, sessionId, { email: 'buyer@example.com' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`https://shop.example.com/thanks?session=${sessionId}&x=1`);
    expect(await session(sessionId)).toMatchObject({ status: 'COMPLETE', customerEmail: 'buyer@example.com', amountTotal: 4990 });
    expect(await linkCount(gw, link.id)).toEqual({ active: true, completedSessionsCount: 1 });
  });

  it('also replaces the percent-encoded placeholder (strict URI validators encode the braces)', async () => {
    const link = await createLink(gw, {
      extra: { afterCompletion: { type: 'REDIRECT', redirectUrl: 'https://shop.example.com/done/%7BCHECKOUT_SESSION_ID%7D' } },
    });
    const { sessionId } = await openCart(gw, link);
    const res = await submit(gw, sessionId, { email: 'buyer@example.com' });
    expect(res.headers.location).toBe(`https://shop.example.com/done/${sessionId}`);
  });

  it('shows the custom confirmation message, or the default one', async () => {
    const custom = await createLink(gw, { extra: { afterCompletion: { type: 'MESSAGE', message: 'Welcome aboard, <friend>!' } } });
    const a = await openCart(gw, custom);
    const resA = await submit(gw, a.sessionId, { email: 'a@example.com' });
    expect(resA.statusCode).toBe(303);
    expect(resA.headers.location).toBe(`/checkout/${a.sessionId}`);
    const pageA = await gw.inject({ method: 'GET', url: `/checkout/${a.sessionId}` });
    expect(pageA.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(pageA.body).toContain('Welcome aboard, &lt;friend&gt;!');
    const plain = await createLink(gw, {});
    const b = await openCart(gw, plain);
    expect((await submit(gw, b.sessionId, { email: 'b@example.com' })).statusCode).toBe(303);
    // The page of a completed session shows the confirmation, not the form.
    const again = await gw.inject({ method: 'GET', url: `/checkout/${b.sessionId}` });
    expect(again.body).toContain('Thank you! Your order is complete.');
    expect(again.body).not.toContain('<form');
  });

  it('does not complete twice when the submit is replayed', async () => {
    const link = await createLink(gw, {});
    const { sessionId } = await openCart(gw, link);
    expect((await submit(gw, sessionId, { email: 'one@example.com' })).statusCode).toBe(303);
    const replay = await submit(gw, sessionId, { email: 'two@example.com' });
    expect(replay.statusCode).toBe(409);
    expect(replay.body).toContain('already been completed');
    expect(await linkCount(gw, link.id)).toEqual({ active: true, completedSessionsCount: 1 });
    expect((await session(sessionId)).customerEmail).toBe('one@example.com');
  });

  it('validates the form on the server and re-renders it with messages (422)', async () => {
    const link = await createLink(gw, {
      quantity: 2,
      adjustableQuantity: { enabled: true, minimum: 2, maximum: 4 },
      extra: { settings: { forceCompany: true, billingAddressCollection: 'REQUIRED', couponsAllowed: false } },
    });
    const { sessionId } = await openCart(gw, link);
    const res = await submit(gw, sessionId, { email: 'not-an-email', quantity_0: '9', company: '', billing_city: '<Berlin>' });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('Enter a valid email address.');
    expect(res.body).toContain('Choose a quantity from 2 to 4.');
    expect(res.body).toContain('Enter your company name.');
    expect(res.body).toContain('Enter the address.');
    expect(res.body).toContain('Enter the postal code.');
    expect(res.body).toContain('value="&lt;Berlin&gt;"');
    expect(res.body).toContain('value="not-an-email"');
    expect((await session(sessionId)).status).toBe('OPEN');
    expect((await submit(gw, sessionId, { quantity_0: '3', company: 'Acme' })).body).toContain('Enter your email address.');
    // The page sends no promotion code where the link takes none, and no quantity of a fixed line.
    const fixed = await createLink(gw, {});
    const f = await openCart(gw, fixed);
    expect((await submit(gw, f.sessionId, { email: 'x@example.com', promotion_code: 'FREE', quantity_0: '5' })).statusCode).toBe(303);
    expect(await session(f.sessionId)).toMatchObject({ status: 'COMPLETE', couponCode: null, lines: [{ quantity: 1 }] });

    const ok = await submit(gw, sessionId, {
      email: 'buyer@example.com',
      quantity_0: '3',
      company: 'Acme GmbH',
      billing_line1: 'Main St 1',
      billing_postal_code: '10115',
      billing_city: 'Berlin',
      billing_country: 'DE',
    });
    expect(ok.statusCode).toBe(303);
    expect(await session(sessionId)).toMatchObject({
      status: 'COMPLETE',
      companyName: 'Acme GmbH',
      amountTotal: 3 * 4990,
      lines: [{ quantity: 3, amountSubtotal: 14970 }],
    });
  });

  it('checks the promotion code where the link takes them: an unknown code is a field error', async () => {
    const link = await createLink(gw, { extra: { settings: { couponsAllowed: true } } });
    const { sessionId } = await openCart(gw, link);
    const res = await submit(gw, sessionId, { email: 'c@example.com', promotion_code: 'SPRING24' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('&quot;SPRING24&quot; is not a valid promotion code.');
    expect(res.body).toContain('value="SPRING24"');
    expect(await session(sessionId)).toMatchObject({ status: 'OPEN', couponCode: null });
  });

  it('does not complete a live-mode link: no payment provider is configured', async () => {
    const link = await createLink(gw, { key: gw.orgA.liveKey });
    const { sessionId } = await openCart(gw, link, gw.orgA.liveKey);
    const page = await gw.inject({ method: 'GET', url: `/checkout/${sessionId}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('No payment provider is configured');
    expect(page.body).not.toContain('Test mode');
    expect(page.body).toMatch(/<button type="submit" class="submit" disabled>Pay /);
    expect(page.body).not.toContain('cc-number');
    const res = await submit(gw, sessionId, { email: 'live@example.com' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('No payment provider is configured');
    const after = await gw.graphql(
      `query ($id: ID!) { checkoutSession(id: $id) { status } checkoutLink(id: "${link.id}") { completedSessionsCount } }`,
      { id: sessionId },
      gw.orgA.liveKey,
    );
    expect(after.body.data).toEqual({ checkoutSession: { status: 'OPEN' }, checkoutLink: { completedSessionsCount: 0 } });
  });

  it('refuses a session whose link stopped selling after the cart was made', async () => {
    const link = await createLink(gw, { extra: { inactiveMessage: 'Paused' } });
    const { sessionId } = await openCart(gw, link);
    await gw.graphql(`mutation ($id: ID!) { disableCheckoutLink(id: $id) { userErrors { message } } }`, { id: link.id });
    const res = await submit(gw, sessionId, { email: 'late@example.com' });
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('Paused');
    expect((await session(sessionId)).status).toBe('OPEN');
  });

  it('completes exactly one of ten concurrent submits when the limit is 1, then deactivates the link', async () => {
    const link = await createLink(gw, { extra: { completedSessionsLimit: 1 } });
    const carts = [];
    for (let i = 0; i < 10; i++) carts.push(await openCart(gw, link));
    const results = await Promise.all(carts.map((c, i) => submit(gw, c.sessionId, { email: `buyer${i}@example.com` })));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    expect(statuses.filter((s) => s === 410)).toHaveLength(9);
    expect(await linkCount(gw, link.id)).toEqual({ active: false, completedSessionsCount: 1 });
    const complete = await gw.graphql(`query ($l: ID) { checkoutSessions(filter: { checkoutLinkId: $l, status: COMPLETE }) { totalCount } }`, { l: link.id });
    expect((complete.body.data as any).checkoutSessions.totalCount).toBe(1);
    expect((await gw.inject({ method: 'GET', url: pathOf(link.url) })).statusCode).toBe(410);
  });
});
