// api-key:write cannot mint more than it holds: a new key's scopes are a subset of the caller's
// (ADMIN_TOKEN excepted), and without `scopes` the new key gets exactly the caller's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
const CREATE = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { scopes } userErrors { reason } } }`;

beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

describe('api-key:write mints no more than it holds', () => {
  it('refuses scopes the caller lacks, and creates no key', async () => {
    const writer = await gw.keyWith(['api-key:write']);
    const before = (await gw.graphql('{ apiKeys { id } }', {}, writer)).body.data as any;
    for (const scopes of [['product:write'], ['api-key:write', 'checkout-link:read'], null]) {
      const input = { organisationId: gw.orgA.id, mode: 'TEST', ...(scopes ? { scopes } : {}) };
      const res = await gw.graphql(CREATE, { input }, writer);
      if (scopes === null) {
        // Omitted: exactly the caller's scopes, not every scope.
        expect((res.body.data as any).createApiKey.apiKey.scopes).toEqual(['api-key:write']);
        continue;
      }
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(res.body.errors?.[0]?.message).toMatch(/cannot grant/);
      expect((res.body.data as any)?.createApiKey ?? null).toBeNull();
    }
    const after = (await gw.graphql('{ apiKeys { id } }', {}, writer)).body.data as any;
    expect(after.apiKeys.length).toBe(before.apiKeys.length + 1);
  });

  it('grants a subset of its own scopes, and the operator grants any', async () => {
    const writer = await gw.keyWith(['api-key:write', 'product:read', 'price:read']);
    const res = await gw.graphql(CREATE, { input: { organisationId: gw.orgA.id, mode: 'TEST', scopes: ['price:read'] } }, writer);
    expect((res.body.data as any).createApiKey.apiKey.scopes).toEqual(['price:read']);
    const admin = await gw.graphql(CREATE, { input: { organisationId: gw.orgA.id, mode: 'TEST' } }, ADMIN_TOKEN);
    expect((admin.body.data as any).createApiKey.apiKey.scopes).toHaveLength(10);
  });
});
