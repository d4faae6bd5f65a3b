// A transaction's last statement sent with its COMMIT, in one round trip (PostgreSQL): the text
// `<statement>; commit` as one simple-protocol query. A keyed create ends with the statement that
// stores its answer (src/http/idempotency.ts) and then commits: two round trips, each a
// synchronous socket write and a wait for PostgreSQL, for what is one step.
//
// PostgreSQL runs the statements of such a query in order and skips the rest at the first error:
// a statement that fails leaves the transaction uncommitted (aborted), and the caller's
// transaction rolls back as when its COMMIT fails. So a statement that must decide whether the
// transaction commits fails on purpose when it should not (e.g. a division by zero on 0 rows).
//
// Only on PostgreSQL (PGlite: no round trip; its driver takes one statement a query) and only for
// the outermost transaction (a savepoint's release commits nothing).
import type { EntityManager } from '@mikro-orm/core';
import { CompiledQuery } from 'kysely';
import { runsOnPglite } from './orm.ts';

/** The kysely transaction MikroORM's transaction context is (only what is used here). */
interface KyselyTransaction {
  savepointName?: string;
  getExecutor(): { provideConnection<T>(use: (connection: KyselyConnection) => Promise<T>): Promise<T> };
}
interface KyselyConnection {
  executeQuery(query: CompiledQuery, ...rest: unknown[]): Promise<unknown>;
}
type Commit = (ctx: KyselyTransaction, eventBroadcaster?: unknown, loggerContext?: unknown) => Promise<void>;
interface SqlConnection {
  commit: Commit;
  prepareQuery(sql: string, params: unknown[]): { query: string; params: unknown[]; formatted: string };
}

interface Pending {
  query: string;
  params: unknown[];
  /** What the caller throws when the commit fails (the statement's own failure told apart). */
  onError: (error: unknown) => unknown;
}

const pendingOf = new WeakMap<object, Pending>();
const wrapped = new WeakSet<object>();

/** Makes the connection send a statement registered by `withCommit` with its transaction's COMMIT (once per connection). */
function commitWithPending(connection: SqlConnection): void {
  if (wrapped.has(connection)) return;
  wrapped.add(connection);
  const commit = connection.commit.bind(connection);
  connection.commit = async (ctx, eventBroadcaster, loggerContext) => {
    const pending = pendingOf.get(ctx);
    if (!pending) return commit(ctx, eventBroadcaster, loggerContext);
    pendingOf.delete(ctx);
    // Through the onQuery hook and MikroORM's formatting, as every statement.
    const { formatted } = connection.prepareQuery(pending.query, pending.params);
    // The transaction's one connection: its next `commit` (sent by kysely's commitTransaction)
    // goes with the statement. Only that one: kysely releases the connection to the pool right
    // after it, so the connection is restored before the COMMIT is sent, and another request's
    // statements on it never see this.
    const target = await ctx.getExecutor().provideConnection(async (c) => c);
    const own = Object.hasOwn(target, 'executeQuery');
    const executeQuery = target.executeQuery;
    const restore = () => {
      if (target.executeQuery !== once) return; // restored already
      if (own) target.executeQuery = executeQuery;
      else delete (target as Partial<KyselyConnection>).executeQuery;
    };
    const once: KyselyConnection['executeQuery'] = (query, ...rest) => {
      // Anything before the COMMIT (a beforeTransactionCommit subscriber's statement) runs as it is.
      if (typeof query.sql !== 'string' || query.sql.trim().toLowerCase() !== 'commit') return executeQuery.call(target, query, ...rest);
      restore();
      return executeQuery.call(target, CompiledQuery.raw(`${formatted};\ncommit`), ...rest);
    };
    target.executeQuery = once;
    try {
      await commit(ctx, eventBroadcaster, loggerContext);
    } catch (error) {
      throw pending.onError(error);
    } finally {
      restore();
    }
  };
}

/**
 * Registers `query` (`?` placeholders, `params`) to run with the COMMIT of `em`'s transaction,
 * in the same round trip; its failure (or the commit's) is `onError(error)`, thrown by the
 * transaction's commit, which then rolls back. False when it cannot (PGlite, no transaction, a
 * savepoint, a statement already registered): run the statement now instead.
 */
export function withCommit(em: EntityManager, query: string, params: unknown[], onError: (error: unknown) => unknown): boolean {
  if (runsOnPglite(em) || !em.isInTransaction()) return false;
  const ctx = em.getTransactionContext() as KyselyTransaction | undefined;
  if (!ctx || ctx.savepointName || pendingOf.has(ctx)) return false;
  commitWithPending(em.getConnection() as unknown as SqlConnection);
  pendingOf.set(ctx, { query, params, onError });
  return true;
}
