// A flush whose INSERTs go to PostgreSQL in one round trip. MikroORM sends one INSERT per table
// and awaits each before the next: a link's create is three (its event, the link, its line
// items), each a synchronous socket write and a wait for PostgreSQL (profiled at ~44% of the
// gateway's CPU of a create: the writes). Within `flushInOneTrip`, the flush's plain INSERTs (no
// RETURNING: every id is made here, nothing is read back) are kept instead of sent, and sent
// together when the flush is done: one simple-protocol query of several statements, run in
// order, in the same transaction, so nothing changes but the round trips. A statement that
// fails aborts the ones after it and the transaction, as a flush that fails midway does, and
// its error is converted as the driver converts it (a slug's unique violation is still one).
//
// Only inside a transaction (the statements must not commit one by one) and only on PostgreSQL
// (PGlite runs in the process: no round trip to save; its driver takes one statement a query).
import type { EntityManager } from '@mikro-orm/core';
import { runsOnPglite } from './orm.ts';

type Execute = (query: unknown, params?: unknown[], method?: 'all' | 'get' | 'run', ctx?: unknown, loggerContext?: unknown) => Promise<unknown>;
interface SqlConnection {
  execute: Execute;
}

/** An INSERT kept: its text (`?` placeholders) and values. */
interface Kept {
  query: string;
  params: unknown[];
}
/** The INSERTs kept, by the transaction (context) of the flush keeping them. */
const kept = new WeakMap<object, Kept[]>();
/** Connections whose `execute` keeps INSERTs. */
const keeping = new WeakSet<object>();

/** An INSERT as MikroORM's flush writes it, reading nothing back (placeholders, not values: values cannot match). */
const PLAIN_INSERT = /^insert into "[^"]+" \([^)]*\) values \(/;
const RETURNING = / returning "[^"]*"(, "[^"]*")*$/;

/** Sends the INSERTs kept (and empties the list): one text of `?` placeholders, the values in order. */
async function send(execute: Execute, list: Kept[], ctx: unknown): Promise<void> {
  if (list.length === 0) return;
  const batch = list.splice(0);
  // MikroORM puts the values into the text as it does for every statement: the simple protocol,
  // which takes several statements in one query.
  await execute(
    batch.map((i) => i.query).join(';\n'),
    batch.flatMap((i) => i.params),
    'run',
    ctx,
  );
}

/**
 * Makes the connection keep the INSERTs of a flush in `flushInOneTrip` (once per connection):
 * everything else, and every INSERT of any other transaction, runs as before. Another statement
 * of the flush (an update, a delete) first sends the INSERTs kept before it: the flush's order.
 */
function keepInserts(connection: SqlConnection): void {
  if (keeping.has(connection)) return;
  keeping.add(connection);
  const execute = connection.execute.bind(connection);
  connection.execute = async (query, params = [], method = 'all', ctx, loggerContext) => {
    const list = ctx ? kept.get(ctx) : undefined;
    if (!list) return execute(query, params, method, ctx, loggerContext);
    if (method === 'run' && typeof query === 'string' && PLAIN_INSERT.test(query) && !RETURNING.test(query)) {
      list.push({ query, params });
      // What nativeInsertMany reads of a result: no row comes back (the ids are the entities' own).
      return { affectedRows: 0, insertId: undefined, row: undefined, rows: undefined };
    }
    await send(execute, list, ctx);
    return execute(query, params, method, ctx, loggerContext);
  };
}

/** em.flush(), its INSERTs sent in one round trip when `em` is in a transaction on PostgreSQL. */
export async function flushInOneTrip(em: EntityManager): Promise<void> {
  const ctx = em.isInTransaction() ? (em.getTransactionContext() as object | undefined) : undefined;
  if (!ctx || runsOnPglite(em) || kept.has(ctx)) return em.flush();
  const connection = em.getConnection() as unknown as SqlConnection;
  keepInserts(connection);
  const inserts: Kept[] = [];
  kept.set(ctx, inserts);
  try {
    await em.flush();
  } finally {
    kept.delete(ctx);
  }
  try {
    // No longer kept: the connection's execute runs it.
    await send(connection.execute, inserts, ctx);
  } catch (error) {
    throw em.getDriver().convertException(error as Error);
  }
}
