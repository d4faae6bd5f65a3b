// Authenticated keys are cached in process (src/http/key-cache.ts): a known key costs no lookup,
// and a revocation is honoured at once, whoever makes it.
import pg from 'pg';
import { ApiKey } from '../../src/domain/entities/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../support/database.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { countSql } from '../support/sql-counter.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

const VIEWER = '{ viewer { apiKeyId mode } }';

async function viewer(key: string) {
  return gw.graphql<{ viewer: { apiKeyId: string; mode: string } }>(VIEWER, {}, key);
}

describe('API key cache', () => {
  it('looks a key up once, then serves it from memory', async () => {
    const key = await gw.keyWith(['product:read']);
    expect((await viewer(key)).status).toBe(200);
    const again = await countSql(gw.db.orm, () => viewer(key));
    expect(again.result.body.data?.viewer.mode).toBe('TEST');
    expect(again.statements.filter((s) => /"api_key"/.test(s))).toEqual([]);
  });

  it('refuses a key on the very next request after it is revoked through the API', async () => {
    const key = await gw.keyWith(['product:read']);
    const id = (await viewer(key)).body.data?.viewer.apiKeyId as string;
    expect((await viewer(key)).status).toBe(200);
    const revoked = await gw.graphql<{ revokeApiKey: { apiKey: { revokedAt: string | null } } }>(
      'mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { revokedAt } userErrors { code } } }',
      { id },
    );
    expect(revoked.body.data?.revokeApiKey.apiKey.revokedAt).toBeTruthy();
    const after = await viewer(key);
    expect(after.status).toBe(401);
    expect(after.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a key revoked by another writer of the database (ORM in the same process)', async () => {
    const key = await gw.keyWith(['product:read']);
    const id = (await viewer(key)).body.data?.viewer.apiKeyId as string;
    const em = gw.db.orm.em.fork();
    await em.transactional(async (tem) => {
      const k = await tem.findOneOrFail(ApiKey, { id }, { filters: false });
      k.revokedAt = new Date();
    });
    expect((await viewer(key)).status).toBe(401);
  });

  it.runIf(onPostgres())(
    'refuses a key revoked by another process within moments (PostgreSQL NOTIFY; on PGlite no other process can open the database)',
    async () => {
      const key = await gw.keyWith(['product:read']);
      const id = (await viewer(key)).body.data?.viewer.apiKeyId as string;
      expect((await viewer(key)).status).toBe(200);
      const other = new pg.Client({ connectionString: gw.db.url });
      await other.connect();
      try {
        await other.query('update api_key set revoked_at = now() where id = $1', [id]);
      } finally {
        await other.end();
      }
      const since = performance.now();
      let status = 200;
      while (status === 200 && performance.now() - since < 2_000) {
        status = (await viewer(key)).status;
        if (status === 200) await new Promise((r) => setTimeout(r, 5));
      }
      expect(status).toBe(401);
    },
  );
});
