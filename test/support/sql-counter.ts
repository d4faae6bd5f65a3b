// Counts the SQL statements MikroORM sends while a piece of work runs: every statement passes
// through the `onQuery` hook of the ORM's configuration (read on each query), so the counter
// sees exactly what the database sees, on PGlite and PostgreSQL alike.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Orm } from '../../src/db/orm.ts';

/** The countSql call (ownOnly) whose work a statement comes from. */
const counting = new AsyncLocalStorage<object>();

export interface SqlCount<T> {
  result: T;
  /** The statements, in order. */
  statements: string[];
  /** The SELECT statements only. */
  selects: string[];
  /** The statements with their parameters (to EXPLAIN a statement as it was sent). */
  calls: { sql: string; params: readonly unknown[] }[];
}

/**
 * Runs `work` and returns its result with the SQL it caused. Statements run concurrently by
 * others count too, unless `ownOnly`: then only those sent from `work`'s own async context (the
 * gateway's timers, such as the webhook worker's poll or the event purge, are left out; so is a
 * request `work` sends over a socket, which the server handles in a context of its own: for
 * direct calls into the core).
 */
export async function countSql<T>(orm: Orm, work: () => Promise<T>, options: { ownOnly?: boolean } = {}): Promise<SqlCount<T>> {
  const statements: string[] = [];
  const calls: SqlCount<T>['calls'] = [];
  const previous = orm.config.get('onQuery');
  const token = {};
  orm.config.set('onQuery', (sql: string, params: readonly unknown[]) => {
    if (!options.ownOnly || counting.getStore() === token) {
      statements.push(sql);
      calls.push({ sql, params: [...params] });
    }
    return previous ? previous(sql, params) : sql;
  });
  try {
    const result = await (options.ownOnly ? counting.run(token, work) : work());
    return { result, statements, selects: statements.filter((s) => /^\s*select\b/i.test(s)), calls };
  } finally {
    orm.config.set('onQuery', previous);
  }
}

/**
 * Matches a joined row of `table` inside a nested read of src/db/fast-read.ts: a scalar subquery
 * by the child's foreign key (`from "price" n0_1 where`); the child itself is aliased `nN_0`.
 */
export const joinedRowOf = (table: string): RegExp => new RegExp(`from "${table}" n\\d+_[1-9]\\d* where`);
