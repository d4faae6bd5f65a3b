// Events are kept EVENT_RETENTION_MS (30 days): older events go, with their deliveries.
import type { Orm } from '../db/orm.ts';
import { startPeriodic, type Periodic, type PeriodicLog } from '../periodic.ts';
import { Event } from '../domain/entities/index.ts';
import { EVENT_RETENTION_MS } from '../domain/entities/event.ts';

export async function purgeOldEvents(orm: Orm, now = new Date()): Promise<number> {
  return orm.em.fork().nativeDelete(Event, { createdAt: { $lt: new Date(now.getTime() - EVENT_RETENTION_MS) } }, { filters: false });
}

/** Purges hourly (and once at start). */
export function startEventPurge(orm: Orm, log: PeriodicLog, intervalMs = 60 * 60 * 1000): Periodic {
  return startPeriodic('event purge', () => purgeOldEvents(orm), log, { intervalMs, firstMs: 1000 });
}
