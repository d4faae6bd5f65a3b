// Tells a process when an API key changed, so that a cache of authenticated keys can never
// outlive a revocation:
//   - this process's own writes: a MikroORM subscriber sees every flushed ApiKey change;
//   - every other writer (another gateway, the CLI, psql) on PostgreSQL: the trigger of
//     Migration20261121030000_api_key_notify NOTIFYs `cg_api_key_changed`, and a dedicated
//     connection LISTENs.
// `live()` is true only while no change can go unseen: on PostgreSQL while the LISTEN
// connection is up (every (re)connect clears the cache first); on PGlite always, because its
// folder is locked to one process (src/db/pglite-lock.ts).
import type { EventSubscriber, FlushEventArgs, TransactionEventArgs } from '@mikro-orm/core';
import pg from 'pg';
import type { ApiKey } from '../domain/entities/index.ts';
import { runsOnPglite, type Orm } from './orm.ts';

export const API_KEY_CHANNEL = 'cg_api_key_changed';

export interface ApiKeyChangeHandlers {
  /** One key changed or was deleted; `pending` while its transaction has not ended yet. */
  changed(keyId: string, pending?: boolean, committed?: boolean): void | Promise<void>;
  /** Changes may have been missed: forget everything. */
  reset(): void;
}

export interface ApiKeySignal {
  live(): boolean;
  close(): Promise<void>;
}

interface Logger {
  warn(obj: object, msg: string): void;
}

/** The changes the trigger announces (see its WHEN): a new key can't be in anyone's cache. */
const WATCHED = ['revokedAt', 'scopes', 'mode', 'organisation', 'secretHash'];
const announced = (type: string, payload: object | undefined): boolean =>
  type === 'delete' || (type === 'update' && WATCHED.some((prop) => payload !== undefined && prop in payload));

/** One subscriber per ORM, fanning out to every app built on it (tests build several). */
const fanOut = new WeakMap<Orm, Set<ApiKeyChangeHandlers>>();

function subscribe(orm: Orm, handlers: ApiKeyChangeHandlers): () => void {
  let targets = fanOut.get(orm);
  if (!targets) {
    const set = new Set<ApiKeyChangeHandlers>();
    targets = set;
    fanOut.set(orm, set);
    // Keys changed by a unit of work that has not committed yet: announced when flushed (the
    // cache then stops storing them) and again when the transaction ends (a read that raced the
    // commit may have seen the old row).
    const open = new WeakMap<object, Set<string>>();
    const announce = (id: string, pending: boolean, committed = false) => Promise.all([...set].map((t) => t.changed(id, pending, committed)));
    const subscriber: EventSubscriber = {
      onFlush: (args: FlushEventArgs) => {
        for (const cs of args.uow.getChangeSets()) {
          if (cs.meta.className !== 'ApiKey' || !announced(cs.type, cs.payload)) continue;
          const id = String((cs.entity as ApiKey).id);
          let ids = open.get(args.uow);
          if (!ids) open.set(args.uow, (ids = new Set()));
          if (!ids.has(id)) {
            ids.add(id);
            void announce(id, true);
          }
        }
      },
      afterTransactionCommit: (args: TransactionEventArgs) => settle(args, true),
      afterTransactionRollback: (args: TransactionEventArgs) => settle(args, false),
    };
    // Awaited by MikroORM before the transaction's caller goes on: see watchApiKeys.
    const settle = async (args: TransactionEventArgs, committed: boolean) => {
      if (args.transaction?.savepointName) return; // a nested transaction: the outer one settles
      const ids = args.uow && open.get(args.uow);
      if (!ids || !args.uow) return;
      open.delete(args.uow);
      await Promise.all([...ids].map((id) => announce(id, false, committed)));
    };
    orm.em.getEventManager().registerSubscriber(subscriber);
  }
  const set = targets;
  set.add(handlers);
  return () => set.delete(handlers);
}

/** LISTENs on its own connection; reconnects with back-off; `up` is true while listening. */
function listenPostgres(url: string, handlers: ApiKeyChangeHandlers, log: Logger) {
  let client: pg.Client | null = null;
  let up = false;
  let closed = false;
  let delay = 100;
  let timer: NodeJS.Timeout | undefined;
  /** Notifications received per key id, and who waits for the next one. */
  const received = new Map<string, number>();
  const waiters = new Map<string, Set<() => void>>();
  const onNotification = (id: string) => {
    if (received.size > 10_000) received.clear();
    received.set(id, (received.get(id) ?? 0) + 1);
    for (const wake of waiters.get(id) ?? []) wake();
    handlers.changed(id, false);
  };

  const down = (error?: Error) => {
    if (up && error) log.warn({ err: error }, 'API key change listener lost; the key cache is off until it reconnects');
    up = false;
    handlers.reset();
    client?.removeAllListeners();
    client?.end().catch(() => {});
    client = null;
    if (!closed) {
      timer = setTimeout(connect, delay);
      timer.unref();
      delay = Math.min(delay * 2, 5_000);
    }
  };
  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: url, application_name: 'checkout-gateway listener' });
    client = c;
    c.on('error', down);
    c.on('end', () => c === client && down(new Error('connection ended')));
    c.on('notification', (msg) => msg.channel === API_KEY_CHANNEL && msg.payload && onNotification(msg.payload));
    try {
      await c.connect();
      await c.query(`LISTEN ${API_KEY_CHANNEL}`);
      if (closed) return void c.end().catch(() => {});
      handlers.reset();
      up = true;
      delay = 100;
    } catch (error) {
      if (c === client) down(error as Error);
    }
  };
  const ready = connect();
  return {
    ready,
    live: () => up,
    count: (id: string) => received.get(id) ?? 0,
    /** Resolves once more than `seen` notifications for `id` arrived (or after `timeoutMs`). */
    waitFor(id: string, seen: number, timeoutMs: number): Promise<void> {
      if ((received.get(id) ?? 0) > seen || !up) return Promise.resolve();
      return new Promise((resolve) => {
        const set = waiters.get(id) ?? new Set();
        waiters.set(id, set);
        const done = () => {
          clearTimeout(t);
          set.delete(wake);
          if (set.size === 0) waiters.delete(id);
          resolve();
        };
        const wake = () => {
          if ((received.get(id) ?? 0) > seen) done();
        };
        const t = setTimeout(done, timeoutMs);
        set.add(wake);
      });
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      up = false;
      const c = client;
      client = null;
      c?.removeAllListeners();
      await c?.end().catch(() => {});
    },
  };
}

/**
 * Watches key changes for `handlers`. On PostgreSQL, a transaction of this process that changed
 * a key returns only once this process's own LISTEN connection has received the NOTIFY for it
 * (at most 1 s). PostgreSQL queues it for every listener at commit, so by the time a revocation
 * is answered the other gateways have normally been told as well; each still reads it from its
 * own connection, so another process may refuse the key a few milliseconds later, not earlier.
 */
export async function watchApiKeys(orm: Orm, handlers: ApiKeyChangeHandlers, log: Logger): Promise<ApiKeySignal> {
  // PGlite: one process per folder (src/db/pglite-lock.ts), so this process's flushes are all
  // the changes there are. (Its config carries a default clientUrl: don't go by that.)
  const databaseUrl = orm.config.get('clientUrl');
  if (runsOnPglite(orm) || !databaseUrl) {
    const unsubscribe = subscribe(orm, handlers);
    return { live: () => true, close: async () => unsubscribe() };
  }
  const listener = listenPostgres(databaseUrl, handlers, log);
  const marks = new Map<string, number>();
  const unsubscribe = subscribe(orm, {
    reset: () => handlers.reset(),
    changed(id, pending, committed) {
      void handlers.changed(id, pending);
      if (pending) {
        if (!marks.has(id)) marks.set(id, listener.count(id));
        return;
      }
      const seen = marks.get(id);
      marks.delete(id);
      return seen === undefined || !committed ? undefined : listener.waitFor(id, seen, 1_000);
    },
  });
  await listener.ready;
  return {
    live: listener.live,
    async close() {
      unsubscribe();
      await listener.close();
    },
  };
}
