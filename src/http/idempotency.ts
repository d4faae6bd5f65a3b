// The one idempotency store of every face: a table keyed by organisation + mode + scope + key.
// The first request inserts a `running` row (its own transaction, so a concurrent request with
// the same key sees it at once, across processes); the response is stored when it is done.
// A `running` row is a lease: its holder renews updated_at while the handler runs, and a row not
// renewed for IDEMPOTENCY_LEASE_MS belongs to a process that died (kill -9, OOM, power loss).
// A retry takes such a row over, atomically, and runs the request again.
//
// The outcome is stored in the handler's own transaction (`finish(tx, response)`): the objects a
// request creates and its stored answer commit together, so a kill -9 between the two cannot
// leave an object without its answer (a retry after the lease would create a second one). If
// the lease was lost meanwhile (taken over after a stall), `finish` throws and the handler's
// writes roll back with it.
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { IdempotencyKey } from '../domain/entities/index.ts';
import { newId } from '../domain/entities/common.ts';
import { runsOnPglite, type Orm } from '../db/orm.ts';
import { withCommit } from '../db/with-commit.ts';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * How long a `running` key stays reserved without a sign of life from its request. Older, it
 * is abandoned: the process running it died before storing a response, and the next request with
 * the key runs again instead of answering "in progress" (409) for the key's whole 24 h life.
 * A live request renews its lease every IDEMPOTENCY_LEASE_MS / 3, so a slow request is never
 * taken over; only a process stalled for a whole lease (or a clock off by that much between
 * gateway hosts) could be. After a crash, a retry within the lease still answers 409.
 */
export const IDEMPOTENCY_LEASE_MS = 60_000;

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  /** The body exactly as sent, for a byte-identical replay. */
  body: string;
}

/** The lease was taken over by another request: this one must not store (its writes roll back). */
export class IdempotencyLeaseLost extends Error {}

export type IdempotencyBegin =
  | {
      kind: 'new';
      /** Stores the answer in its own transaction (a response not tied to a write). */
      complete(response: StoredResponse): Promise<void>;
      /** Stores the answer within `tx`, the transaction of the handler's writes; throws IdempotencyLeaseLost. */
      finish(tx: EntityManager, response: StoredResponse): Promise<void>;
      abandon(): Promise<void>;
    }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

/** Whose key it is; `scopes` (the caller's) join the fingerprint, so a replay answers only a caller with the same scopes. */
type Owner = { organisationId: string; mode: 'test' | 'live'; scopes?: Iterable<string> };

export interface IdempotencyStore {
  begin(owner: Owner, scope: string, key: string, fingerprint: string): Promise<IdempotencyBegin>;
}

/**
 * updated_at "equal to" a value read back as a JS Date: the same millisecond. The column keeps
 * microseconds, a Date only milliseconds, so a stamp written by SQL (now()) would never compare
 * equal. Every stamp this store writes is at least a renewal interval after the one it replaces.
 */
const sameMillisecond = (at: Date) => ({ $gte: at, $lt: new Date(at.getTime() + 1) });

/**
 * `finish`'s update on PostgreSQL, sent with the transaction's COMMIT (src/db/with-commit.ts):
 * the update the ORM builds (`update ... returning id`: table and column names from the entity),
 * wrapped so that when the row is held no more (0 rows) it divides by zero and the COMMIT after it
 * does not run. Its text depends only on how many stamps it matches (1 or 2), so the query builder
 * (~0.1 ms) runs once per count; `finishParams` gives a request's parameters in the builder's order,
 * checked against the builder's own on that first build (null, should they ever differ: the
 * update then runs on its own through the ORM).
 */
const finishSqlOf = new Map<number, string | null>();
function finishSql(tx: EntityManager, params: unknown[], values: Done, owner: Owner, row: Held, stamps: Date[]): string | null {
  const known = finishSqlOf.get(stamps.length);
  if (known !== undefined) return known;
  const update = (tx as SqlEntityManager)
    .createQueryBuilder(IdempotencyKey)
    .update(values)
    .where({ organisation: owner.organisationId, mode: owner.mode, ...heldAt(row, stamps) })
    .returning(['id']);
  const built = update.getParams();
  if (built.length !== params.length || built.some((p, i) => (p instanceof Date ? p.getTime() !== (params[i] as Date).getTime() : p !== params[i]))) {
    finishSqlOf.set(stamps.length, null);
    return null;
  }
  const sql = `with done as (${update.getQuery()}) select 1 / count(*)::int as held from done`;
  finishSqlOf.set(stamps.length, sql);
  return sql;
}
function finishParams(values: Done, owner: Owner, row: Held, stamps: Date[]): unknown[] {
  const params: unknown[] = [
    values.state,
    values.responseStatus,
    JSON.stringify(values.responseHeaders),
    values.responseBody,
    values.updatedAt,
    owner.organisationId,
    owner.mode,
    row.scope,
    row.key,
    row.id,
    'running',
  ];
  for (const at of stamps) params.push(at, new Date(at.getTime() + 1));
  return params;
}
/**
 * A key's row: its whole unique key (organisation and mode come from the tenant) and its id.
 *
 * Every statement on a held row names the whole unique key (organisation, mode, scope, key), not
 * only the id. With the id alone, PostgreSQL could pick the unique index on its organisation and
 * mode prefix (when the table's statistics were older than its rows, e.g. before the first
 * ANALYZE of a busy table) and read every key of the tenant to find one. The bench's keyed creates
 * ran at half speed until autovacuum analyzed the table: the stored answer's UPDATE took 2-8 ms,
 * and EXPLAIN showed 5,078 buffers read for one row out of 5,000. With the whole key, either index
 * finds the one row.
 */
interface Held {
  id: string;
  scope: string;
  key: string;
}
/** The row while still held: running, updated_at one of `stamps` (each to the millisecond). */
const heldAt = (row: Held, stamps: Date[]) => ({
  scope: row.scope,
  key: row.key,
  id: row.id,
  state: 'running' as const,
  $or: stamps.map((at) => ({ updatedAt: sameMillisecond(at) })),
});
interface Done {
  state: 'done';
  responseStatus: number;
  responseHeaders: Record<string, string>;
  responseBody: string;
  updatedAt: Date;
}
const DIVISION_BY_ZERO = '22012';

/** A new key's row. */
interface NewKey {
  id: string;
  organisation: string;
  mode: 'test' | 'live';
  createdAt: Date;
  updatedAt: Date;
  scope: string;
  key: string;
  fingerprint: string;
  state: 'running';
  expiresAt: Date;
}
/** A new key's values in the order of the query builder's INSERT (insertSql checks it). */
const keyParams = (row: NewKey): unknown[] => [
  row.id,
  row.organisation,
  row.mode,
  row.createdAt,
  row.updatedAt,
  row.scope,
  row.key,
  row.fingerprint,
  row.state,
  row.expiresAt,
];
type Execute = (sql: string, params: unknown[], method: 'run') => Promise<unknown>;

/**
 * The INSERT of a new key, by ORM. Its text is the query builder's (table and column names from
 * the entity) and the same for every key, so the builder (~0.15 ms with the fork it needs) runs
 * once. On that first build its parameters are checked against keyParams: a mismatch (an entity
 * change) throws, and every keyed create's test fails.
 */
const insertSqlOf = new WeakMap<Orm, string>();
function insertSql(orm: Orm, row: NewKey): string {
  const known = insertSqlOf.get(orm);
  if (known !== undefined) return known;
  const insert = (orm.em.fork() as SqlEntityManager).createQueryBuilder(IdempotencyKey).insert(row);
  const built = insert.getParams();
  const params = keyParams(row);
  const same = built.length === params.length && built.every((p, i) => (p instanceof Date ? p.getTime() === (params[i] as Date).getTime() : p === params[i]));
  if (!same) throw new Error('idempotency: keyParams does not follow the INSERT the query builder writes for IdempotencyKey');
  const sql = leaseCommitsAsynchronously(insert.getQuery());
  insertSqlOf.set(orm, sql);
  return sql;
}

/**
 * The key's INSERT, its commit made asynchronous: `insert … values (…)` becomes `insert …
 * select … from (select set_config('synchronous_commit', 'off', true))`, a setting local to the
 * statement's own transaction, read by its COMMIT.
 *
 * Why: a keyed create commits twice (this lease, then the work with its stored answer), and on
 * PostgreSQL each synchronous COMMIT waits for a WAL flush: under 50 concurrent creates the
 * flushes, not the CPU, bounded the throughput (pg_stat_wal: ~2 WAL syncs per keyed create).
 * Why it is safe: an asynchronous commit is visible to every other session at once (a concurrent
 * request with the same key still sees the lease and answers 409); only a crash of the database
 * server itself, within wal_writer_delay, can lose it. The work's synchronous COMMIT comes later
 * and flushes the WAL up to itself, so it makes this row durable too: after a server crash
 * either both survive or the work is gone with the lease, and a retry runs the request again,
 * which is what an idempotency key promises. A crash of the gateway loses nothing (the server
 * keeps every commit it acknowledged).
 */
export function leaseCommitsAsynchronously(insertSql: string): string {
  const parts = /^(insert into \S+ \([^)]*\)) values \(([^)]*)\)$/.exec(insertSql);
  if (!parts) throw new Error(`idempotency: unexpected INSERT from the query builder: ${insertSql}`);
  return `${parts[1]} select ${parts[2]} from (select set_config('synchronous_commit', 'off', true)) as "lease"`;
}

/**
 * One INSERT in autocommit (not a flush: no BEGIN/COMMIT around it, no unit of work, no fork):
 * through the ORM's connection (its formatting, query hook and log, as every statement), its
 * error converted as the driver converts it (a taken key is a UniqueConstraintViolationException).
 */
async function insertKey(orm: Orm, row: NewKey): Promise<void> {
  const sql = insertSql(orm, row);
  try {
    await (orm.em.getConnection() as unknown as { execute: Execute }).execute(sql, keyParams(row), 'run');
  } catch (error) {
    throw orm.em.getDriver().convertException(error as Error);
  }
}

/** `leaseMs`: IDEMPOTENCY_LEASE_MS unless a test needs a short one. */
export function createIdempotencyStore(orm: Orm, options: { leaseMs?: number } = {}): IdempotencyStore {
  const leaseMs = options.leaseMs ?? IDEMPOTENCY_LEASE_MS;
  const emFor = (owner: Owner): EntityManager => {
    const em = orm.em.fork();
    em.setFilterParams('tenant', owner);
    return em;
  };

  /**
   * The request that holds row `id` since `since` (its updated_at): renews it while the handler
   * runs; stores or drops it only while still holding it (a request that lost its lease, taken
   * over after a stall, must not overwrite or delete the row of the one that took it).
   */
  const hold = (owner: Owner, row: Held, since: Date): IdempotencyBegin & { kind: 'new' } => {
    let stamp = since;
    /** The stamp of a renewal in flight (it may commit after `finish` began). */
    let pending: Date | null = null;
    let renewing: Promise<unknown> = Promise.resolve();
    const held = () => heldAt(row, [stamp]);
    const renew = async () => {
      const next = new Date();
      pending = next;
      try {
        if ((await emFor(owner).nativeUpdate(IdempotencyKey, held(), { updatedAt: next })) === 1) stamp = next;
        else clearInterval(timer); // taken over: nothing left to renew
      } finally {
        pending = null;
      }
    };
    const timer = setInterval(() => (renewing = renewing.then(renew).catch(() => {})), Math.max(1, Math.floor(leaseMs / 3)));
    timer.unref();
    const release = async () => {
      clearInterval(timer);
      await renewing; // the last renewal decides which stamp we hold
    };
    const done = (response: StoredResponse): Done => ({
      state: 'done',
      responseStatus: response.status,
      responseHeaders: response.headers,
      responseBody: response.body,
      updatedAt: new Date(),
    });
    return {
      kind: 'new',
      async finish(tx, response) {
        // Not awaiting the renewal in flight: on PGlite it waits for this very transaction. Either
        // stamp it may leave is ours; a takeover's is neither.
        clearInterval(timer);
        const stamps = [stamp, pending].filter((d): d is Date => d !== null);
        // PostgreSQL: stored in the round trip of the transaction's COMMIT; a lost lease fails the commit.
        const values = done(response);
        const lost = (error: unknown) =>
          (error as { code?: unknown } | null)?.code === DIVISION_BY_ZERO ? new IdempotencyLeaseLost('idempotency lease lost') : error;
        if (!runsOnPglite(tx) && tx.isInTransaction()) {
          const params = finishParams(values, owner, row, stamps);
          const sql = finishSql(tx, params, values, owner, row, stamps);
          if (sql && withCommit(tx, sql, params, lost)) return;
        }
        const where = heldAt(row, stamps);
        if ((await tx.nativeUpdate(IdempotencyKey, where, values)) !== 1) throw new IdempotencyLeaseLost('idempotency lease lost');
      },
      async complete(response) {
        await release();
        await emFor(owner).nativeUpdate(IdempotencyKey, held(), done(response));
      },
      async abandon() {
        await release();
        await emFor(owner).nativeDelete(IdempotencyKey, held());
      },
    };
  };

  return {
    async begin(owner, scope, key, requestFingerprint) {
      // A replay checks the caller's scopes: another key of the organisation with other scopes
      // (a cart:write key replaying a price:write key's create) gets a mismatch, never the answer.
      const fingerprint = owner.scopes
        ? createHash('sha256')
            .update(`${requestFingerprint}\n${[...owner.scopes].sort().join(' ')}`)
            .digest('hex')
        : requestFingerprint;
      for (let attempt = 0; attempt < 3; attempt++) {
        // One INSERT in autocommit (not a flush: no BEGIN/COMMIT around it, no unit of work).
        const id = newId();
        const now = new Date();
        try {
          await insertKey(orm, {
            id,
            organisation: owner.organisationId,
            mode: owner.mode,
            createdAt: now,
            updatedAt: now,
            scope,
            key,
            fingerprint,
            state: 'running',
            expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
          });
          return hold(owner, { id, scope, key }, now);
        } catch (error) {
          if (!(error instanceof UniqueConstraintViolationException)) throw error;
        }
        const existing = await emFor(owner).findOne(IdempotencyKey, { scope, key });
        if (!existing) continue; // abandoned in between: try again
        if (existing.expiresAt.getTime() <= Date.now()) {
          await emFor(owner).nativeDelete(IdempotencyKey, { scope, key, id: existing.id, expiresAt: { $lte: new Date() } });
          continue;
        }
        if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
        if (existing.state === 'running') {
          if (Date.now() - existing.updatedAt.getTime() < leaseMs) return { kind: 'in_progress' };
          // Abandoned: take it over. Of concurrent takers (or a late renewal by its holder) only
          // the first UPDATE matches the old updated_at; the others look again.
          const takenAt = new Date();
          const won = await emFor(owner).nativeUpdate(IdempotencyKey, heldAt({ id: existing.id, scope, key }, [existing.updatedAt]), { updatedAt: takenAt });
          if (won === 1) return hold(owner, { id: existing.id, scope, key }, takenAt);
          continue;
        }
        if (existing.responseStatus == null) return { kind: 'in_progress' };
        return {
          kind: 'replay',
          response: { status: existing.responseStatus, headers: existing.responseHeaders ?? {}, body: existing.responseBody ?? '' },
        };
      }
      return { kind: 'in_progress' };
    },
  };
}

/** Deletes expired keys (run now and then; rows also expire lazily on reuse). */
export async function purgeExpiredIdempotencyKeys(orm: Orm): Promise<number> {
  return orm.em.fork().nativeDelete(IdempotencyKey, { expiresAt: { $lte: new Date() } }, { filters: false });
}
