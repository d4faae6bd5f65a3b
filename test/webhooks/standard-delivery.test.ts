// Events recorded with the change and delivered as Standard Webhooks to a real receiver,
// verified with the `standardwebhooks` package; retries; attempts recorded; 410 disables.
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink, openCart, submit } from '../checkout/helpers.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts';

const CREATE = `mutation ($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret webhookEndpoint { id url format enabledEvents enabled livemode } userErrors { reason message path } }
}`;

let gw: TestGateway;
const receivers: Receiver[] = [];

beforeAll(async () => {
  gw = await startGateway({ WEBHOOK_RETRY_SCHEDULE: '1s,1s,1s', WEBHOOK_POLL_MS: '100' });
});
afterAll(async () => {
  await gw.close();
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(script: number[] = []): Promise<Receiver> {
  const r = await startReceiver(script);
  receivers.push(r);
  return r;
}

async function endpoint(url: string, format = 'STANDARD', enabledEvents?: string[], key?: string) {
  const res = await gw.graphql<any>(CREATE, { input: { url, format, ...(enabledEvents ? { enabledEvents } : {}) } }, key);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.createWebhookEndpoint.userErrors).toEqual([]);
  return res.body.data.createWebhookEndpoint as { secret: string; webhookEndpoint: { id: string } };
}

async function complete(key?: string) {
  const link = await createLink(gw, { key });
  const { sessionId } = await openCart(gw, link);
  const res = await submit(gw, sessionId, { email: 'buyer@example.com' });
  expect([200, 303]).toContain(res.statusCode);
  return { link, sessionId };
}

describe('Standard Webhooks delivery', () => {
  it('delivers checkout_session.completed signed so that standardwebhooks verifies it, and records the attempt', async () => {
    const r = await receiver();
    const { secret } = await endpoint(r.url, 'STANDARD', ['checkout_session.completed']);
    expect(secret).toMatch(/^whsec_/);
    const { sessionId, link } = await complete();
    const committed = Date.now();
    const [hit] = await r.waitFor(1);
    // First attempt within about a second of the commit (the worker is woken in-process).
    expect(hit!.at - committed).toBeLessThan(1500);
    const verified = new Webhook(secret).verify(hit!.body, hit!.headers as Record<string, string>) as any;
    expect(verified.type).toBe('checkout_session.completed');
    expect(verified.data.object.id).toBe(sessionId);
    expect(verified.data.object.status).toBe('complete');
    expect(verified.data.object.checkoutLink.id).toBe(link.id);
    expect(() =>
      new Webhook('whsec_' + Buffer.from('another secret of 24 b!!').toString('base64')).verify(hit!.body, hit!.headers as Record<string, string>),
    ).toThrow();

    const events = await gw.graphql<any>(
      `{ events(filter: { type: "checkout_session.*" }) { nodes { id type objectId deliveries { status attemptCount attempts { status durationMs error } } } } }`,
    );
    const event = events.body.data.events.nodes.find((e: any) => e.objectId === sessionId);
    expect(event.type).toBe('checkout_session.completed');
    await expect
      .poll(async () => {
        const one = await gw.graphql<any>(`query ($id: ID!) { event(id: $id) { pendingWebhooks deliveries { status attempts { status } } } }`, {
          id: event.id,
        });
        return one.body.data.event;
      })
      .toEqual({ pendingWebhooks: 0, deliveries: [{ status: 'SUCCEEDED', attempts: [{ status: 200 }] }] });
  });

  it('retries until a receiver that fails twice accepts, recording every attempt', async () => {
    const r = await receiver([500, 503]);
    const { secret } = await endpoint(r.url, 'STANDARD', ['checkout_link.created']);
    const link = await createLink(gw);
    const hits = await r.waitFor(3, 20_000);
    expect(new Set(hits.map((h) => h.headers['webhook-id'])).size).toBe(1);
    for (const h of hits) new Webhook(secret).verify(h.body, h.headers as Record<string, string>);
    expect(hits[1]!.at - hits[0]!.at).toBeGreaterThanOrEqual(900);
    await expect
      .poll(
        async () => {
          const res = await gw.graphql<any>(
            `query ($f: EventFilter) { events(filter: $f) { nodes { deliveries { status attemptCount attempts { status } } } } }`,
            { f: { type: 'checkout_link.created', objectId: link.id } },
          );
          return res.body.data.events.nodes[0].deliveries;
        },
        { timeout: 5000 },
      )
      .toEqual([{ status: 'SUCCEEDED', attemptCount: 3, attempts: [{ status: 500 }, { status: 503 }, { status: 200 }] }]);
  });

  it('a 410 disables the endpoint; a redirect is not followed', async () => {
    const gone = await receiver([410]);
    const moved = await receiver([302, 302, 302, 302]);
    const a = await endpoint(gone.url, 'STANDARD', ['product.created']);
    await endpoint(moved.url, 'STANDARD', ['product.created']);
    await gw.graphql(`mutation { createProduct(input: { name: "Widget" }) { product { id } userErrors { message } } }`);
    await gone.waitFor(1);
    await moved.waitFor(2, 10_000);
    await expect
      .poll(async () => {
        const res = await gw.graphql<any>(`query ($id: ID!) { webhookEndpoint(id: $id) { enabled disabledReason } }`, { id: a.webhookEndpoint.id });
        return res.body.data.webhookEndpoint;
      })
      .toEqual({ enabled: false, disabledReason: 'gone' });
  });

  it('shows the secret only at creation and rotation; the database holds it encrypted', async () => {
    const r = await receiver();
    const { secret, webhookEndpoint } = await endpoint(r.url);
    const rows = await gw.db.orm.em.fork().getConnection().execute('select secret_ciphertext from webhook_endpoint where id = ?', [webhookEndpoint.id]);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(JSON.stringify(rows)).not.toContain(secret.slice(6));
    const rotated = await gw.graphql<any>(`mutation ($id: ID!) { rotateWebhookEndpointSecret(id: $id) { secret userErrors { message } } }`, {
      id: webhookEndpoint.id,
    });
    expect(rotated.body.data.rotateWebhookEndpointSecret.secret).toMatch(/^whsec_/);
    expect(rotated.body.data.rotateWebhookEndpointSecret.secret).not.toBe(secret);
  });

  it('refuses live endpoints on http or private addresses, and unknown event types', async () => {
    const live = async (url: string) =>
      (await gw.graphql<any>(CREATE, { input: { url, format: 'STANDARD' } }, gw.orgA.liveKey)).body.data.createWebhookEndpoint.userErrors;
    expect((await live('http://example.com/hook'))[0]).toMatchObject({ reason: 'VALUE__URL_REFUSED', path: ['input', 'url'] });
    expect((await live('https://127.0.0.1/hook'))[0]).toMatchObject({ reason: 'VALUE__URL_REFUSED' });
    expect((await live('https://10.1.2.3/hook'))[0]).toMatchObject({ reason: 'VALUE__URL_REFUSED' });
    expect((await live('https://[::1]/hook'))[0]).toMatchObject({ reason: 'VALUE__URL_REFUSED' });
    expect((await live('https://169.254.169.254/latest'))[0]).toMatchObject({ reason: 'VALUE__URL_REFUSED' });
    expect(await live('https://93.184.215.14/hook')).toEqual([]);
    const bad = await gw.graphql<any>(CREATE, { input: { url: 'http://127.0.0.1:9/x', format: 'STANDARD', enabledEvents: ['nope.happened'] } });
    expect(bad.body.data.createWebhookEndpoint.userErrors[0]).toMatchObject({ reason: 'VALUE__UNKNOWN_EVENT_TYPE', path: ['input', 'enabledEvents', '0'] });
  });

  it('keeps organisations and modes apart, and needs the scopes', async () => {
    const r = await receiver();
    await endpoint(r.url, 'STANDARD', ['checkout_link.created'], gw.orgB.testKey);
    const before = r.received.length;
    await createLink(gw);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(r.received.length).toBe(before);
    const mine = await gw.graphql<any>('{ webhookEndpoints { nodes { id } } events { nodes { id } } }', {}, gw.orgB.liveKey);
    expect(mine.body.data).toEqual({ webhookEndpoints: { nodes: [] }, events: { nodes: [] } });
    const limited = await gw.keyWith(['checkout-link:read']);
    const denied = await gw.graphql<any>('{ events { nodes { id } } }', {}, limited);
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
