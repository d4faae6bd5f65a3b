// @whop/sdk webhooks.* against the Whop dialect: create (webhook_secret once), list with the
// SDK's company_id, retrieve, update, delete (true); and a delivery the same SDK unwraps.
import Whop from '@whop/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../../src/contract/ids.ts';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { startReceiver, type Receiver } from '../../support/webhook-receiver.ts';

let gw: TestGateway;
let url: string;
let client: Whop;
let company: string;
let receiver: Receiver;

beforeAll(async () => {
  gw = await startGateway({ WEBHOOK_POLL_MS: '100' });
  url = await gw.listen();
  client = new Whop({ apiKey: gw.orgA.testKey, baseURL: `${url}/whop/api/v1`, maxRetries: 0 });
  company = encodeId('biz', gw.orgA.id);
  receiver = await startReceiver();
});
afterAll(async () => {
  await gw?.close();
  await receiver?.close();
});

describe('@whop/sdk webhooks against the Whop dialect', () => {
  it('creates, lists, retrieves, updates and deletes a webhook', async () => {
    const created = await client.webhooks.create({ url: receiver.url, events: ['payment.succeeded'], api_version: 'v1', resource_id: company });
    expect(created.id).toMatch(/^hook_[0-9A-Za-z]{22}$/);
    expect(created.webhook_secret).toMatch(/^ws_[0-9a-f]{64}$/);
    expect(created).toMatchObject({
      url: receiver.url,
      events: ['payment.succeeded'],
      enabled: true,
      api_version: 'v1',
      resource_id: company,
      child_resource_events: false,
    });
    const retrieved = await client.webhooks.retrieve(created.id);
    expect((retrieved as unknown as Record<string, unknown>).webhook_secret).toBeUndefined();
    expect(retrieved.testable_events).toContain('payment.succeeded');
    const listed: string[] = [];
    for await (const w of client.webhooks.list({ company_id: company })) listed.push(w.id);
    expect(listed).toContain(created.id);
    const updated = await client.webhooks.update(created.id, { enabled: false, events: ['payment.succeeded', 'membership.activated'] });
    expect(updated).toMatchObject({ enabled: false, events: ['payment.succeeded', 'membership.activated'] });
    expect(await client.webhooks.delete(created.id)).toBe(true);
    await expect(client.webhooks.retrieve(created.id)).rejects.toMatchObject({ status: 404 });
  });

  it('refuses a live http URL, another company and unknown event names in Whop error shape', async () => {
    const live = new Whop({ apiKey: gw.orgA.liveKey, baseURL: `${url}/whop/api/v1`, maxRetries: 0 });
    await expect(live.webhooks.create({ url: 'http://127.0.0.1:9/hook' })).rejects.toMatchObject({ status: expect.any(Number) });
    const refused = await gw.inject({
      method: 'POST',
      url: '/whop/api/v1/webhooks',
      headers: { authorization: `Bearer ${gw.orgA.liveKey}`, 'content-type': 'application/json' },
      payload: { url: 'http://127.0.0.1:9/hook' },
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);
    expect(refused.json().error).toBeDefined();
    await expect(client.webhooks.list({ company_id: encodeId('biz', gw.orgB.id) }).then((p) => p.data)).rejects.toMatchObject({ status: 404 });
    const unknown = await gw.inject({
      method: 'POST',
      url: '/whop/api/v1/webhooks',
      headers: { authorization: `Bearer ${gw.orgA.testKey}`, 'content-type': 'application/json' },
      payload: { url: receiver.url, events: ['nope.never'] },
    });
    expect(unknown.statusCode).toBeGreaterThanOrEqual(400);
    expect(unknown.statusCode).toBeLessThan(500);
  });

  it('hides webhooks of other faces and other organisations', async () => {
    const standard = await gw.graphql<any>(
      `mutation { createWebhookEndpoint(input: { url: "https://hooks.example.com/s", format: STANDARD }) { webhookEndpoint { id } } }`,
    );
    const id = encodeId('hook', standard.body.data.createWebhookEndpoint.webhookEndpoint.id);
    await expect(client.webhooks.retrieve(id)).rejects.toMatchObject({ status: 404 });
    const mine = await client.webhooks.create({ url: receiver.url });
    const other = new Whop({ apiKey: gw.orgB.testKey, baseURL: `${url}/whop/api/v1`, maxRetries: 0 });
    await expect(other.webhooks.retrieve(mine.id)).rejects.toMatchObject({ status: 404 });
    await expect(other.webhooks.delete(mine.id)).rejects.toMatchObject({ status: 404 });
  });
});
