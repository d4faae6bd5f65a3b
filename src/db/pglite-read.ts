// The read statements of src/db/fast-read.ts on PGlite: prepared once (SQL PREPARE) and run with
// EXECUTE, instead of sent as a new inlined text every time.
//
// Why: PGlite runs in the gateway's own thread, so the time it spends parsing and planning a
// statement is the gateway's CPU. The nested reads (a link with its items, prices, products and
// plan as JSON, ~3.5-3.9 kB of SQL) took 1-3 ms to plan in EXPLAIN ANALYZE, more than running
// them. Measured inside PGlite from a script, 500 runs each on the bench's data: a Fynn retrieve's
// statement 1.6-1.8 ms CPU inlined and 0.45-0.56 ms as EXECUTE of a prepared statement, Whop's
// 2.0-2.2 and 0.5-0.8, a Fynn list of 10 3.4 and 1.4-2.0, GraphQL first:50's two 6.5-7.6 and
// 2.4-3.4 -> 3.4-3.7 and 1.0-1.3. (Parameters with the same inlined text, `query(text, $n)`, cost
// as much as the inlined text: PGlite's `query` prepares an unnamed statement every time.)
//
// How: the same `$n` text and names as on PostgreSQL (prepared-read.ts); PGlite is one session,
// so a statement prepared once serves every request until the connection is replaced. EXECUTE
// takes the values as literals, quoted as MikroORM quotes the inlined text's values (a list as
// one array literal, for its `= any($n)`).
//
// Safety:
// - PREPARE (and DEALLOCATE) go to the PGlite instance itself, never through MikroORM's client:
//   PGlite runs them when no transaction is open (its transaction lock), so a failure there can
//   never abort a caller's transaction, and they are not awaited by the read that asked (a read
//   inside a transaction would otherwise wait for its own transaction to end). Until a text is
//   prepared, it runs inlined, as before; a text PGlite refuses to prepare runs inlined from then
//   on. EXECUTE goes the way the inlined text went (the request's transaction when there is one).
// - Prepared statements belong to the PGlite session: they are tracked per client (a reconnect
//   starts a new list), and one that has gone missing (SQLSTATE 26000) outside a transaction is
//   run inlined and prepared again.
// - PostgreSQL keeps a generic plan once it finds it no worse than the custom ones, and PGlite
//   has no autovacuum to invalidate it when a table grows (a plan made on an empty table can stay
//   a poor one: measured, an index on two of three equalities kept after 20,000 rows). So each
//   statement is prepared again (DEALLOCATE, PREPARE) after REPREPARE_AFTER executions or
//   REPREPARE_MS, whichever comes first: planned on the tables as they are, at a cost of a few
//   plannings per thousands of reads.
import type { Platform } from '@mikro-orm/core';
import { CompiledQuery } from 'kysely';

type Row = Record<string, unknown>;

interface Executor {
  executeQuery(query: CompiledQuery): Promise<{ rows: Row[] }>;
}

/** What prepared-read.ts knows of a text: its name, its `$n` text and which placeholders take a list. */
export interface PgliteStatement {
  name: string;
  text: string;
  lists: boolean[];
}

/** A statement's uses before it is prepared again, and its age limit. */
export const REPREPARE_AFTER = 20_000;
export const REPREPARE_MS = 60_000;

interface Held {
  uses: number;
  since: number;
}

interface Session {
  /** Prepared in this session, by name. */
  held: Map<string, Held>;
  /** Being prepared: reads of it run inlined meanwhile. */
  pending: Set<string>;
}

/** The PGlite instance (its `exec` takes PGlite's transaction lock). */
export interface Native {
  exec(sql: string): Promise<unknown>;
}

/** Per client (MikroORM's Kysely instance: a reconnect makes a new one, and a new PGlite session). */
const sessions = new WeakMap<object, Session>();
/** Texts PGlite would not prepare (by name): inlined from then on. */
const refused = new Set<string>();
/** Preparations under way (for tests: whenPrepared). */
const underway = new Set<Promise<void>>();

function sessionOf(client: object): Session {
  let session = sessions.get(client);
  if (!session) sessions.set(client, (session = { held: new Map(), pending: new Set() }));
  return session;
}

/** Resolves when every preparation started so far has ended. */
export async function whenPrepared(): Promise<void> {
  while (underway.size > 0) await Promise.all(underway);
}

/** A PostgreSQL array literal of `values` (strings, numbers, booleans), or null for anything else. */
function arrayLiteral(values: unknown[]): string | null {
  const items: string[] = [];
  for (const v of values) {
    if (v === null || v === undefined) items.push('NULL');
    else if (typeof v === 'string') items.push(`"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);
    else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') items.push(String(v));
    else return null;
  }
  return `{${items.join(',')}}`;
}

/** `execute name(v1, ...)` with the values quoted as the inlined text quotes them; null when a value cannot be. */
export function executeText(platform: Platform, statement: PgliteStatement, values: unknown[]): string | null {
  if (values.length === 0) return `execute ${statement.name}`;
  const args: unknown[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (statement.lists[i]) {
      const literal = arrayLiteral(value as unknown[]);
      if (literal === null) return null;
      args[i] = literal;
    } else args[i] = value;
  }
  return platform.formatQuery(`execute ${statement.name}(${values.map(() => '?').join(', ')})`, args);
}

const sqlState = (error: unknown): string | undefined => {
  let e = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 3; depth++, e = e.cause as typeof e) if (typeof e.code === 'string') return e.code;
  return undefined;
};

/**
 * Sent with every PREPARE (a session setting: set again whenever a statement is prepared, so a
 * session reset by DISCARD ALL or a new PGlite instance gets it with its first statement).
 *
 * PostgreSQL's choice (plancache.c, plan_cache_mode = auto) compares the generic plan's cost with
 * the custom plans' plus an estimate of planning. Once the tables have statistics (the upkeep's
 * ANALYZE, pglite-maintenance.ts), a `= any($n)` list is costed as 10 keys: the generic plan of
 * the Fynn V2 plan read (a plan, its tiers, a JSON subquery of items per tier) cost 33 against
 * 10 for a custom plan, so every EXECUTE planned the 3.5 kB text afresh with its values, 0.7-6 ms
 * of planning for 0.2-0.3 ms of work, on the gateway's own thread. Measured inside PGlite on the
 * bench's analyzed data (1,500 EXECUTEs, 2 rounds): 2.1-2.7 CPU ms per EXECUTE with auto,
 * 0.92-1.07 with the generic plan; the Fynn list and Whop retrieve statements were already on
 * their generic plans (planning 0.02-0.04 ms) and stay the same. A generic plan does not go stale
 * here: each statement is prepared again every REPREPARE_MS, planned on the statistics of then.
 * Only the named statements of this file have parameters on PGlite (MikroORM inlines its values).
 */
export const GENERIC_PLANS = 'set plan_cache_mode = force_generic_plan;';

/** Prepares `statement` in the session (again: after DEALLOCATE), in the background. */
function prepare(native: Promise<Native>, session: Session, statement: PgliteStatement, again: boolean): void {
  session.pending.add(statement.name);
  session.held.delete(statement.name);
  const done = (async () => {
    try {
      const pglite = await native;
      const text = `${GENERIC_PLANS} prepare ${statement.name} as ${statement.text}`;
      // One call: nothing runs between the two. Not there after all (26000): prepared afresh.
      if (again)
        await pglite.exec(`deallocate ${statement.name}; ${text}`).catch((e: unknown) => (sqlState(e) === '26000' ? pglite.exec(text) : Promise.reject(e)));
      else await pglite.exec(text);
      session.held.set(statement.name, { uses: 0, since: Date.now() });
    } catch (error) {
      // Already there (42P05): prepared before this process lost track of it; use it.
      // PGlite refused the text (an SQLSTATE): inlined from now on. Anything else (the instance
      // closing): not prepared this time.
      const state = sqlState(error);
      if (state === '42P05') session.held.set(statement.name, { uses: 0, since: Date.now() });
      else if (state) refused.add(statement.name);
    } finally {
      session.pending.delete(statement.name);
    }
  })();
  underway.add(done);
  void done.finally(() => underway.delete(done));
}

/**
 * Runs a fast-read statement on PGlite: EXECUTE of its prepared statement when it is prepared in
 * this session, else `inlined` (and prepares it for the next reads). `client` is the
 * connection's client, `ctx` the transaction's when there is one, `native` the PGlite instance.
 */
export async function selectOnPglite(
  platform: Platform,
  client: Executor & object,
  ctx: Executor | undefined,
  native: () => Promise<Native>,
  statement: PgliteStatement | null,
  values: unknown[] | null,
  inlined: string,
): Promise<Row[]> {
  const executor = ctx ?? client;
  const execute = statement && values && !refused.has(statement.name) ? executeText(platform, statement, values) : null;
  if (!statement || execute === null) return (await executor.executeQuery(CompiledQuery.raw(inlined))).rows;
  const session = sessionOf(client);
  const held = session.held.get(statement.name);
  if (held && held.uses < REPREPARE_AFTER && Date.now() - held.since < REPREPARE_MS) {
    held.uses++;
    try {
      return (await executor.executeQuery(CompiledQuery.raw(execute))).rows;
    } catch (error) {
      // Gone from the session (e.g. DISCARD ALL): outside a transaction, run inlined and prepare again.
      if (ctx || sqlState(error) !== '26000') throw error;
      session.held.delete(statement.name);
      const rows = (await client.executeQuery(CompiledQuery.raw(inlined))).rows;
      if (!session.pending.has(statement.name)) prepare(native(), session, statement, false);
      return rows;
    }
  }
  if (!session.pending.has(statement.name)) prepare(native(), session, statement, Boolean(held));
  return (await executor.executeQuery(CompiledQuery.raw(inlined))).rows;
}
