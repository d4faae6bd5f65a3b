// The slug walk (src/domain/services/checkout-links/slugs.ts) probes the slug's unique index once
// per candidate, in the plan each connection caches for it, at a table size where a hash of the
// whole table looks cheaper to the planner.
//
// Why: with EXISTS, PostgreSQL hashed the slugs of the whole checkout_link table (every
// organisation) once per walk when the table had about 1,000 links, and each connection kept that
// generic plan while the table grew: the bench's creates slowed pass after pass (0.6 -> 6.5 ms a
// walk from 1,000 to 13,000 links). The plan is checked as a connection caches it
// (plan_cache_mode = force_generic_plan, in a transaction rolled back).
// PGlite by default, PostgreSQL when DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FREE_SLUG_SQL, NUMBERED_SLUGS } from '../../src/domain/services/checkout-links/slugs.ts';
import { numbered } from '../../src/db/prepared-read.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { leanrails } from '../adapters/leanrails/client.ts';
import { inRolledBackTransaction, planNodes, type PlanNode } from '../support/plans.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw?.close());

describe('the slug walk, planned as a connection caches it', () => {
  beforeAll(async () => {
    const lr = leanrails(gw);
    const product = (await lr.post('/v1/products', { name: 'Walk' })).body.id;
    const price = (await lr.post('/v1/prices', { product, currency: 'eur', unit_amount: 500 })).body.id;
    const made = await lr.post('/v1/checkout_links', { title: 'Walk plan', line_items: [{ price, quantity: 1 }] });
    expect(made.status).toBe(200);
    // 1,200 links (copies of that one, other slugs), then fresh statistics: the size where a hash
    // of the table looks cheaper than 100 probes.
    const connection = gw.db.orm.em.getConnection();
    const columns = (await connection.execute(
      `select column_name from information_schema.columns where table_schema = current_schema() and table_name = 'checkout_link' order by ordinal_position`,
    )) as { column_name: string }[];
    const names = columns.map((c) => `"${c.column_name}"`);
    const values = columns.map((c) => (c.column_name === 'id' ? 'gen_random_uuid()' : c.column_name === 'slug' ? `'walk-copy-' || i` : `l."${c.column_name}"`));
    await connection.execute(
      `insert into checkout_link (${names.join(', ')}) select ${values.join(', ')} from checkout_link l, generate_series(1, 1200) i where l.title = 'Walk plan'`,
    );
    await connection.execute('analyze checkout_link');
  });

  it('probes the unique index per candidate; it never scans or hashes the table', async () => {
    const text = numbered(FREE_SLUG_SQL)!.text;
    const base = 'walk-plan';
    const params = [NUMBERED_SLUGS, base, `${base}-`, base, `${base}-`, base, `${base}-`, NUMBERED_SLUGS];
    const literal = (v: unknown) => (typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`);
    let plan: PlanNode | undefined;
    await inRolledBackTransaction(gw.db.orm, async ({ run, explain }) => {
      await run('set local plan_cache_mode = force_generic_plan');
      await run(`prepare cg_slug_walk_plan as ${text}`);
      try {
        plan = await explain(`execute cg_slug_walk_plan(${params.map(literal).join(', ')})`);
      } finally {
        await run('deallocate cg_slug_walk_plan');
      }
    });
    const nodes = planNodes(plan!);
    const scans = nodes.filter((node) => node['Relation Name'] === 'checkout_link');
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) expect(scan['Node Type'], JSON.stringify(scan)).toMatch(/^Index (Only )?Scan$/);
    expect(nodes.filter((node) => /hashed/i.test(node['Subplan Name'] ?? ''))).toEqual([]);
  });
});
