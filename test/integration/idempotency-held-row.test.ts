// Every statement on a held idempotency key (the stored answer, a renewal, a takeover, a
// delete) finds its one row by an index lookup, whichever index the planner picks.
//
// The case it guards: a table whose statistics are older than its rows (never analyzed yet, as
// on a fresh database during its first busy minutes, or on PGlite between upkeep passes). A
// statement naming only organisation, mode and id then let PostgreSQL pick the unique index
// (organisation, mode, scope, key) on its organisation and mode prefix and read every key of the
// tenant: the bench's keyed creates ran at half speed until autovacuum analyzed the table
// (5,078 buffers read for one row out of 5,000 in EXPLAIN ANALYZE). Naming the whole unique key
// makes either index a one-row lookup. The plans are checked with the primary key dropped too
// (rolled back), which is the planner's choice in that case, so the test does not depend on the
// statistics of the moment.
// PGlite by default, PostgreSQL when DATABASE_URL is set.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { countSqlWithParams } from '../support/sql-counter.ts';
import { leanrails, type LeanRails } from '../adapters/leanrails/client.ts';

let gw: TestGateway;
let lr: LeanRails;
beforeAll(async () => {
  gw = await startGateway();
  lr = leanrails(gw);
});
afterAll(() => gw?.close());

const sql = (query: string, params: unknown[] = []) => gw.db.orm.em.getConnection().execute(query, params);

/** Keys of an organisation, written by SQL (as thousands of requests would have). */
const fill = (org: string, count: number) =>
  sql(
    `insert into idempotency_key (id, organisation_id, mode, created_at, updated_at, scope, key, fingerprint, state, response_status, response_headers, response_body, expires_at)
     select gen_random_uuid(), ?, 'test', now(), now(), 'leanrails:fill', gen_random_uuid()::text, 'f', 'done', 200, '{}', repeat('x', 400), now() + interval '1 day'
     from generate_series(1, ?)`,
    [org, count],
  );

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}
function scansOf(node: PlanNode, table: string, into: PlanNode[] = []): PlanNode[] {
  if (node['Relation Name'] === table && node['Node Type'] !== 'ModifyTable') into.push(node);
  for (const child of node.Plans ?? []) scansOf(child, table, into);
  return into;
}

const ROLLBACK = new Error('rollback');

/**
 * The scans of idempotency_key in the plan of each UPDATE or DELETE on it (EXPLAIN without
 * ANALYZE: nothing runs), planned twice: as the table is, and with its primary key dropped (in a
 * transaction rolled back), so that the unique index (organisation, mode, scope, key) is the only
 * one left. The second plan is what the planner may pick whenever the statistics make both look
 * equally cheap, as they do before a table's first ANALYZE; the statement must find its one row
 * through that index too.
 */
async function heldRowScans(statements: { sql: string; params: readonly unknown[] }[]) {
  const writes = statements.filter((s) => /\b(update|delete from) "idempotency_key"/i.test(s.sql));
  const scans: { statement: string; scan: PlanNode }[] = [];
  const em = gw.db.orm.em.fork();
  await em
    .transactional(async (tem) => {
      const connection = tem.getConnection();
      const explain = async (s: { sql: string; params: readonly unknown[] }) => {
        const [row] = (await connection.execute(`explain (format json) ${s.sql}`, [...s.params], 'all', tem.getTransactionContext())) as {
          'QUERY PLAN': unknown;
        }[];
        const raw = row!['QUERY PLAN'];
        const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
        for (const scan of scansOf(plan[0]!.Plan, 'idempotency_key')) scans.push({ statement: s.sql, scan });
      };
      for (const s of writes) await explain(s);
      await connection.execute('alter table idempotency_key drop constraint idempotency_key_pkey', [], 'run', tem.getTransactionContext());
      for (const s of writes) await explain(s);
      throw ROLLBACK;
    })
    .catch((error) => {
      if (error !== ROLLBACK) throw error;
    });
  return { writes, scans };
}

/** A one-row lookup: an index scan whose condition holds the id or the whole key, not only the organisation and mode. */
function expectOneRowLookup({ statement, scan }: { statement: string; scan: PlanNode }) {
  expect(scan['Node Type'], statement).toMatch(/^Index (Only )?Scan$/);
  expect(scan['Index Cond'], `${statement}\n${scan['Index Name']}: ${scan['Index Cond']}`).toMatch(/\(id = |\(\(?key\)?(::text)? = /);
}

describe('a held idempotency key of a tenant with 3,000 keys', () => {
  let price: string;
  beforeAll(async () => {
    const product = (await lr.post('/v1/products', { name: 'Held row' })).body.id;
    price = (await lr.post('/v1/prices', { product, currency: 'eur', unit_amount: 900 })).body.id;
    // A tenant with many keys: a statement reading all of them would show in the plan.
    await fill(gw.orgA.id, 3000);
  });

  it('the stored answer of a keyed create is one index lookup', async () => {
    const { result, statements } = await countSqlWithParams(gw.db.orm, () =>
      lr.post('/v1/checkout_links', { title: `held-${randomUUID().slice(0, 8)}`, line_items: [{ price, quantity: 1 }] }),
    );
    expect(result.status).toBe(200);
    const { writes, scans } = await heldRowScans(statements);
    expect(writes.length).toBeGreaterThan(0); // the answer was stored by an UPDATE we saw
    expect(scans.length).toBe(2 * writes.length);
    for (const s of scans) expectOneRowLookup(s);
  });

  it('a takeover of an abandoned key, and the answer it stores, are one index lookup each', async () => {
    const idem = randomUUID();
    const create = () => lr.post('/v1/checkout_links', { title: 'Held row', line_items: [{ price, quantity: 1 }] }, { idem });
    expect((await create()).status).toBe(200);
    // What a kill -9 mid-request leaves, long enough ago for the lease to be over.
    await sql(
      `update idempotency_key set state = 'running', response_status = null, response_headers = null, response_body = null,
         updated_at = now() - interval '10 minutes' where key = ?`,
      [idem],
    );
    const { result, statements } = await countSqlWithParams(gw.db.orm, create);
    expect(result.status).toBe(200);
    expect(result.headers['idempotent-replayed']).toBeUndefined();
    const { writes, scans } = await heldRowScans(statements);
    expect(writes.length).toBeGreaterThanOrEqual(2); // the takeover, then the stored answer
    expect(scans.length).toBe(2 * writes.length);
    for (const s of scans) expectOneRowLookup(s);
  });
});
