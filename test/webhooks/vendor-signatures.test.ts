// Each face's webhook format, received over real HTTP on 127.0.0.1 and verified the way each
// vendor's users verify it: @whop/sdk `webhooks.unwrap` (Whop), the LeanRails recipe from
// docs.fluveo.com (HMAC-SHA256 over "v1=" + t + "." + body, whole secret as key) and Fynn's
// (hex HMAC-SHA256 of the raw body), plus the body shapes each vendor documents.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Whop from '@whop/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink, openCart, submit } from '../checkout/helpers.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts';

const CREATE = `mutation ($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret webhookEndpoint { id } userErrors { reason message path } }
}`;

let gw: TestGateway;
const receivers: Receiver[] = [];

beforeAll(async () => {
  gw = await startGateway({ WEBHOOK_POLL_MS: '100' });
});
afterAll(async () => {
  await gw.close();
  await Promise.all(receivers.map((r) => r.close()));
});

async function endpointFor(format: string, enabledEvents?: string[]): Promise<{ r: Receiver; secret: string }> {
  const r = await startReceiver();
  receivers.push(r);
  const res = await gw.graphql<any>(CREATE, { input: { url: r.url, format, ...(enabledEvents ? { enabledEvents } : {}) } });
  expect(res.body.data.createWebhookEndpoint.userErrors).toEqual([]);
  return { r, secret: res.body.data.createWebhookEndpoint.secret };
}

async function complete(options: Parameters<typeof createLink>[1] = {}) {
  const link = await createLink(gw, options);
  const { sessionId } = await openCart(gw, link);
  const res = await submit(gw, sessionId, { email: 'buyer@example.com' });
  expect([200, 303]).toContain(res.statusCode);
  return { link, sessionId };
}

/** The LeanRails receiver recipe (docs.fluveo.com/guides/webhooks). */
function verifyLeanRails(body: string, header: string, secret: string, toleranceSeconds = 300): void {
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) throw new Error('timestamp outside tolerance');
  const expected = createHmac('sha256', secret).update(`v1=${t}.${body}`).digest('hex');
  if (!parts.v1 || !timingSafeEqual(Buffer.from(expected), Buffer.from(parts.v1.padEnd(expected.length).slice(0, expected.length))))
    throw new Error('bad signature');
}

/** The Fynn receiver recipe (docs.fynn.eu webhooks: hash_hmac('sha256', $body, $secret)). */
function verifyFynn(body: string, header: string, secret: string): void {
  if (createHmac('sha256', secret).update(body).digest('hex') !== header) throw new Error('bad signature');
}

/** The fields of an interface in @whop/sdk's shared types (what the SDK's type requires). */
function whopFields(name: string): string[] {
  const text = readFileSync(new URL('../../node_modules/@whop/sdk/resources/shared.d.ts', import.meta.url), 'utf8');
  const start = text.indexOf(`export interface ${name} {`);
  const body = text.slice(start, text.indexOf('\n}\n', start));
  return [...body.matchAll(/^ {4}([a-z_]+)\??:/gm)].map((m) => m[1]!);
}

describe('vendor webhook formats', () => {
  it('LEANRAILS: checkout.session.completed, Fluveo-Signature and X-Signature verify with the LeanRails recipe', async () => {
    const { r, secret } = await endpointFor('LEANRAILS', ['checkout.session.completed']);
    expect(secret).toMatch(/^whsec_/);
    const { sessionId, link } = await complete();
    const [hit] = await r.waitFor(1);
    const header = String(hit!.headers['fluveo-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(hit!.headers['x-signature']).toBe(header);
    verifyLeanRails(hit!.body, header, secret);
    expect(() => verifyLeanRails(hit!.body, header, `${secret}x`)).toThrow();
    expect(() => verifyLeanRails(hit!.body.replace('complete', 'COMPLETE'), header, secret)).toThrow();
    const event = JSON.parse(hit!.body);
    expect(hit!.headers['webhook-id']).toBe(event.id);
    expect(event).toMatchObject({
      object: 'event',
      type: 'checkout.session.completed',
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    });
    expect(event.id).toMatch(/^evt_[0-9A-Za-z]{22}$/);
    expect(event.api_version).toBeTypeOf('string');
    expect(event.created).toBeTypeOf('number');
    const session = event.data.object;
    expect(session).toMatchObject({
      object: 'checkout.session',
      status: 'complete',
      payment_status: 'paid',
      amount_subtotal: 4990,
      amount_total: 4990,
      currency: 'eur',
      customer_email: 'buyer@example.com',
      customer_details: { email: 'buyer@example.com', business_name: null },
      client_reference_id: null,
      metadata: {},
      mode: 'payment',
      livemode: false,
    });
    expect(session.id).toMatch(/^cs_/);
    expect(session.checkout_link).toMatch(/^cl_/);
    expect(session.created).toBeTypeOf('number');
    expect(session.expires_at).toBeTypeOf('number');
    // The same ids as the LeanRails face shows.
    const shown = await gw.inject({
      method: 'GET',
      url: `/leanrails/v1/checkout_links/${session.checkout_link}`,
      headers: { authorization: `Bearer ${gw.orgA.testKey}` },
    });
    expect(shown.json().title).toBe('Pro plan');
    expect(sessionId).toBeTruthy();
    expect(link.id).toBeTruthy();
  });

  it('WHOP: payment.succeeded (+ membership.activated for a renewal) that @whop/sdk webhooks.unwrap accepts', async () => {
    const { r, secret } = await endpointFor('WHOP');
    const { link } = await complete({ recurring: { interval: 'MONTH' }, currency: 'USD', unitAmount: 1999 });
    const hits = await r.waitFor(2);
    const whop = new Whop({ apiKey: 'unused', webhookKey: btoa(secret) });
    const events = hits.map((h) => whop.webhooks.unwrap(h.body, { headers: h.headers as Record<string, string> }));
    const wrong = new Whop({ apiKey: 'unused', webhookKey: btoa(`${secret}x`) });
    expect(() => wrong.webhooks.unwrap(hits[0]!.body, { headers: hits[0]!.headers as Record<string, string> })).toThrow();
    const payment = events.find((e) => e.type === 'payment.succeeded')!;
    const membership = events.find((e) => e.type === 'membership.activated')!;
    expect(payment).toMatchObject({ api_version: 'v1', company_id: expect.stringMatching(/^biz_/) });
    expect(payment.id).toMatch(/^msg_/);
    expect(Object.keys(payment.data).sort()).toEqual(whopFields('Payment').sort());
    expect(Object.keys(membership.data).sort()).toEqual(whopFields('Membership').sort());
    if (payment.type !== 'payment.succeeded' || membership.type !== 'membership.activated') throw new Error('types');
    expect(payment.data).toMatchObject({
      status: 'paid',
      substatus: 'succeeded',
      currency: 'usd',
      total: 19.99,
      subtotal: 19.99,
      billing_reason: 'subscription_create',
      metadata: {},
    });
    expect(payment.data.checkout_configuration_id).toMatch(/^ch_/);
    expect(payment.data.user?.email).toBe('buyer@example.com');
    expect(payment.data.paid_at).toBeTypeOf('string');
    expect(membership.data).toMatchObject({ status: 'active', checkout_configuration_id: payment.data.checkout_configuration_id });
    const config = await gw.inject({
      method: 'GET',
      url: `/whop/api/v1/checkout_configurations/${payment.data.checkout_configuration_id}`,
      headers: { authorization: `Bearer ${gw.orgA.testKey}` },
    });
    expect(config.statusCode).toBe(200);
    expect(link.id).toBeTruthy();
  });

  it('FYNN: cart.completed and cart.paid with a camelCase cart, product.created; X-Webhook-Signature verifies', async () => {
    const { r, secret } = await endpointFor('FYNN', ['cart.completed', 'cart.paid', 'product.created']);
    const { sessionId, link } = await complete();
    const hits = await r.waitFor(3);
    for (const h of hits) {
      verifyFynn(h.body, String(h.headers['x-webhook-signature']), secret);
      expect(() => verifyFynn(h.body, String(h.headers['x-webhook-signature']), `${secret}0`)).toThrow();
    }
    const bodies = hits.map((h) => JSON.parse(h.body));
    const types = bodies.map((b) => b.event.type);
    expect(types).toContain('cart.completed');
    expect(types).toContain('cart.paid');
    const cart = bodies.find((b) => b.event.type === 'cart.completed');
    expect(cart).toMatchObject({ event: { version: '1.0.0' }, tenantId: gw.orgA.id });
    expect(cart.event.id).toMatch(/^webhk_/);
    expect(cart.data).toMatchObject({
      id: sessionId,
      checkoutLinkId: link.id,
      status: 'completed',
      currency: 'EUR',
      totalAmount: 4990,
      customerEmail: 'buyer@example.com',
    });
    expect(cart.data.items[0]).toMatchObject({ name: 'Pro seat', quantity: 1, unitAmount: 4990 });
    // The inline price's product was created with the link: product.created too.
    expect(types).toContain('product.created');
  });
});
