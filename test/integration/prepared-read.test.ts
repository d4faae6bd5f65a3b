// On PostgreSQL, fast-read's statements run as named prepared statements (src/db/prepared-read.ts):
// the connection that ran one holds it prepared and reuses it, a read by a list of keys is one
// text whatever the number of keys (`= any($n)`), and the rows are those the ORM reads. On PGlite
// the same texts are prepared with SQL PREPARE and run with EXECUTE (src/db/pglite-read.ts).
import type { EntityManager } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fastFind, fastFindOne } from '../../src/db/fast-read.ts';
import { REPREPARE_MS, whenPrepared } from '../../src/db/pglite-read.ts';
import { CheckoutLink } from '../../src/domain/entities/index.ts';
import { linkApi } from '../support/checkout-link-fixtures.ts';
import { onPostgres } from '../support/database.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { countSql } from '../support/sql-counter.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
  const api = linkApi(() => gw);
  const seat = await api.product('Seat', 'EUR', 4900);
  await api.createOk({ title: 'One', lineItems: [{ priceId: seat.priceId, quantity: 1 }] });
  await api.createOk({ title: 'Two', lineItems: [{ priceId: seat.priceId, quantity: 2 }] });
}, 60_000);
afterAll(async () => {
  await gw?.close();
});

const tenantEm = (): EntityManager => {
  const em = gw.db.orm.em.fork();
  em.setFilterParams('tenant', { organisationId: gw.orgA.id, mode: 'test' });
  return em;
};

/** PGlite: the fast-read statements its session holds prepared (SQL PREPARE). */
async function pgliteStatements(em: EntityManager): Promise<{ name: string; statement: string; generic_plans: number; custom_plans: number }[]> {
  return (await em
    .getConnection()
    .execute("select name, statement, generic_plans, custom_plans from pg_prepared_statements where name like 'fr\\_%' order by name")) as never;
}

/** The names of the fast-read statements prepared on the transaction's connection. */
async function preparedNames(em: EntityManager): Promise<string[]> {
  const rows = (await em
    .getConnection()
    .execute("select name from pg_prepared_statements where name like 'fr\\_%'", [], 'all', em.getTransactionContext())) as {
    name: string;
  }[];
  return rows.map((r) => r.name);
}

describe('fast-read statements prepared by name', () => {
  it.runIf(onPostgres())('a read by equality is prepared on its connection, counted once and answers as before', async () => {
    await tenantEm().transactional(async (em) => {
      const [link] = await fastFind(em, CheckoutLink, {}, { limit: 1 });
      expect(link).toBeDefined();
      const { result, statements } = await countSql(gw.db.orm, () => fastFindOne(em, CheckoutLink, { id: link?.id }));
      expect(result?.id).toBe(link?.id);
      expect(statements).toHaveLength(1);
      const after = await preparedNames(em);
      expect(after.length).toBeGreaterThan(0);
      // The same read again reuses the statement: nothing new is prepared.
      expect((await fastFindOne(em, CheckoutLink, { id: link?.id }))?.id).toBe(link?.id);
      expect(await preparedNames(em)).toEqual(after);
    });
  });

  it.runIf(onPostgres())('a read by a list of ids is one prepared text whatever the number of ids', async () => {
    await tenantEm().transactional(async (em) => {
      const links = await em.getConnection().execute('select id from checkout_link', [], 'all', em.getTransactionContext());
      const ids = (links as { id: string }[]).map((r) => r.id);
      expect(ids.length).toBeGreaterThanOrEqual(2);
      const { result: all, statements } = await countSql(gw.db.orm, () => fastFind(em, CheckoutLink, { id: ids }));
      expect(statements).toHaveLength(1);
      // Only organisation A's links, as the inlined path reads them.
      const inlined = await em.fork().find(CheckoutLink, { id: { $in: ids } });
      expect(all.map((l) => l.id).sort()).toEqual(inlined.map((l) => l.id).sort());
      const after = await preparedNames(em);
      const one = await fastFind(em, CheckoutLink, { id: ids.slice(0, 1) });
      expect(one.map((l) => l.id)).toEqual(all.filter((l) => l.id === ids[0]).map((l) => l.id));
      expect(await preparedNames(em)).toEqual(after);
    });
  });

  it.runIf(!onPostgres())('PGlite prepares a read once (SQL PREPARE) and runs it with EXECUTE, same rows, counted once', async () => {
    const em = tenantEm();
    const links = (await em.getConnection().execute('select id from checkout_link')) as { id: string }[];
    const ids = links.map((r) => r.id);
    // A shape no other test reads: its first read runs inlined and prepares it for the next.
    const read = () => fastFind(em, CheckoutLink, { id: ids, active: true }, { orderBy: [['id', 'asc']] });
    const first = await read();
    await whenPrepared();
    const named = await pgliteStatements(em);
    const mine = named.filter((s) => s.statement.includes('"id" = any($') && s.statement.includes('"active" = $'));
    expect(mine).toHaveLength(1);
    const { result: second, statements } = await countSql(gw.db.orm, read);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/^select /);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    // Executed, not planned again: one text whatever the number of ids, nothing new prepared.
    const one = await fastFind(em, CheckoutLink, { id: ids.slice(0, 1), active: true }, { orderBy: [['id', 'asc']] });
    expect(one.map((l) => l.id)).toEqual(first.filter((l) => l.id === ids[0]).map((l) => l.id));
    await whenPrepared();
    expect((await pgliteStatements(em)).map((s) => s.name)).toEqual(named.map((s) => s.name));
    const after = (await pgliteStatements(em)).find((s) => s.name === mine[0]?.name);
    expect(Number(after?.generic_plans) + Number(after?.custom_plans)).toBeGreaterThanOrEqual(2);
  });

  it.runIf(!onPostgres())('PGlite runs its prepared reads on their generic plan, never planned again per EXECUTE (plan_cache_mode)', async () => {
    const em = tenantEm();
    // Statistics, as the upkeep's ANALYZE gives them: with them PostgreSQL's own choice (auto)
    // planned the Fynn V2 plan read afresh at every EXECUTE, and the first 5 EXECUTEs always are.
    await em.getConnection().execute('analyze');
    expect((await em.getConnection().execute("select current_setting('plan_cache_mode') as mode"))[0]).toEqual({ mode: 'force_generic_plan' });
    const links = (await em.getConnection().execute('select id from checkout_link')) as { id: string }[];
    const ids = links.map((r) => r.id);
    // A shape no other test reads.
    const read = () => fastFind(em, CheckoutLink, { id: ids, active: true }, { orderBy: [['title', 'asc']] });
    const first = await read();
    await whenPrepared();
    const mine = (await pgliteStatements(em)).filter((s) => s.statement.includes('"id" = any($') && s.statement.includes('order by "title"'));
    expect(mine).toHaveLength(1);
    for (let i = 0; i < 6; i++) expect(JSON.stringify(await read())).toBe(JSON.stringify(first));
    const after = (await pgliteStatements(em)).find((s) => s.name === mine[0]?.name);
    expect(Number(after?.generic_plans)).toBeGreaterThanOrEqual(6);
    expect(Number(after?.custom_plans)).toBe(0);
  });

  it.runIf(!onPostgres())('PGlite: a statement gone from the session is read inlined and prepared again', async () => {
    const em = tenantEm();
    const [link] = await fastFind(em, CheckoutLink, {}, { limit: 1, orderBy: [['slug', 'asc']] });
    await whenPrepared();
    expect((await fastFind(em, CheckoutLink, {}, { limit: 1, orderBy: [['slug', 'asc']] }))[0]?.id).toBe(link?.id);
    await em.getConnection().execute('deallocate all');
    expect(await pgliteStatements(em)).toEqual([]);
    expect((await fastFind(em, CheckoutLink, {}, { limit: 1, orderBy: [['slug', 'asc']] }))[0]?.id).toBe(link?.id);
    await whenPrepared();
    expect((await pgliteStatements(em)).length).toBe(1);
  });

  it.runIf(!onPostgres())('PGlite: inside a transaction a text not prepared yet runs inlined; the transaction goes on', async () => {
    await tenantEm().transactional(async (em) => {
      const [link] = await fastFind(em, CheckoutLink, { active: true }, { limit: 2, orderBy: [['title', 'desc']] });
      expect(link).toBeDefined();
      // Still in the transaction and usable (PREPARE waits for it to end, outside it).
      expect((await fastFindOne(em, CheckoutLink, { id: link?.id }))?.id).toBe(link?.id);
    });
    await whenPrepared();
    const em = tenantEm();
    const again = await fastFind(em, CheckoutLink, { active: true }, { limit: 2, orderBy: [['title', 'desc']] });
    expect(again.length).toBeGreaterThan(0);
  });

  it.runIf(!onPostgres())('PGlite prepares a statement again after REPREPARE_MS (a plan made on the tables as they are now)', async () => {
    const em = tenantEm();
    const read = () => fastFind(em, CheckoutLink, { active: true }, { limit: 3, orderBy: [['slug', 'desc']] });
    const first = await read();
    await whenPrepared();
    await read();
    const before = (await pgliteStatements(em)).find((s) => s.statement.includes('limit 3'));
    expect(before).toBeDefined();
    const now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now + REPREPARE_MS + 1);
    try {
      expect(JSON.stringify(await read())).toBe(JSON.stringify(first));
      await whenPrepared();
    } finally {
      clock.mockRestore();
    }
    const after = (await pgliteStatements(em)).find((s) => s.name === before?.name);
    expect(after).toBeDefined();
    expect(Number(after?.generic_plans) + Number(after?.custom_plans)).toBe(0);
    expect(JSON.stringify(await read())).toBe(JSON.stringify(first));
  });
});
