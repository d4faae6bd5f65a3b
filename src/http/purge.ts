// Scheduled purge of old rows (a timer in each gateway process, unref'd; PURGE_INTERVAL_MS, 0 =
// off): expired idempotency keys, and checkout sessions never completed whose expiry is more
// than SESSION_RETENTION_DAYS past. It only deletes old rows: turning an open session past its
// expiry into an expired one (and its events) is the expiry sweeper's job, a separate module.
// Several processes purging at once is harmless (the same idempotent DELETEs).
import type { FastifyBaseLogger } from 'fastify';
import type { Orm } from '../db/orm.ts';
import { CheckoutSession } from '../domain/entities/index.ts';
import { purgeExpiredIdempotencyKeys } from './idempotency.ts';
import { startPeriodic } from '../periodic.ts';

export interface PurgeOptions {
  intervalMs: number;
  sessionRetentionDays: number;
}

/** Sessions never completed (open or expired) whose expiry is older than the retention. */
export async function purgeAbandonedSessions(orm: Orm, retentionDays: number): Promise<number> {
  const before = new Date(Date.now() - retentionDays * 24 * 60 * 60 * 1000);
  return orm.em.fork().nativeDelete(CheckoutSession, { status: { $in: ['open', 'expired'] }, expiresAt: { $lt: before } }, { filters: false });
}

export async function purgeOnce(orm: Orm, options: PurgeOptions): Promise<{ idempotencyKeys: number; sessions: number }> {
  const idempotencyKeys = await purgeExpiredIdempotencyKeys(orm);
  const sessions = await purgeAbandonedSessions(orm, options.sessionRetentionDays);
  return { idempotencyKeys, sessions };
}

/** Starts the timer; returns its stop function. */
export function schedulePurge(orm: Orm, options: PurgeOptions, log: FastifyBaseLogger): () => void {
  if (options.intervalMs <= 0) return () => {};
  const purge = async () => {
    const purged = await purgeOnce(orm, options);
    if (purged.idempotencyKeys || purged.sessions) log.info({ purged }, 'purged old rows');
  };
  const periodic = startPeriodic('purge', purge, log, { intervalMs: options.intervalMs });
  return () => void periodic.close();
}
