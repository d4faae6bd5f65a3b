// The session expiry sweeper: open sessions past their expiry become EXPIRED (and, through the
// recorder, emit `checkout_session.expired` in the same transaction). Batches are claimed with
// FOR UPDATE SKIP LOCKED, so several gateway processes sweep side by side without expiring a
// session twice, and a buyer completing a session at that moment either wins (the session is
// complete, not expired) or waits for the sweep's commit.
import { LockMode } from '@mikro-orm/core';
import type { Orm } from '../db/orm.ts';
import { CheckoutSession } from '../domain/entities/index.ts';
import { startPeriodic, type Periodic, type PeriodicLog } from '../periodic.ts';

export const EXPIRY_BATCH = 200;

/** Expires one batch of overdue open sessions; returns how many. */
export async function expireOverdueSessions(orm: Orm, now = new Date(), batch = EXPIRY_BATCH): Promise<number> {
  return orm.em.fork().transactional(async (em) => {
    const due = await em.find(
      CheckoutSession,
      { status: 'open', expiresAt: { $lte: now } },
      { filters: false, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, limit: batch, orderBy: { expiresAt: 'asc' } },
    );
    for (const session of due) session.status = 'expired';
    await em.flush();
    return due.length;
  });
}

/**
 * Sweeps once at start and then every `intervalMs` (src/periodic.ts: never two sweeps at once, a
 * failure logged and retried at the next interval), batch after batch until none is overdue;
 * `close` stops between batches and waits for the batch in progress.
 */
export function startSessionExpirySweeper(orm: Orm, intervalMs: number, log: PeriodicLog, batch = EXPIRY_BATCH): Periodic {
  let closing = false;
  const sweep = async () => {
    for (let n = batch; n === batch && !closing; ) n = await expireOverdueSessions(orm, new Date(), batch);
  };
  const periodic = startPeriodic('session expiry sweep', sweep, log, { intervalMs, firstMs: 0 });
  return {
    close() {
      closing = true;
      return periodic.close();
    },
  };
}
