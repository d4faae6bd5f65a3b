// LeanRails /v1/webhook_endpoints, /v1/events and /v1/checkout/sessions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../../src/contract/ids.ts';
import { openCart, submit } from '../../checkout/helpers.ts';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { leanrails, type LeanRails } from './client.ts';

let gw: TestGateway;
let lr: LeanRails;
beforeAll(async () => {
  gw = await startGateway({ WEBHOOK_WORKER: 'off' });
  lr = leanrails(gw);
});
afterAll(async () => {
  await gw?.close();
});

async function completedSession(): Promise<{ link: any; sessionId: string }> {
  const link = (
    await lr.post('/v1/checkout_links', {
      title: 'Hooked',
      line_items: [{ price_data: { currency: 'usd', product: (await lr.post('/v1/products', { name: 'Seat' })).body.id, unit_amount: 1500 }, quantity: 2 }],
    })
  ).body;
  const { sessionId } = await openCart(gw, { id: decodeId('cl', link.id)! });
  expect((await submit(gw, sessionId, { email: 'lr@example.com' })).statusCode).toBeLessThan(400);
  return { link, sessionId };
}

describe('LeanRails webhook endpoints', () => {
  it('creates (secret once), lists, retrieves, updates and deletes', async () => {
    const created = await lr.post('/v1/webhook_endpoints', {
      url: 'https://hooks.example.com/lr',
      enabled_events: ['checkout.session.completed', 'checkout_link.*'],
      description: 'orders',
      metadata: { team: 'ops' },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      object: 'webhook_endpoint',
      url: 'https://hooks.example.com/lr',
      enabled_events: ['checkout.session.completed', 'checkout_link.*'],
      status: 'enabled',
      livemode: false,
      description: 'orders',
      metadata: { team: 'ops' },
      application: null,
    });
    expect(created.body.id).toMatch(/^we_[0-9A-Za-z]{22}$/);
    expect(created.body.secret).toMatch(/^whsec_/);
    const got = await lr.get(`/v1/webhook_endpoints/${created.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body.secret).toBeUndefined();
    const { secret: _s, ...withoutSecret } = created.body;
    expect(got.body).toEqual(withoutSecret);
    const list = await lr.get('/v1/webhook_endpoints?limit=5');
    expect(list.body.data.map((e: any) => e.id)).toContain(created.body.id);
    const updated = await lr.post(
      `/v1/webhook_endpoints/${created.body.id}`,
      { disabled: true, enabled_events: ['*'], metadata: { team: '', on: 'call' } },
      { form: true },
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ status: 'disabled', enabled_events: ['*'], metadata: { on: 'call' } });
    const deleted = await gw.inject({
      method: 'DELETE',
      url: `/leanrails/v1/webhook_endpoints/${created.body.id}`,
      headers: { authorization: `Bearer ${gw.orgA.testKey}` },
    });
    expect(deleted.json()).toEqual({ id: created.body.id, object: 'webhook_endpoint', deleted: true });
    expect((await lr.get(`/v1/webhook_endpoints/${created.body.id}`)).status).toBe(404);
  });

  it('answers refused URLs and unknown event types with a 400 naming the param', async () => {
    const live = await lr.post('/v1/webhook_endpoints', { url: 'http://127.0.0.1/hook', enabled_events: ['*'] }, { key: gw.orgA.liveKey });
    expect(live.status).toBe(400);
    expect(live.body.error).toMatchObject({ type: 'invalid_request_error', param: 'url' });
    const unknown = await lr.post('/v1/webhook_endpoints', { url: 'https://hooks.example.com/x', enabled_events: ['payment_intent.succeeded'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.param).toMatch(/^enabled_events/);
    const missing = await lr.post('/v1/webhook_endpoints', { url: 'https://hooks.example.com/x' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.param).toBe('enabled_events');
  });
});

describe('LeanRails events and checkout sessions', () => {
  it('lists events newest first with type, wildcard and types[] filters, and retrieves one', async () => {
    const { link, sessionId } = await completedSession();
    const all = await lr.get('/v1/events?limit=20');
    expect(all.status).toBe(200);
    const types = all.body.data.map((e: any) => e.type);
    expect(types[0]).toBe('checkout.session.completed');
    expect(types).toContain('checkout_link.created');
    expect(types).toContain('product.created');
    const completed = await lr.get('/v1/events?type=checkout.session.completed');
    expect(completed.body.data.every((e: any) => e.type === 'checkout.session.completed')).toBe(true);
    const event = completed.body.data[0];
    expect(event).toMatchObject({
      object: 'event',
      livemode: false,
      data: {
        object: {
          object: 'checkout.session',
          status: 'complete',
          checkout_link: link.id,
          amount_total: 3000,
          currency: 'usd',
          customer_email: 'lr@example.com',
        },
      },
    });
    expect(event.id).toMatch(/^evt_/);
    const wildcard = await lr.get('/v1/events?type=checkout_link.*');
    expect(wildcard.body.data.length).toBeGreaterThan(0);
    expect(wildcard.body.data.every((e: any) => e.type.startsWith('checkout_link.'))).toBe(true);
    const several = await lr.get('/v1/events?types[]=product.created&types[]=checkout.session.completed');
    expect(new Set(several.body.data.map((e: any) => e.type))).toEqual(new Set(['product.created', 'checkout.session.completed']));
    const since = await lr.get(`/v1/events?created[gte]=${event.created}`);
    expect(since.body.data.map((e: any) => e.id)).toContain(event.id);
    const future = await lr.get(`/v1/events?created[gt]=${event.created + 100}`);
    expect(future.body.data).toEqual([]);
    const undelivered = await lr.get('/v1/events?delivery_success=false');
    expect(undelivered.status).toBe(200);
    const one = await lr.get(`/v1/events/${event.id}`);
    expect(one.body).toEqual(event);
    expect((await lr.get('/v1/events/evt_0000000000000000000000')).status).toBe(404);
    const session = await lr.get(`/v1/checkout/sessions/${event.data.object.id}`);
    expect(session.body).toEqual(event.data.object);
    const byLink = await lr.get(`/v1/checkout/sessions?checkout_link=${link.id}`);
    expect(byLink.body.data.map((s: any) => s.id)).toEqual([event.data.object.id]);
    expect((await lr.get('/v1/checkout/sessions?checkout_link=nope')).status).toBe(400);
    expect(sessionId).toBeTruthy();
  });

  it('shows another organisation none of it', async () => {
    const other = await lr.get('/v1/events', { key: gw.orgB.testKey });
    expect(other.body.data).toEqual([]);
    const mine = (await lr.get('/v1/events?type=checkout.session.completed')).body.data[0];
    expect((await lr.get(`/v1/events/${mine.id}`, { key: gw.orgB.testKey })).status).toBe(404);
    expect((await lr.get(`/v1/checkout/sessions/${mine.data.object.id}`, { key: gw.orgA.liveKey })).status).toBe(404);
  });
});
