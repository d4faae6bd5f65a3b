// On PostgreSQL, fast-read's statements run as named prepared statements (src/db/prepared-read.ts):
// the connection that ran one holds it prepared and reuses it, a read by a list of keys is one
// text whatever the number of keys (`= any($n)`), and the rows are those the ORM reads. On PGlite
// nothing is prepared.
import type { EntityManager } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastFind, fastFindOne } from '../../src/db/fast-read.ts';
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

  it.runIf(!onPostgres())('PGlite runs every read inlined', async () => {
    const em = tenantEm();
    const [link] = await fastFind(em, CheckoutLink, {}, { limit: 1 });
    const { statements } = await countSql(gw.db.orm, () => fastFindOne(em, CheckoutLink, { id: link?.id }));
    expect(statements).toHaveLength(1);
    const rows = (await em.getConnection().execute('select count(*)::int as n from pg_prepared_statements')) as { n: number }[];
    expect(rows[0]?.n).toBe(0);
  });
});
