// The live links' tally (Migration20261207160000_checkout_link_tally, src/db/tallies.ts): the
// total of an unfiltered link list is read from `checkout_link_tally`, which the triggers keep
// equal to count(*) of the live links of every tenant and mode through creates, deletes (soft and
// hard), restores, a tenant change and TRUNCATE, and which the migration fills from the links that
// exist. A filtered list is counted as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkApi } from '../support/checkout-link-fixtures.ts';
import { onPostgres } from '../support/database.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { countSql } from '../support/sql-counter.ts';

let gw: TestGateway;
const api = linkApi(() => gw);

const sql = async <T = Record<string, unknown>>(statement: string, params: unknown[] = []): Promise<T[]> =>
  (await gw.db.orm.em.fork().getConnection().execute(statement, params)) as T[];

/** Live links per tenant and mode, as count(*) gives them and as the tally holds them (tenants at 0 left out). */
async function bothCounts(): Promise<{ counted: Record<string, number>; tallied: Record<string, number> }> {
  const byTenant = (rows: { organisation_id: string; mode: string; n: string | number }[]) =>
    Object.fromEntries(rows.filter((r) => Number(r.n) !== 0).map((r) => [`${r.organisation_id}/${r.mode}`, Number(r.n)]));
  return {
    counted: byTenant(await sql(`select organisation_id, mode, count(*) as n from checkout_link where deleted_at is null group by 1, 2`)),
    tallied: byTenant(await sql(`select organisation_id, mode, sum(live) as n from checkout_link_tally group by 1, 2`)),
  };
}

async function expectTallyMatches(): Promise<Record<string, number>> {
  const { counted, tallied } = await bothCounts();
  expect(tallied).toEqual(counted);
  return counted;
}

const TOTAL = `{ checkoutLinks(first: 1) { totalCount nodes { id } } }`;
async function totalCount(key: string, query = TOTAL): Promise<{ total: number; statements: string[] }> {
  const { result, statements } = await countSql(gw.db.orm, () => gw.graphql<any>(query, {}, key));
  expect(result.body.errors).toBeUndefined();
  return { total: result.body.data.checkoutLinks.totalCount, statements };
}

beforeAll(async () => {
  gw = await startGateway({ WEBHOOK_WORKER: 'off' });
  for (const key of [gw.orgA.testKey, gw.orgA.testKey, gw.orgA.testKey, gw.orgA.liveKey, gw.orgA.liveKey, gw.orgB.testKey]) {
    await api.createOk({ mode: 'SETUP', currency: 'eur' }, key);
  }
}, 120_000);
afterAll(async () => {
  await gw?.close();
});

describe('the live links tally', () => {
  it('gives an unfiltered list its total, per tenant and mode, without counting the links', async () => {
    expect(await expectTallyMatches()).toEqual({ [`${gw.orgA.id}/test`]: 3, [`${gw.orgA.id}/live`]: 2, [`${gw.orgB.id}/test`]: 1 });
    const a = await totalCount(gw.orgA.testKey);
    expect(a.total).toBe(3);
    const read = a.statements.filter((s) => /from "checkout_link"/.test(s));
    expect(read).toHaveLength(1);
    expect(read[0]).toContain('"checkout_link_tally"');
    expect(read[0]).not.toMatch(/count\(\*\)/);
    expect((await totalCount(gw.orgA.liveKey)).total).toBe(2);
    expect((await totalCount(gw.orgB.testKey)).total).toBe(1);
    expect((await totalCount(gw.orgB.liveKey)).total).toBe(0);
  });

  it('is a table the ORM schema diff leaves alone (no entity describes it)', async () => {
    // Its triggers are hand-written like the event table's NOTIFY triggers, which the diff lists
    // too (entities-match-migrations.test.ts checks indexes only); the table itself must stay.
    const diff = await gw.db.orm.schema.getUpdateSchemaSQL({ wrap: false });
    expect(diff).not.toMatch(/table[^;]*"checkout_link_tally"/);
  });

  it('counts a filtered list as before', async () => {
    const { total, statements } = await totalCount(gw.orgA.testKey, `{ checkoutLinks(first: 1, filter: { active: true }) { totalCount nodes { id } } }`);
    expect(total).toBe(3);
    expect(statements.join('\n')).not.toContain('checkout_link_tally');
  });

  it('follows deletes, restores, hard deletes and a change of tenant', async () => {
    const [first, second] = await sql<{ id: string }>(`select id from checkout_link where organisation_id = ? and mode = 'test' order by id`, [gw.orgA.id]);
    const deleted = await gw.graphql<any>(`mutation ($id: ID!) { deleteCheckoutLink(id: $id) { deletedId } }`, { id: first?.id }, gw.orgA.testKey);
    expect(deleted.body.data?.deleteCheckoutLink.deletedId).toBe(first?.id);
    expect((await totalCount(gw.orgA.testKey)).total).toBe(2);
    await expectTallyMatches();
    // Deleting again, or an update that leaves it deleted, changes nothing.
    await sql(`update checkout_link set deleted_at = now(), title = 'x' where id = ?`, [first?.id]);
    expect((await totalCount(gw.orgA.testKey)).total).toBe(2);
    await sql(`update checkout_link set deleted_at = null where id = ?`, [first?.id]);
    expect((await totalCount(gw.orgA.testKey)).total).toBe(3);
    await sql(`update checkout_link set mode = 'live' where id = ?`, [second?.id]);
    expect((await totalCount(gw.orgA.testKey)).total).toBe(2);
    expect((await totalCount(gw.orgA.liveKey)).total).toBe(3);
    await sql(`delete from line_item where checkout_link_id = ?`, [second?.id]);
    await sql(`delete from checkout_session where checkout_link_id = ?`, [second?.id]);
    await sql(`delete from checkout_link where id = ?`, [second?.id]);
    expect((await totalCount(gw.orgA.liveKey)).total).toBe(2);
    await expectTallyMatches();
  });

  // PostgreSQL only: PGlite has one connection (one shard) and runs one transaction at a time,
  // so there is no concurrent write to the tally to test there.
  it.runIf(onPostgres())('stays exact under concurrent creates on several connections (PostgreSQL)', async () => {
    const before = (await totalCount(gw.orgB.testKey)).total;
    await Promise.all(Array.from({ length: 24 }, () => api.createOk({ mode: 'SETUP', currency: 'eur' }, gw.orgB.testKey)));
    expect((await totalCount(gw.orgB.testKey)).total).toBe(before + 24);
    await expectTallyMatches();
    // The transactions ran on several connections, so on several shards (pg_backend_pid() % 16).
    const shards = await sql<{ n: number }>(`select count(*)::int as n from checkout_link_tally where organisation_id = ? and mode = 'test'`, [gw.orgB.id]);
    expect(shards[0]?.n).toBeGreaterThan(1);
  });

  it('is filled by its migration from the links that exist', async () => {
    const migrator = gw.db.orm.migrator;
    const before = (await totalCount(gw.orgA.testKey)).total;
    expect(before).toBeGreaterThan(1);
    await migrator.down({ to: 'Migration20261207110000_checkout_link_live_page' });
    expect(await sql(`select to_regclass('checkout_link_tally') as t`)).toEqual([{ t: null }]);
    // Written while no trigger counts: the migration must find it.
    const [one] = await sql<{ id: string }>(`select id from checkout_link where organisation_id = ? and mode = 'test' and deleted_at is null limit 1`, [
      gw.orgA.id,
    ]);
    await sql(`update checkout_link set deleted_at = now() where id = ?`, [one?.id]);
    await migrator.up();
    const counted = await expectTallyMatches();
    expect(counted[`${gw.orgA.id}/test`]).toBe(before - 1);
    expect((await totalCount(gw.orgA.testKey)).total).toBe(before - 1);
  });

  it('is emptied with the table by TRUNCATE', async () => {
    await sql(`truncate checkout_link cascade`);
    expect(await sql(`select * from checkout_link_tally`)).toEqual([]);
    expect((await totalCount(gw.orgA.testKey)).total).toBe(0);
  });
});
