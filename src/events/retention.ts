// Events are kept EVENT_RETENTION_MS (30 days): older events go, with their deliveries.
import type { Orm } from '../db/orm.ts';
import { Event } from '../domain/entities/index.ts';
import { EVENT_RETENTION_MS } from '../domain/entities/event.ts';

export async function purgeOldEvents(orm: Orm, now = new Date()): Promise<number> {
  return orm.em.fork().nativeDelete(Event, { createdAt: { $lt: new Date(now.getTime() - EVENT_RETENTION_MS) } }, { filters: false });
}

/** Purges hourly (and once at start). */
export function startEventPurge(orm: Orm, log: { warn(o: object, m: string): void }, intervalMs = 60 * 60 * 1000): { close(): void } {
  const run = () => void purgeOldEvents(orm).catch((error) => log.warn({ err: error }, 'event purge failed'));
  const timer = setInterval(run, intervalMs);
  timer.unref();
  const first = setTimeout(run, 1000);
  first.unref();
  return {
    close() {
      clearInterval(timer);
      clearTimeout(first);
    },
  };
}
