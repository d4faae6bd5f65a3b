// Fynn /webhooks (the n8n node's create/delete, plus list, get, update) and /available-webhook-events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway({ WEBHOOK_WORKER: 'off' });
});
afterAll(async () => {
  await gw?.close();
});

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, key = gw.orgA.testKey) =>
  gw.inject({
    method,
    url: `/fynn${url}`,
    headers: { authorization: `Bearer ${key}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
    ...(payload ? { payload: payload as object } : {}),
  });

describe('Fynn webhooks', () => {
  it('creates (secret once) as the n8n node does, lists, gets, updates and deletes', async () => {
    const created = await call('POST', '/webhooks', { version: 'v1', events: ['cart.completed'], enabled: true, url: 'https://n8n.example.com/webhook/abc' });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({ url: 'https://n8n.example.com/webhook/abc', events: ['cart.completed'], enabled: true, version: 'v1' });
    expect(body.secret).toMatch(/^[0-9a-f]{64}$/);
    const got = await call('GET', `/webhooks/${body.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json().secret).toBeUndefined();
    const list = await call('GET', '/webhooks');
    expect(list.json()['hydra:member'].map((w: any) => w.id)).toContain(body.id);
    const updated = await call('PUT', `/webhooks/${body.id}`, { events: ['cart.completed', 'cart.paid'], enabled: false });
    expect(updated.json()).toMatchObject({ events: ['cart.completed', 'cart.paid'], enabled: false });
    expect((await call('DELETE', `/webhooks/${body.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/webhooks/${body.id}`)).statusCode).toBe(404);
    expect((await call('DELETE', `/webhooks/${body.id}`)).statusCode).toBe(404);
  });

  it('lists the available events, answers bad input in its own shape, needs the permission', async () => {
    const events = await call('GET', '/available-webhook-events');
    expect(events.statusCode).toBe(200);
    expect(events.json()).toEqual(expect.arrayContaining(['*', 'cart.completed', 'cart.paid', 'product.created', 'product.updated']));
    const refused = await call('POST', '/webhooks', { url: 'http://10.0.0.1/hook', events: ['cart.completed'] }, gw.orgA.liveKey);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().violations?.[0]?.propertyPath ?? refused.json()['hydra:description']).toBeTruthy();
    const unknown = await call('POST', '/webhooks', { url: 'https://hooks.example.com/x', events: ['checkout.session.completed'] });
    expect(unknown.statusCode).toBe(422);
    const noUrl = await call('POST', '/webhooks', { events: ['cart.completed'] });
    expect(noUrl.statusCode).toBeGreaterThanOrEqual(400);
    expect(noUrl.statusCode).toBeLessThan(500);
    const limited = await gw.keyWith(['checkout-link:read']);
    expect((await call('GET', '/webhooks', undefined, limited)).statusCode).toBe(403);
    const mine = (await call('POST', '/webhooks', { url: 'https://hooks.example.com/y' })).json();
    expect((await call('GET', `/webhooks/${mine.id}`, undefined, gw.orgB.testKey)).statusCode).toBe(404);
    expect((await call('GET', '/webhooks/not-a-uuid')).statusCode).toBe(404);
  });
});
