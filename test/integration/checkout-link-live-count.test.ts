// The partial index of the live links (Migration20261207004500_checkout_link_live_count, with the id
// since Migration20261207110000_checkout_link_live_page): it exists after the migrations; a list's
// page is read through it in order (no sort), even on a table never analyzed; the total it serves
// counts only the tenant's live links, from the index alone (an index-only scan).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { createPrice, fynn } from '../adapters/fynn/helpers.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

const INDEX = 'checkout_link_live_index';

describe('checkout_link_live_index', () => {
  it('is a partial index on (organisation_id, mode, id) of the links not deleted', async () => {
    const rows = await gw.db.orm.em.fork().getConnection().execute<{ indexdef: string }[]>(`select indexdef from pg_indexes where indexname = '${INDEX}'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.indexdef).toMatch(/\(organisation_id, mode, id\) WHERE \(deleted_at IS NULL\)/);
  });

  it('gives a page of live links in order, without a sort, on a table never analyzed', async () => {
    // The statistics a fresh database has (or a server with autovacuum off): none. With the index
    // on (organisation_id, mode) alone, the planner read every live link of the tenant and sorted.
    const connection = gw.db.orm.em.fork().getConnection();
    const analyzed = await connection.execute<{ n: number }[]>(
      `select count(*)::int as n from pg_stats where tablename = 'checkout_link' and attname = 'organisation_id'`,
    );
    expect(analyzed[0]?.n).toBe(0);
    const plan = await connection.execute<{ 'QUERY PLAN': string }[]>(
      `explain select id from checkout_link where organisation_id = '${gw.orgA.id}' and mode = 'test' and deleted_at is null order by id desc limit 11`,
    );
    const text = plan.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(new RegExp(`Index (Only )?Scan Backward using ${INDEX}\\b`));
    expect(text).not.toMatch(/\bSort\b/);
  });

  it('serves the Fynn total: live links of the tenant and mode only, and the count is an index-only scan', async () => {
    const seat = await createPrice(gw, gw.orgA.testKey, { name: 'Seat' });
    const item = [{ type: 'product', product: seat.productId, price: seat.priceId, quantity: 1 }];
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await fynn(gw, 'POST', '/checkout-links', { name: `L${i}`, items: item })).json().id);
    const other = await createPrice(gw, gw.orgB.testKey, { name: 'Other' });
    await fynn(gw, 'POST', '/checkout-links', { name: 'B', items: [{ ...item[0], product: other.productId, price: other.priceId }] }, gw.orgB.testKey);
    expect((await fynn(gw, 'DELETE', `/checkout-links/${ids[0]}`)).statusCode).toBe(204);

    const list = (await fynn(gw, 'GET', '/checkout-links?itemsPerPage=1')).json();
    expect(list['hydra:totalItems']).toBe(2);
    expect(list['hydra:member']).toHaveLength(1);

    // All pages all-visible, and the sequential scan a tiny table would get ruled out: the plan
    // shows whether an index alone answers the count (without this index, only the heap can test deleted_at).
    const em = gw.db.orm.em.fork();
    await em.getConnection().execute('vacuum analyze checkout_link');
    const plan = await em.transactional(async (tx) => {
      const connection = tx.getConnection();
      await connection.execute('set local enable_seqscan = off', [], 'run', tx.getTransactionContext());
      return connection.execute<{ 'QUERY PLAN': string }[]>(
        `explain select count(*) from checkout_link where organisation_id = '${gw.orgA.id}' and mode = 'test' and deleted_at is null`,
        [],
        'all',
        tx.getTransactionContext(),
      );
    });
    const text = (plan as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain(`Index Only Scan using ${INDEX}`);
  });
});
