// updateWebhookEndpoint(metadataPatch): the same merge as links, products, prices and coupons
// (test/integration/metadata-patch.test.ts), applied on the endpoint locked FOR UPDATE in the
// update's transaction; LeanRails' `metadata` on update is that patch, so concurrent updates of
// different keys all survive (run with DATABASE_URL for PostgreSQL, where they really overlap).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leanrails } from '../adapters/leanrails/client.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({ WEBHOOK_WORKER: 'off' });
});
afterAll(async () => {
  await gw?.close();
});

const UPDATE = `mutation ($id: ID!, $input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(id: $id, input: $input) { webhookEndpoint { metadata } userErrors { code reason path } }
}`;

async function endpoint(metadata: Record<string, string>): Promise<string> {
  const made = await gw.graphql<any>(
    'mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { webhookEndpoint { id } userErrors { reason } } }',
    { input: { url: 'http://127.0.0.1/hook', format: 'LEANRAILS', metadata } },
  );
  expect(made.body.data.createWebhookEndpoint.userErrors).toEqual([]);
  return made.body.data.createWebhookEndpoint.webhookEndpoint.id;
}

const update = async (id: string, input: Record<string, unknown>, key?: string) =>
  (await gw.graphql<any>(UPDATE, { id, input }, key)).body.data.updateWebhookEndpoint;

const metadataOf = async (id: string) =>
  (await gw.graphql<any>('query ($id: ID!) { webhookEndpoint(id: $id) { metadata } }', { id })).body.data.webhookEndpoint.metadata;

const eight = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, `v${i}`]));

describe('updateWebhookEndpoint metadataPatch', () => {
  it('merges, refuses metadata with metadataPatch, and answers an unknown endpoint', async () => {
    const id = await endpoint({ keep: 'k', drop: 'd', blank: 'b', change: 'old' });
    const merged = await update(id, { metadataPatch: { drop: null, blank: '', change: 'new', added: '1' } });
    expect(merged.userErrors).toEqual([]);
    expect(merged.webhookEndpoint.metadata).toEqual({ keep: 'k', change: 'new', added: '1' });
    expect((await update(id, { metadata: { a: '1' }, metadataPatch: { b: '2' } })).userErrors).toEqual([
      { code: 'VALIDATION', reason: 'METADATA__CONFLICT', path: ['input', 'metadataPatch'] },
    ]);
    expect((await update('01900000-0000-7000-8000-00000000abcd', { metadataPatch: { a: '1' } })).userErrors).toEqual([
      { code: 'NOT_FOUND', reason: 'WEBHOOK_ENDPOINT__NOT_FOUND', path: ['id'] },
    ]);
    // Another organisation's key, and the other mode's, find nothing to patch (the locked read is scoped too).
    for (const key of [gw.orgB.testKey, gw.orgA.liveKey]) {
      expect((await update(id, { metadataPatch: { keep: null } }, key)).userErrors).toEqual([
        { code: 'NOT_FOUND', reason: 'WEBHOOK_ENDPOINT__NOT_FOUND', path: ['id'] },
      ]);
    }
    expect(await metadataOf(id)).toEqual({ keep: 'k', change: 'new', added: '1' });
  });

  it('concurrent patches of different keys all survive', async () => {
    const id = await endpoint({ base: 'x' });
    const replies = await Promise.all(Object.entries(eight).map(([key, value]) => update(id, { metadataPatch: { [key]: value } })));
    expect(replies.flatMap((r) => r.userErrors)).toEqual([]);
    expect(await metadataOf(id)).toEqual({ base: 'x', ...eight });
  });

  it('LeanRails: concurrent updates of different metadata keys all survive', async () => {
    const lr = leanrails(gw);
    const created = await lr.post('/v1/webhook_endpoints', { url: 'http://127.0.0.1/hook', enabled_events: ['*'], metadata: { base: 'x' } });
    expect(created.status).toBe(200);
    const replies = await Promise.all(
      Object.entries(eight).map(([key, value]) => lr.post(`/v1/webhook_endpoints/${created.body.id}`, { metadata: { [key]: value } })),
    );
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
    expect((await lr.get(`/v1/webhook_endpoints/${created.body.id}`)).body.metadata).toEqual({ base: 'x', ...eight });
  });
});
