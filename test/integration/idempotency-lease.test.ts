// A `running` idempotency key whose process died (kill -9 mid-request) is a lease that runs out:
// after IDEMPOTENCY_LEASE_MS without renewal, the next request with the key takes it over (one
// taker only) and runs again, instead of answering 409 for the key's whole 24 h life. A live
// request renews its lease, and a holder that lost it cannot overwrite or drop the taker's row.
// PGlite by default, PostgreSQL when DATABASE_URL is set.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { IdempotencyKey } from '../../src/domain/entities/index.ts';
import {
  createIdempotencyStore,
  IDEMPOTENCY_LEASE_MS,
  IdempotencyLeaseLost,
  leaseCommitsAsynchronously,
  type IdempotencyBegin,
} from '../../src/http/idempotency.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { leanrails, type LeanRails } from '../adapters/leanrails/client.ts';
import { countSql } from '../support/sql-counter.ts';
import { inRolledBackTransaction, planNodes, type PlanNode } from '../support/plans.ts';

let gw: TestGateway;
let lr: LeanRails;
beforeAll(async () => {
  gw = await startGateway();
  lr = leanrails(gw);
});
afterAll(() => gw?.close());

const sql = (query: string, params: unknown[] = []) => gw.db.orm.em.getConnection().execute(query, params);
/** What a kill -9 mid-request leaves: the key `running`, no response stored; updated `ago` ago. */
const crashed = (key: string, ago: string) =>
  sql(
    `update idempotency_key set state = 'running', response_status = null, response_headers = null, response_body = null,
       updated_at = now() - ?::interval where key = ?`,
    [ago, key],
  );
const aged = `${IDEMPOTENCY_LEASE_MS / 1000 + 30} seconds`;
const linksTitled = async (title: string) => Number((await sql('select count(*) as n from checkout_link where title = ?', [title]))[0].n);

describe('LeanRails: a key left running by a crash', () => {
  let product: string;
  beforeAll(async () => {
    product = (await lr.post('/v1/products', { name: 'Lease' })).body.id;
  });
  const create = (title: string, idem: string) =>
    lr.post('/v1/checkout_links', { title, line_items: [{ quantity: 1, price_data: { currency: 'usd', product, unit_amount: 700 } }] }, { idem });

  it('is 409 within the lease; once the lease is over, a retry runs the request once, then replays', async () => {
    const [title, idem] = [`lease-${randomUUID().slice(0, 8)}`, randomUUID()];
    expect((await create(title, idem)).status).toBe(200);
    await crashed(idem, '5 seconds');
    const early = await create(title, idem);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('idempotency_key_in_use');

    await crashed(idem, aged);
    const retry = await create(title, idem);
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(await linksTitled(title)).toBe(2); // the handler ran again (once)
    const again = await create(title, idem);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(retry.body);
    expect(await linksTitled(title)).toBe(2);
  });

  it('five concurrent retries of an abandoned key: exactly one runs', async () => {
    const [title, idem] = [`lease-${randomUUID().slice(0, 8)}`, randomUUID()];
    expect((await create(title, idem)).status).toBe(200);
    await crashed(idem, aged);
    const replies = await Promise.all(Array.from({ length: 5 }, () => create(title, idem)));
    expect(await linksTitled(title)).toBe(2);
    const ran = replies.filter((r) => r.status === 200 && r.headers['idempotent-replayed'] === undefined);
    expect(ran).toHaveLength(1);
    for (const r of replies.filter((x) => x !== ran[0])) {
      if (r.status === 200)
        expect(r.body).toEqual(ran[0]!.body); // replayed after it was done
      else expect([r.status, r.body.error.code]).toEqual([409, 'idempotency_key_in_use']);
    }
  });

  it('another body under an abandoned key is still a mismatch (422), not a takeover', async () => {
    const [title, idem] = [`lease-${randomUUID().slice(0, 8)}`, randomUUID()];
    expect((await create(title, idem)).status).toBe(200);
    await crashed(idem, aged);
    expect((await create(`${title}-other`, idem)).status).toBe(422);
    expect(await linksTitled(`${title}-other`)).toBe(0);
  });
});

describe('the store', () => {
  const owner = () => ({ organisationId: gw.orgA.id, mode: 'test' as const });
  const response = (body: string) => ({ status: 200, headers: { 'content-type': 'application/json' }, body });
  const state = async (key: string) => (await sql('select state, response_body from idempotency_key where key = ?', [key]))[0];

  it('ten concurrent begins on an abandoned key: one takes it over, nine are in progress', async () => {
    const store = createIdempotencyStore(gw.db.orm);
    const key = randomUUID();
    const first = await store.begin(owner(), 'test', key, 'print');
    expect(first.kind).toBe('new');
    await crashed(key, aged); // its process died
    const begun = await Promise.all(Array.from({ length: 10 }, () => store.begin(owner(), 'test', key, 'print')));
    expect(begun.map((b) => b.kind).sort()).toEqual([...Array(9).fill('in_progress'), 'new']);
    await (begun.find((b) => b.kind === 'new') as IdempotencyBegin & { kind: 'new' }).complete(response('"taker"'));
    expect(await store.begin(owner(), 'test', key, 'print')).toMatchObject({ kind: 'replay', response: { body: '"taker"' } });
  });

  it('the holder that lost its lease neither drops nor overwrites the taker’s row', async () => {
    const store = createIdempotencyStore(gw.db.orm);
    const key = randomUUID();
    const stalled = (await store.begin(owner(), 'test', key, 'print')) as IdempotencyBegin & { kind: 'new' };
    await crashed(key, aged); // stalled longer than a lease
    const taker = (await store.begin(owner(), 'test', key, 'print')) as IdempotencyBegin & { kind: 'new' };
    expect(taker.kind).toBe('new');
    await stalled.abandon();
    expect(await state(key)).toMatchObject({ state: 'running' });
    expect((await store.begin(owner(), 'test', key, 'print')).kind).toBe('in_progress');
    await stalled.complete(response('"stalled"'));
    expect(await state(key)).toMatchObject({ state: 'running', response_body: null });
    await taker.complete(response('"taker"'));
    expect(await state(key)).toMatchObject({ state: 'done', response_body: '"taker"' });
  });

  it('finish stores the answer with the transaction; a holder that lost its lease fails it and its writes roll back', async () => {
    const store = createIdempotencyStore(gw.db.orm);
    /** The request's EntityManager: scoped to the caller (as src/http/request-context.ts makes it). */
    const requestEm = () => {
      const em = gw.db.orm.em.fork();
      em.setFilterParams('tenant', owner());
      return em;
    };
    // The holder: its answer and its transaction's write commit together (on PostgreSQL in the COMMIT's round trip).
    const key = randomUUID();
    const holder = (await store.begin(owner(), 'test', key, 'print')) as IdempotencyBegin & { kind: 'new' };
    await requestEm().transactional(async (tx) => {
      await tx.getConnection().execute(`update idempotency_key set fingerprint = 'written' where key = ?`, [key], 'run', tx.getTransactionContext());
      await holder.finish(tx, response('"held"'));
    });
    expect(await state(key)).toMatchObject({ state: 'done', response_body: '"held"' });
    expect((await sql('select fingerprint from idempotency_key where key = ?', [key]))[0].fingerprint).toBe('written');
    // A holder that stalled past its lease and was taken over: finish fails, nothing of its transaction is kept.
    const lostKey = randomUUID();
    const stalled = (await store.begin(owner(), 'test', lostKey, 'print')) as IdempotencyBegin & { kind: 'new' };
    await crashed(lostKey, aged);
    const taker = (await store.begin(owner(), 'test', lostKey, 'print')) as IdempotencyBegin & { kind: 'new' };
    expect(taker.kind).toBe('new');
    await expect(
      requestEm().transactional(async (tx) => {
        await tx.getConnection().execute(`update idempotency_key set fingerprint = 'written' where key = ?`, [lostKey], 'run', tx.getTransactionContext());
        await stalled.finish(tx, response('"stalled"'));
      }),
    ).rejects.toBeInstanceOf(IdempotencyLeaseLost);
    expect(await state(lostKey)).toMatchObject({ state: 'running', response_body: null });
    expect((await sql('select fingerprint from idempotency_key where key = ?', [lostKey]))[0].fingerprint).toBe('print');
    await taker.complete(response('"taker"'));
    expect(await state(lostKey)).toMatchObject({ state: 'done', response_body: '"taker"' });
  });

  it('a live request renews its lease: it is not taken over however long it runs', async () => {
    const store = createIdempotencyStore(gw.db.orm, { leaseMs: 400 });
    const key = randomUUID();
    const holder = (await store.begin(owner(), 'test', key, 'print')) as IdempotencyBegin & { kind: 'new' };
    expect(holder.kind).toBe('new');
    await new Promise((r) => setTimeout(r, 1500)); // almost four leases
    expect((await store.begin(owner(), 'test', key, 'print')).kind).toBe('in_progress');
    await holder.complete(response('"slow"'));
    expect(await store.begin(owner(), 'test', key, 'print')).toMatchObject({ kind: 'replay', response: { body: '"slow"' } });
  });

  it('the lease INSERT turns synchronous_commit off for its own transaction only', async () => {
    expect(() => leaseCommitsAsynchronously('insert into "idempotency_key" ("id") values (?) returning "id"')).toThrow(/unexpected INSERT/);
    const key = randomUUID();
    const now = new Date();
    const row = {
      id: randomUUID(),
      organisation: gw.orgA.id,
      mode: 'test' as const,
      createdAt: now,
      updatedAt: now,
      scope: 'test',
      key,
      fingerprint: 'print',
      state: 'running' as const,
      expiresAt: new Date(now.getTime() + 60_000),
    };
    const insert = (gw.db.orm.em.fork() as SqlEntityManager).createQueryBuilder(IdempotencyKey).insert(row);
    const text = leaseCommitsAsynchronously(insert.getQuery());
    const setting = async (tx: SqlEntityManager) =>
      (await tx.getConnection().execute(`select current_setting('synchronous_commit') as s`, [], 'all', tx.getTransactionContext()))[0]?.s;
    const before = (await sql(`select current_setting('synchronous_commit') as s`))[0].s;
    await (gw.db.orm.em.fork() as SqlEntityManager).transactional(async (tx) => {
      expect(await setting(tx)).toBe(before);
      await tx.getConnection().execute(text, insert.getParams(), 'run', tx.getTransactionContext());
      expect(await setting(tx)).toBe('off'); // what this transaction's COMMIT reads
    });
    expect(before).toBe('on');
    expect((await sql(`select current_setting('synchronous_commit') as s`))[0].s).toBe('on'); // nothing left on the connection
    expect(await state(key)).toMatchObject({ state: 'running' }); // the row as the plain INSERT wrote it
    expect((await sql('select organisation_id, scope, fingerprint from idempotency_key where key = ?', [key]))[0]).toEqual({
      organisation_id: gw.orgA.id,
      scope: 'test',
      fingerprint: 'print',
    });
  });
});

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

/** Keys of an organisation, written by SQL (as thousands of requests would have). */
const fill = (org: string, count: number) =>
  sql(
    `insert into idempotency_key (id, organisation_id, mode, created_at, updated_at, scope, key, fingerprint, state, response_status, response_headers, response_body, expires_at)
     select gen_random_uuid(), ?, 'test', now(), now(), 'leanrails:fill', gen_random_uuid()::text, 'f', 'done', 200, '{}', repeat('x', 400), now() + interval '1 day'
     from generate_series(1, ?)`,
    [org, count],
  );

function scansOf(node: PlanNode, table: string): PlanNode[] {
  return planNodes(node).filter((n) => n['Relation Name'] === table && n['Node Type'] !== 'ModifyTable');
}

/**
 * The scans of idempotency_key in the plan of each UPDATE or DELETE on it, planned twice: as the
 * table is, and with its primary key dropped (rolled back), so that the unique index
 * (organisation, mode, scope, key) is the only one left. The second plan is what the planner may
 * pick whenever the statistics make both look equally cheap, as they do before a table's first
 * ANALYZE; the statement must find its one row through that index too.
 */
async function heldRowScans(statements: { sql: string; params: readonly unknown[] }[]) {
  const writes = statements.filter((s) => /\b(update|delete from) "idempotency_key"/i.test(s.sql));
  const scans: { statement: string; scan: PlanNode }[] = [];
  await inRolledBackTransaction(gw.db.orm, async ({ run, explain }) => {
    const each = async () => {
      for (const s of writes) for (const scan of scansOf(await explain(s.sql, s.params), 'idempotency_key')) scans.push({ statement: s.sql, scan });
    };
    await each();
    await run('alter table idempotency_key drop constraint idempotency_key_pkey');
    await each();
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
    const { result, calls } = await countSql(gw.db.orm, () =>
      lr.post('/v1/checkout_links', { title: `held-${randomUUID().slice(0, 8)}`, line_items: [{ price, quantity: 1 }] }),
    );
    expect(result.status).toBe(200);
    const { writes, scans } = await heldRowScans(calls);
    expect(writes.length).toBeGreaterThan(0); // the answer was stored by an UPDATE we saw
    expect(scans.length).toBe(2 * writes.length);
    for (const s of scans) expectOneRowLookup(s);
  });

  it('a takeover of an abandoned key, and the answer it stores, are one index lookup each', async () => {
    const idem = randomUUID();
    const create = () => lr.post('/v1/checkout_links', { title: 'Held row', line_items: [{ price, quantity: 1 }] }, { idem });
    expect((await create()).status).toBe(200);
    await crashed(idem, aged);
    const { result, calls } = await countSql(gw.db.orm, create);
    expect(result.status).toBe(200);
    expect(result.headers['idempotent-replayed']).toBeUndefined();
    const { writes, scans } = await heldRowScans(calls);
    expect(writes.length).toBeGreaterThanOrEqual(2); // the takeover, then the stored answer
    expect(scans.length).toBe(2 * writes.length);
    for (const s of scans) expectOneRowLookup(s);
  });
});
