// Everything events and webhooks need in a gateway process, started and closed with the app:
// the outbox recorder, the secret box, the delivery worker, the session expiry sweeper, the
// event purge, PGlite's upkeep (vacuum, analyze, checkpoints: src/db/pglite-maintenance.ts)
// and the stream of committed events (for GraphQL subscriptions and waking the worker): LISTEN
// cg_event on PostgreSQL (every process sees every event), the in-process bus on PGlite (one
// process per folder).
import { EventEmitter } from 'node:events';
import type { EntityManager } from '@mikro-orm/core';
import pg from 'pg';
import type { Config } from '../config.ts';
import { runsOnPglite, type Orm } from '../db/orm.ts';
import { startPgliteMaintenance } from '../db/pglite-maintenance.ts';
import { eventRecorder, type CommittedEvent } from '../events/recorder.ts';
import { startEventPurge } from '../events/retention.ts';
import { startSessionExpirySweeper } from '../events/session-expiry.ts';
import type { Periodic } from '../periodic.ts';
import { WebhookFormats, type WebhookFormat } from './format.ts';
import { loadSecretKey, secretBox, type SecretBox } from './secret-box.ts';
import { standardFormat } from './standard-format.ts';
import { DeliveryWorker } from './worker.ts';

export const EVENT_CHANNEL = 'cg_event';

export interface WebhookRuntime {
  formats: WebhookFormats;
  box: SecretBox;
  allowPrivateUrls: boolean;
  worker: DeliveryWorker | null;
  sweeper: Periodic | null;
  /** Committed events, from whichever process wrote them (see above). */
  onEvent(listener: (event: CommittedEvent) => void): () => void;
  close(): Promise<void>;
}

interface Logger {
  warn(o: object, m: string): void;
  info?(o: object, m: string): void;
}

/** The runtime of the app an EntityManager belongs to (forks share their ORM's configuration). */
const runtimes = new WeakMap<object, WebhookRuntime>();

export function webhookRuntimeOf(em: EntityManager): WebhookRuntime {
  const runtime = runtimes.get(em.config);
  if (!runtime) throw new Error('webhooks are not set up for this database');
  return runtime;
}

function listenPostgres(url: string, onEvent: (e: CommittedEvent) => void, log: Logger): { ready: Promise<void>; close(): Promise<void> } {
  let client: pg.Client | null = null;
  let closed = false;
  let delay = 100;
  let timer: NodeJS.Timeout | undefined;
  const down = (error?: Error) => {
    if (error && !closed) log.warn({ err: error }, 'event listener lost; reconnecting (polling still delivers webhooks)');
    client?.removeAllListeners();
    client?.end().catch(() => {});
    client = null;
    if (!closed) {
      timer = setTimeout(() => void connect(), delay);
      timer.unref();
      delay = Math.min(delay * 2, 5000);
    }
  };
  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: url, application_name: 'checkout-gateway events' });
    client = c;
    c.on('error', down);
    c.on('end', () => c === client && down(new Error('connection ended')));
    c.on('notification', (msg) => {
      if (msg.channel !== EVENT_CHANNEL || !msg.payload) return;
      try {
        onEvent(JSON.parse(msg.payload) as CommittedEvent);
      } catch {
        /* not ours */
      }
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${EVENT_CHANNEL}`);
      delay = 100;
      if (closed) await c.end().catch(() => {});
    } catch (error) {
      if (c === client) down(error as Error);
    }
  };
  return {
    ready: connect(),
    async close() {
      closed = true;
      clearTimeout(timer);
      const c = client;
      client = null;
      c?.removeAllListeners();
      await c?.end().catch(() => {});
    },
  };
}

export async function startWebhookRuntime(orm: Orm, config: Config, formatList: WebhookFormat[], log: Logger): Promise<WebhookRuntime> {
  const existing = runtimes.get(orm.config);
  if (existing) return existing;
  const bus = eventRecorder(orm);
  const formats = new WebhookFormats([standardFormat, ...formatList]);
  const box = secretBox(loadSecretKey(config));
  const w = config.webhooks;
  const worker = w.worker
    ? new DeliveryWorker({
        orm,
        formats,
        box,
        timeoutMs: w.timeoutMs,
        retrySchedule: w.retrySchedule,
        allowPrivateUrls: w.allowPrivateUrls,
        pollMs: w.pollMs,
        log,
      })
    : null;
  const sweeper = w.worker ? startSessionExpirySweeper(orm, w.sessionExpirySweepMs, log) : null;
  const purge = w.worker ? startEventPurge(orm, log) : null;

  const stream = new EventEmitter();
  stream.setMaxListeners(0);
  const emit = (event: CommittedEvent) => stream.emit('event', event);
  const databaseUrl = orm.config.get('clientUrl');
  const pglite = runsOnPglite(orm) || !databaseUrl;
  // PostgreSQL's autovacuum and checkpointer do this on a server; PGlite has neither.
  const maintenance = runsOnPglite(orm) ? startPgliteMaintenance(orm, log) : null;
  // This process's own commits wake its worker at once; on PGlite they are the only commits.
  // On PostgreSQL the NOTIFY of an event this process committed comes back too: it does not
  // wake the worker a second time (the bus did), only other processes' events do.
  const own = new Set<string>();
  const offBus = bus.on((events) => {
    worker?.wakeForEvents();
    if (pglite) for (const e of events) emit(e);
    else if (worker) {
      for (const e of events) own.add(e.id);
      if (own.size > 10_000) own.clear();
    }
  });
  const listener = pglite
    ? null
    : listenPostgres(
        databaseUrl,
        (e) => {
          if (!own.delete(e.id)) worker?.wakeForEvents();
          emit(e);
        },
        log,
      );
  await listener?.ready;
  worker?.start();

  const runtime: WebhookRuntime = {
    formats,
    box,
    allowPrivateUrls: w.allowPrivateUrls,
    worker,
    sweeper,
    onEvent(l) {
      stream.on('event', l);
      return () => stream.off('event', l);
    },
    async close() {
      runtimes.delete(orm.config);
      offBus();
      await Promise.all([worker?.close(), sweeper?.close(), listener?.close(), maintenance?.close(), purge?.close()]);
    },
  };
  runtimes.set(orm.config, runtime);
  return runtime;
}
