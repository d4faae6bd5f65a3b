// The session expiry sweeper: open sessions past their expiry become EXPIRED (and, through the
// recorder, emit `checkout_session.expired` in the same transaction). Batches are claimed with
// FOR UPDATE SKIP LOCKED, so several gateway processes sweep side by side without expiring a
// session twice, and a buyer completing a session at that moment either wins (the session is
// complete, not expired) or waits for the sweep's commit.
import { LockMode } from '@mikro-orm/core';
import type { Orm } from '../db/orm.ts';
import { CheckoutSession } from '../domain/entities/index.ts';

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

export interface Sweeper {
  /** Runs a sweep now (tests); resolves with the number of sessions expired. */
  sweep(): Promise<number>;
  close(): Promise<void>;
}

/** Sweeps every `intervalMs` (and once at start), batch after batch until none is overdue. */
export function startSessionExpirySweeper(orm: Orm, intervalMs: number, log: { warn(o: object, m: string): void }): Sweeper {
  let running: Promise<number> | null = null;
  let closed = false;
  const sweep = (): Promise<number> => {
    running ??= (async () => {
      let total = 0;
      try {
        for (let n = EXPIRY_BATCH; n === EXPIRY_BATCH && !closed; total += n) n = await expireOverdueSessions(orm);
      } catch (error) {
        if (!closed) log.warn({ err: error }, 'session expiry sweep failed; retrying at the next interval');
      } finally {
        running = null;
      }
      return total;
    })();
    return running;
  };
  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  const first = setTimeout(() => void sweep(), 0);
  first.unref();
  return {
    sweep,
    async close() {
      closed = true;
      clearInterval(timer);
      clearTimeout(first);
      await running;
    },
  };
}
