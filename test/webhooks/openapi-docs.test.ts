// Each face's OpenAPI document (served by the face, listed on /docs) documents its webhook
// routes and, as OpenAPI 3.1 `webhooks`, every event type it sends: headers, how to verify and
// the body's schema. Real deliveries (over HTTP to a local receiver) must match those schemas.
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink, openCart, submit } from '../checkout/helpers.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts';

let gw: TestGateway;
const receivers: Receiver[] = [];
beforeAll(async () => {
  gw = await startGateway({ WEBHOOK_POLL_MS: '100' });
});
afterAll(async () => {
  await gw?.close();
  await Promise.all(receivers.map((r) => r.close()));
});

// ajv-formats is CommonJS: its default export is the function, or sits under `default` (as in adapters/kernel/validation.ts).
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

const DOCS = {
  LEANRAILS: '/leanrails/openapi.json',
  FYNN: '/fynn/openapi.json',
  WHOP: '/whop/api/v1/openapi.json',
} as const;

async function doc(face: keyof typeof DOCS): Promise<any> {
  const res = await gw.inject({ method: 'GET', url: DOCS[face] });
  expect(res.statusCode).toBe(200);
  return res.json();
}

/** The event type of a delivery body in each format. */
const typeOf = (face: keyof typeof DOCS, body: any): string => (face === 'FYNN' ? body.event.type : body.type);

describe('webhooks in the OpenAPI documents', () => {
  it('list the webhook endpoint and event routes of each face', async () => {
    const routes = {
      LEANRAILS: {
        '/v1/webhook_endpoints': ['get', 'post'],
        '/v1/webhook_endpoints/{id}': ['get', 'post', 'delete'],
        '/v1/events': ['get'],
        '/v1/events/{id}': ['get'],
      },
      FYNN: { '/webhooks': ['get', 'post'], '/webhooks/{id}': ['get', 'put', 'delete'], '/available-webhook-events': ['get'] },
      WHOP: { '/webhooks': ['get', 'post'], '/webhooks/{id}': ['get', 'patch', 'delete'] },
    } as const;
    for (const face of Object.keys(routes) as (keyof typeof routes)[]) {
      const d = await doc(face);
      const paths = Object.keys(d.paths);
      for (const [path, methods] of Object.entries(routes[face])) {
        const found = paths.find((p) => p === path || p.endsWith(path));
        expect(found, `${face} ${path} in ${paths.join(' ')}`).toBeTruthy();
        expect(Object.keys(d.paths[found!]).sort()).toEqual(expect.arrayContaining([...methods]));
      }
    }
  });

  it('document every event type each face sends, with its signature headers and how to verify', async () => {
    const expected = {
      LEANRAILS: {
        types: [
          'checkout.session.completed',
          'checkout.session.expired',
          'checkout_link.created',
          'checkout_link.updated',
          'checkout_link.deleted',
          'product.created',
          'product.updated',
          'price.created',
          'price.updated',
        ],
        headers: ['Fluveo-Signature', 'X-Signature', 'Webhook-Id'],
        verify: /HMAC-SHA256 keyed with the whole `whsec_…` secret/,
      },
      FYNN: {
        types: ['cart.completed', 'cart.paid', 'product.created', 'product.updated', 'price_plan.archived'],
        headers: ['X-Webhook-Signature'],
        verify: /hash_hmac\('sha256', \$rawBody, \$secret\)/,
      },
      WHOP: {
        types: ['payment.succeeded', 'membership.activated'],
        headers: ['webhook-id', 'webhook-timestamp', 'webhook-signature'],
        verify: /webhooks\.unwrap/,
      },
    };
    for (const face of Object.keys(expected) as (keyof typeof expected)[]) {
      const d = await doc(face);
      expect(d.openapi).toBe('3.1.0');
      expect(Object.keys(d.webhooks ?? {}).sort()).toEqual([...expected[face].types].sort());
      for (const type of expected[face].types) {
        const op = d.webhooks[type].post;
        expect(op.parameters.map((p: any) => p.name)).toEqual(expected[face].headers);
        expect(op.description).toMatch(expected[face].verify);
        expect(op.requestBody.content['application/json'].schema.type).toBe('object');
      }
    }
  });

  it('the documented body schemas match real deliveries of each format', async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const hooks: Partial<Record<keyof typeof DOCS, Receiver>> = {};
    for (const face of Object.keys(DOCS) as (keyof typeof DOCS)[]) {
      const r = await startReceiver();
      receivers.push(r);
      hooks[face] = r;
      const res = await gw.graphql<any>(`mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { userErrors { message } } }`, {
        input: { url: r.url, format: face },
      });
      expect(res.body.data.createWebhookEndpoint.userErrors).toEqual([]);
    }
    // A renewal in USD (payment.succeeded + membership.activated), its link, product and price events.
    const link = await createLink(gw, { recurring: { interval: 'MONTH' }, currency: 'USD', unitAmount: 1999 });
    const { sessionId } = await openCart(gw, link);
    expect((await submit(gw, sessionId, { email: 'docs@example.com' })).statusCode).toBe(303);
    const wanted = {
      LEANRAILS: ['checkout.session.completed', 'checkout_link.created', 'product.created', 'price.created'],
      FYNN: ['cart.completed', 'cart.paid', 'product.created'],
      WHOP: ['payment.succeeded', 'membership.activated'],
    };
    for (const face of Object.keys(DOCS) as (keyof typeof DOCS)[]) {
      const r = hooks[face]!;
      await r.waitFor(wanted[face].length);
      const deadline = Date.now() + 10_000;
      while (!wanted[face].every((t) => r.received.some((h) => typeOf(face, JSON.parse(h.body)) === t)) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const d = await doc(face);
      for (const hit of r.received) {
        const body = JSON.parse(hit.body);
        const type = typeOf(face, body);
        const documented = d.webhooks[type];
        expect(documented, `${face} sent ${type}, which its document does not list`).toBeTruthy();
        const validate = ajv.compile(documented.post.requestBody.content['application/json'].schema);
        expect(validate(body), `${face} ${type}: ${JSON.stringify(validate.errors)}`).toBe(true);
        for (const p of documented.post.parameters) {
          const value = hit.headers[p.name.toLowerCase()];
          expect(value, `${face} ${type} header ${p.name}`).toBeTypeOf('string');
          if (p.schema.pattern) expect(value).toMatch(new RegExp(p.schema.pattern));
        }
      }
      expect([...new Set(r.received.map((h) => typeOf(face, JSON.parse(h.body))))]).toEqual(expect.arrayContaining(wanted[face]));
    }
  });
});
