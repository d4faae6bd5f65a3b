// Counts the SQL statements MikroORM sends while a piece of work runs: every statement passes
// through the `onQuery` hook of the ORM's configuration (read on each query), so the counter
// sees exactly what the database sees, on PGlite and PostgreSQL alike.
import type { Orm } from '../../src/db/orm.ts';

export interface SqlCount<T> {
  result: T;
  /** The statements, in order. */
  statements: string[];
  /** The SELECT statements only. */
  selects: string[];
  /** The statements with their parameters (to EXPLAIN a statement as it was sent). */
  calls: { sql: string; params: readonly unknown[] }[];
}

/** Runs `work` and returns its result with the SQL it caused (statements run concurrently by others count too). */
export async function countSql<T>(orm: Orm, work: () => Promise<T>): Promise<SqlCount<T>> {
  const statements: string[] = [];
  const calls: SqlCount<T>['calls'] = [];
  const previous = orm.config.get('onQuery');
  orm.config.set('onQuery', (sql: string, params: readonly unknown[]) => {
    statements.push(sql);
    calls.push({ sql, params: [...params] });
    return previous ? previous(sql, params) : sql;
  });
  try {
    const result = await work();
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
