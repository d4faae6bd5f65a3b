// GraphQL subscriptions over graphql-ws on /graphql (key in connectionParams), and the session
// expiry sweeper (open sessions past expiry become EXPIRED and emit checkout_session.expired).
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckoutSession } from '../../src/domain/entities/index.ts';
import { expireOverdueSessions, startSessionExpirySweeper } from '../../src/events/session-expiry.ts';
import { createLink, openCart, submit } from '../checkout/helpers.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
let wsUrl: string;
const clients: Client[] = [];

beforeAll(async () => {
  gw = await startGateway({ WEBHOOK_POLL_MS: '200' });
  wsUrl = (await gw.listen()).replace('http', 'ws') + '/graphql';
});
afterAll(async () => {
  for (const c of clients) await c.dispose();
  await gw.close();
});

function client(key: string | null): Client {
  const c = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    lazy: true,
    retryAttempts: 0,
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
  });
  clients.push(c);
  return c;
}

/** Subscribes; resolves with the subscription's values so far and a stop function, once the server acknowledged it. */
function subscribe(c: Client, query: string, variables: Record<string, unknown> = {}) {
  const values: any[] = [];
  const errors: unknown[] = [];
  let done = false;
  const stop = c.subscribe({ query, variables }, { next: (v) => values.push(v), error: (e) => errors.push(e), complete: () => (done = true) });
  return { values, errors, stop, done: () => done };
}

describe('GraphQL subscriptions', () => {
  it("checkoutSessionCompleted(checkoutLinkId) hears completions of that link only, in the key's tenant", async () => {
    const link = await createLink(gw);
    const other = await createLink(gw, { title: 'Other' });
    const mine = subscribe(
      client(gw.orgA.testKey),
      `subscription ($id: ID) { checkoutSessionCompleted(checkoutLinkId: $id) { id status amountTotal checkoutLink { id } } }`,
      { id: link.id },
    );
    const all = subscribe(client(gw.orgA.testKey), `subscription { checkoutSessionCompleted { id } }`);
    const stranger = subscribe(client(gw.orgB.testKey), `subscription { checkoutSessionCompleted { id } }`);
    const events = subscribe(client(gw.orgA.testKey), `subscription { events(types: ["checkout_session.*"]) { id type objectId } }`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const { sessionId } = await openCart(gw, link);
    expect((await submit(gw, sessionId, { email: 'sub@example.com' })).statusCode).toBeLessThan(400);
    const { sessionId: otherSession } = await openCart(gw, other);
    const second = await submit(gw, otherSession, { email: 'sub2@example.com' });
    expect(second.statusCode, second.body.slice(0, 300)).toBeLessThan(400);
    await expect.poll(() => all.values.length, { timeout: 10_000 }).toBe(2);
    expect(mine.values).toEqual([
      { data: { checkoutSessionCompleted: { id: sessionId, status: 'COMPLETE', amountTotal: 4990, checkoutLink: { id: link.id } } } },
    ]);
    await expect.poll(() => events.values.map((v) => v.data.events.objectId).sort()).toEqual([sessionId, otherSession].sort());
    expect(stranger.values).toEqual([]);
  });

  it('refuses a connection without a valid key, queries over WebSocket, and a key without the scope', async () => {
    const anonymous = subscribe(client(null), `subscription { checkoutSessionCompleted { id } }`);
    await expect.poll(() => anonymous.errors.length + (anonymous.done() ? 1 : 0), { timeout: 5000 }).toBeGreaterThan(0);
    const query = subscribe(client(gw.orgA.testKey), `{ viewer { livemode } }`);
    await expect.poll(() => query.errors.length, { timeout: 5000 }).toBe(1);
    expect(String((query.errors[0] as any)[0]?.message)).toMatch(/Only subscriptions/);
    const limited = subscribe(client(await gw.keyWith(['product:read'])), `subscription { events { id } }`);
    await expect.poll(() => limited.errors.length + limited.values.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(JSON.stringify([...limited.errors, ...limited.values])).toMatch(/FORBIDDEN|lacks/);
  });
});

describe('session expiry sweeper', () => {
  it('expires overdue open sessions once and records checkout_session.expired', async () => {
    const link = await createLink(gw);
    const { sessionId } = await openCart(gw, link);
    const em = gw.db.orm.em.fork();
    const session = await em.findOneOrFail(CheckoutSession, { id: sessionId }, { filters: false });
    session.expiresAt = new Date(Date.now() - 1000);
    await em.flush();
    expect(await expireOverdueSessions(gw.db.orm)).toBeGreaterThanOrEqual(1);
    expect(await expireOverdueSessions(gw.db.orm)).toBe(0);
    const res = await gw.graphql<any>(
      `query ($id: ID!) { checkoutSession(id: $id) { status } events(filter: { type: "checkout_session.expired", objectId: $id }) { nodes { type data } } }`,
      { id: sessionId },
    );
    expect(res.body.data.checkoutSession.status).toBe('EXPIRED');
    expect(res.body.data.events.nodes).toHaveLength(1);
    expect(res.body.data.events.nodes[0].data).toMatchObject({ id: sessionId, status: 'expired' });
  });

  it('runs on its own timer, batch after batch (smaller batches than overdue sessions), and stops at close', async () => {
    const link = await createLink(gw);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await openCart(gw, link)).sessionId);
    const em = gw.db.orm.em.fork();
    for (const session of await em.find(CheckoutSession, { id: { $in: ids } }, { filters: false })) session.expiresAt = new Date(Date.now() - 1000);
    await em.flush();
    const warnings: string[] = [];
    const sweeper = startSessionExpirySweeper(gw.db.orm, 60_000, { warn: (_o, m) => warnings.push(m) }, 2);
    const statuses = async () => (await gw.db.orm.em.fork().find(CheckoutSession, { id: { $in: ids } }, { filters: false })).map((s) => s.status).sort();
    // The first sweep runs at start (not after the 60 s interval) and takes two batches of 2.
    await expect.poll(statuses, { timeout: 5000 }).toEqual(['expired', 'expired', 'expired']);
    await sweeper.close();
    expect(warnings).toEqual([]);
  });
});
