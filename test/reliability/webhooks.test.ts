// Webhook delivery across crashes and processes, with real gateway processes and a real receiver:
//   - kill -9 right after a burst of completions: every completion committed before the kill is
//     delivered after the restart (on PGlite, our users' default, and on PostgreSQL);
//   - two processes on one PostgreSQL: each event reaches the endpoint once, and a GraphQL
//     subscription on either process hears completions made on the other.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import { Webhook } from 'standardwebhooks';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/database.ts';
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts';
import { mutate, spawnGateway, stopAll, type Gateway } from './support/gateways.ts';

const ENV = { WEBHOOK_TIMEOUT_MS: '1000', WEBHOOK_RETRY_SCHEDULE: '1s,1s,2s,5s', WEBHOOK_POLL_MS: '200', WEBHOOK_SECRET_KEY: 'ab'.repeat(32) };
const receivers: Receiver[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  await stopAll();
  await Promise.all(receivers.map((r) => r.close()));
  for (const c of cleanups) await c();
});

async function endpoint(gw: Gateway, url: string): Promise<string> {
  const payload = await mutate(
    gw,
    `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret webhookEndpoint { id } userErrors { message } } }`,
    { input: { url, format: 'STANDARD', enabledEvents: ['checkout_session.completed'] } },
    'createWebhookEndpoint',
  );
  return payload.secret;
}

async function link(gw: Gateway): Promise<{ id: string; url: string }> {
  const payload = await mutate(
    gw,
    `mutation ($input: CreateCheckoutLinkInput!) { createCheckoutLink(input: $input) { checkoutLink { id url } userErrors { message } } }`,
    { input: { title: 'Hook', lineItems: [{ priceData: { productName: 'Seat', currency: 'EUR', unitAmount: 1000 }, quantity: 1 }] } },
    'createCheckoutLink',
  );
  return payload.checkoutLink;
}

/** Opens a cart on the link (GraphQL createCart) and completes it on `gw` with a paying test card; returns the session id. */
async function completeOn(gw: Gateway, linkUrl: string): Promise<string> {
  const slug = /\/checkout-link\/([^/]+)\/cart$/.exec(new URL(linkUrl).pathname)?.[1];
  const found = await gw.graphql('query ($slug: String!) { checkoutLink(slug: $slug) { id } }', { slug });
  const linkId = (found.json as any)?.data?.checkoutLink?.id;
  const made = await gw.graphql('mutation ($input: CreateCartInput!) { createCart(input: $input) { checkoutSession { id } userErrors { message } } }', {
    input: { checkoutLinkId: linkId },
  });
  const id = (made.json as any)?.data?.createCart?.checkoutSession?.id as string | undefined;
  if (!id) throw new Error(`no cart: ${made.status} ${made.text}`);
  const done = await gw.request('POST', `/checkout/${id}`, {
    key: null,
    form: { email: 'buyer@example.com', card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', card_name: 'Ada Buyer' },
  });
  if (done.status >= 400) throw new Error(`completion failed: ${done.status} ${done.text}`);
  return id;
}

function sessionIdsOf(r: Receiver, secret: string): string[] {
  return r.received.map((h) => (new Webhook(secret).verify(h.body, h.headers as Record<string, string>) as any).data.object.id as string);
}

async function killAfterCompletions(databaseUrl: string): Promise<void> {
  // A slow receiver: the kill lands while deliveries are in flight or still pending.
  const r = await startReceiver([], 400);
  receivers.push(r);
  const first = await spawnGateway({ name: 'gateway (to be killed)', databaseUrl, env: ENV });
  const key = first.bootstrapKey;
  const secret = await endpoint(first, r.url);
  const l = await link(first);
  const completed: string[] = [];
  for (let i = 0; i < 12; i++) completed.push(await completeOn(first, l.url));
  await first.kill();
  const deliveredBeforeKill = new Set(r.received.map((h) => h.headers['webhook-id'])).size;
  const second = await spawnGateway({ name: 'gateway (restarted)', databaseUrl, port: first.port, env: ENV });
  second.bootstrapKey = key;
  await expect.poll(() => new Set(sessionIdsOf(r, secret)).size, { timeout: 30_000, interval: 200 }).toBe(completed.length);
  expect(new Set(sessionIdsOf(r, secret))).toEqual(new Set(completed));
  console.log(
    `kill -9 after ${completed.length} completions: ${deliveredBeforeKill} delivered before the kill, all ${completed.length} after the restart (${r.received.length} requests, duplicates allowed: at least once)`,
  );
  await second.stop();
}

describe('webhooks survive kill -9', () => {
  it('on PGlite (a data folder)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-hooks-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    await killAfterCompletions(`pglite://${join(dir, 'pglite')}`);
  }, 300_000);

  it.skipIf(!onPostgres())(
    'on PostgreSQL (needs DATABASE_URL)',
    async () => {
      const db: TestDatabase = await createTestDatabase();
      cleanups.push(() => db.close());
      await killAfterCompletions(db.url);
    },
    300_000,
  );
});

describe.skipIf(!onPostgres())('two processes on one PostgreSQL (needs DATABASE_URL)', () => {
  it('deliver each event once, and subscriptions on both hear completions made on either', async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.close());
    const r = await startReceiver();
    receivers.push(r);
    const a = await spawnGateway({ name: 'gateway A', databaseUrl: db.url, env: ENV });
    const b = await spawnGateway({ name: 'gateway B', databaseUrl: db.url, env: ENV });
    b.bootstrapKey = a.bootstrapKey;
    const secret = await endpoint(a, r.url);
    const l = await link(a);

    const heard: Record<string, string[]> = { A: [], B: [] };
    const clients = [
      ['A', a],
      ['B', b],
    ].map(([name, gw]) => {
      const client = createClient({
        url: `${(gw as Gateway).url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${a.bootstrapKey}` },
      });
      const subscribed = new Promise<void>((resolve, reject) => {
        client.subscribe(
          { query: `subscription ($id: ID) { checkoutSessionCompleted(checkoutLinkId: $id) { id status amountTotal } }`, variables: { id: l.id } },
          { next: (msg: any) => heard[name as string]!.push(msg.data?.checkoutSessionCompleted?.id), error: reject, complete: () => {} },
        );
        client.on('connected', () => setTimeout(resolve, 300));
      });
      return { client, subscribed };
    });
    await Promise.all(clients.map((c) => c.subscribed));

    const completed: string[] = [];
    for (let i = 0; i < 20; i++) completed.push(await completeOn(i % 2 ? b : a, l.url));
    await r.waitFor(completed.length, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const ids = sessionIdsOf(r, secret);
    expect(ids.length).toBe(completed.length);
    expect(new Set(ids)).toEqual(new Set(completed));
    await expect.poll(() => [heard.A!.length, heard.B!.length], { timeout: 10_000 }).toEqual([completed.length, completed.length]);
    expect(new Set(heard.A)).toEqual(new Set(completed));
    expect(new Set(heard.B)).toEqual(new Set(completed));
    for (const c of clients) await c.client.dispose();
  }, 300_000);
});
