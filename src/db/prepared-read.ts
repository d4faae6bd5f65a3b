// The read statements of src/db/fast-read.ts, sent to PostgreSQL as named prepared statements.
//
// Why: MikroORM's `execute` inlines every value into the text, so each read is a new statement
// that PostgreSQL parses and plans from scratch. For the nested reads (a link with its items,
// prices, products and plan as JSON, ~3.5-3.9 kB of SQL) planning was most of the server's
// time: measured with pg from a script, 2,000 runs each, a Fynn retrieve's statement took
// 0.58 ms inlined and 0.16 ms prepared (Whop's 0.64 and 0.22; the planning alone 0.25-0.35 ms
// in EXPLAIN ANALYZE), on the same two cores the gateway runs on.
//
// How: the text keeps its `?` placeholders, numbered `$1..$n`, and is named by its hash; pg
// prepares a name once per connection and afterwards sends only the values. The statement still
// goes through MikroORM's connection (`prepareQuery`: the `onQuery` hook, which the tests' SQL
// counter uses; `executeQuery`: the query log and its timing) and through the request's
// transaction when there is one.
//
// A list value (`in (?)`, which MikroORM's formatting expands into one literal per value) is sent
// as one array parameter, `= any($n)`: the text is the same whatever the number of keys a
// DataLoader batch holds, so a batch read is prepared once too.
//
// PGlite (in-process; its driver has no named statements) prepares the same texts with SQL
// PREPARE and runs them with EXECUTE: src/db/pglite-read.ts.
//
// Where not: a list value anywhere but in an `in (?)`, and beyond MAX_NAMES distinct texts (limit and offset are part of
// the text: a client paging far must not grow every connection's prepared statements without
// bound). Those run as before.
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { CompiledQuery } from 'kysely';
import { runsOnPglite } from './orm.ts';
import { selectOnPglite, type Native } from './pglite-read.ts';

type Row = Record<string, unknown>;

/** The slice of MikroORM's SQL connection used here (public at run time, partly protected in its types). */
interface SqlConnection {
  execute(sql: string, params: unknown[], method: 'all', ctx?: unknown): Promise<unknown>;
  prepareQuery(sql: string, params: unknown[]): { query: string; params: unknown[]; formatted: string };
  getSql(query: string, formatted: string, loggerContext?: unknown): string;
  executeQuery<T>(sql: string, run: () => Promise<T>, context?: object): Promise<T>;
  getClient(): { executeQuery(query: CompiledQuery): Promise<{ rows: Row[] }> };
  /** PGlite's connection only: the PGlite instance. */
  getNativeClient(): Promise<unknown>;
}
interface Executor {
  executeQuery(query: CompiledQuery): Promise<{ rows: Row[] }>;
}

/** Distinct statement texts prepared at most (per process; each connection prepares those it runs). */
export const MAX_NAMES = 500;
const names = new Map<string, Prepared>();

interface Prepared {
  name: string;
  text: string;
  /** Which placeholders were `in (?)`: their values go as one array each. */
  lists: boolean[];
}

/** `?` numbered `$1..$n`, each `in (?)` turned into `= any($n)`; null for a text it cannot number. */
export function numbered(sql: string): { text: string; lists: boolean[] } | null {
  if (sql.includes('??')) return null;
  const lists: boolean[] = [];
  const text = sql.replace(/ in \(\?\)|\?/g, (match) => {
    lists.push(match !== '?');
    return match === '?' ? `$${lists.length}` : ` = any($${lists.length})`;
  });
  return { text, lists };
}

function preparedOf(sql: string): Prepared | null {
  let known = names.get(sql);
  if (known) return known;
  if (names.size >= MAX_NAMES) return null;
  const numberedText = numbered(sql);
  if (numberedText === null) return null;
  known = { name: `fr_${createHash('sha1').update(numberedText.text).digest('hex').slice(0, 20)}`, ...numberedText };
  names.set(sql, known);
  return known;
}

/** The values as the prepared text takes them, or null when a list is where no `in (?)` is. */
function valuesFor(prepared: Prepared, params: unknown[]): unknown[] | null {
  if (params.length !== prepared.lists.length) return null;
  const values = new Array<unknown>(params.length);
  for (let i = 0; i < params.length; i++) {
    const value = params[i];
    const list = prepared.lists[i] === true;
    if (Array.isArray(value) !== list) {
      if (!list) return null;
      values[i] = [value];
    } else values[i] = value;
  }
  return values;
}

/** Runs a read statement of fast-read (`?` placeholders) and returns its rows. */
export async function selectRows(em: EntityManager, sql: string, params: unknown[]): Promise<Row[]> {
  const connection = em.getConnection() as unknown as SqlConnection;
  const ctx = em.getTransactionContext() as Executor | undefined;
  // Once through the onQuery hook and the query log, whichever way the statement then goes.
  const q = connection.prepareQuery(sql, params);
  const logged = connection.getSql(q.query, q.formatted);
  const prepared = preparedOf(q.query);
  const values = prepared && valuesFor(prepared, q.params);
  if (runsOnPglite(em)) {
    // PGlite: PREPARE once, EXECUTE with the values (src/db/pglite-read.ts).
    const native = () => connection.getNativeClient() as Promise<Native>;
    return connection.executeQuery(logged, () => selectOnPglite(em.getPlatform(), connection.getClient(), ctx, native, prepared, values, q.formatted), q);
  }
  // pg takes a query config with a name as a prepared statement; kysely passes `sql` through.
  const query =
    prepared && values
      ? CompiledQuery.raw({ name: prepared.name, text: prepared.text, toString: () => prepared.text } as unknown as string, values)
      : CompiledQuery.raw(q.formatted);
  return connection.executeQuery(logged, async () => (await (ctx ?? connection.getClient()).executeQuery(query)).rows, q);
}
