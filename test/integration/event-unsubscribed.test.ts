// An event of a tenant (organisation and mode) without an enabled webhook endpoint is written
// already dispatched (Migration20261207070000_event_unsubscribed_at_insert): nothing to deliver,
// so no UPDATE by the delivery worker afterwards. An event of a tenant with an enabled endpoint
// is written undispatched and left to the worker. Checked inside the writing transaction, where
// the worker (another session) cannot have touched the row yet.
// PGlite by default, PostgreSQL when DATABASE_URL is set.
import { randomUUID } from 'node:crypto';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLink } from '../checkout/helpers.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway({ WEBHOOK_POLL_MS: '60000' });
});
afterAll(() => gw?.close());

const CREATE = `mutation ($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { webhookEndpoint { id } userErrors { message } }
}`;

/** Inserts an event of the tenant and returns its dispatched_at as the writing transaction sees it. */
async function writtenDispatchedAt(organisation: string, mode: 'test' | 'live'): Promise<unknown> {
  let seen: unknown = 'unread';
  await (gw.db.orm.em.fork() as SqlEntityManager).transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    const id = randomUUID();
    await conn.execute(
      `insert into event (id, organisation_id, mode, created_at, updated_at, type, data) values (?, ?, ?, now(), now(), 'test.event', '{}')`,
      [id, organisation, mode],
      'run',
      ctx,
    );
    const rows = await conn.execute('select dispatched_at from event where id = ?', [id], 'all', ctx);
    expect(rows).toHaveLength(1);
    seen = rows[0]?.dispatched_at;
  });
  expect(seen).not.toBe(undefined);
  return seen;
}

describe('events of tenants without an enabled endpoint', () => {
  it('are written dispatched; with an enabled endpoint, undispatched; a disabled one counts as none', async () => {
    // Org B, live mode: no endpoint at all.
    expect(await writtenDispatchedAt(gw.orgB.id, 'live')).not.toBeNull();

    // Org B, test mode: an enabled endpoint.
    const res = await gw.graphql<any>(CREATE, { input: { url: 'https://hooks.example.com/b', format: 'STANDARD' } }, gw.orgB.testKey);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.createWebhookEndpoint.userErrors).toEqual([]);
    expect(await writtenDispatchedAt(gw.orgB.id, 'test')).toBeNull();
    expect(await writtenDispatchedAt(gw.orgB.id, 'live')).not.toBeNull(); // the other mode's endpoint does not count
    expect(await writtenDispatchedAt(gw.orgA.id, 'test')).not.toBeNull(); // nor another organisation's

    // Disabled: as if there were none.
    await gw.db.orm.em.getConnection().execute(`update webhook_endpoint set enabled = false where organisation_id = ? and mode = 'test'`, [gw.orgB.id]);
    expect(await writtenDispatchedAt(gw.orgB.id, 'test')).not.toBeNull();
  });

  it('a link created through a face leaves its event dispatched in the same commit', async () => {
    const { id } = await createLink(gw, { key: gw.orgA.liveKey, title: 'Unsubscribed' });
    const rows = await gw.db.orm.em
      .getConnection()
      .execute(`select dispatched_at, created_at from event where object_id = ? and type = 'checkout_link.created'`, [id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].dispatched_at).not.toBeNull();
  });
});
