// The one idempotency store of every face: a table keyed by organisation + mode + scope + key.
// The first request inserts a `running` row (its own transaction, so a concurrent request with
// the same key sees it at once, across processes); the response is stored when it is done.
// A `running` row is a lease: its holder renews updated_at while the handler runs, and a row not
// renewed for IDEMPOTENCY_LEASE_MS belongs to a process that died (kill -9, OOM, power loss).
// A retry takes such a row over, atomically, and runs the request again.
import type { EntityManager } from '@mikro-orm/core';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { IdempotencyKey } from '../domain/entities/index.ts';
import type { Orm } from '../db/orm.ts';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * How long a `running` key stays reserved without a sign of life from its request. Older, it
 * is abandoned: the process running it died before storing a response, and the next request with
 * the key runs again instead of answering "in progress" (409) for the key's whole 24 h life.
 * A live request renews its lease every IDEMPOTENCY_LEASE_MS / 3, so a slow request is never
 * taken over; only a process stalled for a whole lease (or a clock off by that much between
 * gateway hosts) could be. After a crash, a retry within the lease still answers 409.
 */
export const IDEMPOTENCY_LEASE_MS = 60_000;

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  /** The body exactly as sent, for a byte-identical replay. */
  body: string;
}

export type IdempotencyBegin =
  | { kind: 'new'; complete(response: StoredResponse): Promise<void>; abandon(): Promise<void> }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

type Owner = { organisationId: string; mode: 'test' | 'live' };

export interface IdempotencyStore {
  begin(owner: Owner, scope: string, key: string, fingerprint: string): Promise<IdempotencyBegin>;
}

/**
 * updated_at "equal to" a value read back as a JS Date: the same millisecond. The column keeps
 * microseconds, a Date only milliseconds, so a stamp written by SQL (now()) would never compare
 * equal. Every stamp this store writes is at least a renewal interval after the one it replaces.
 */
const sameMillisecond = (at: Date) => ({ $gte: at, $lt: new Date(at.getTime() + 1) });

/** `leaseMs`: IDEMPOTENCY_LEASE_MS unless a test needs a short one. */
export function createIdempotencyStore(orm: Orm, options: { leaseMs?: number } = {}): IdempotencyStore {
  const leaseMs = options.leaseMs ?? IDEMPOTENCY_LEASE_MS;
  const emFor = (owner: Owner): EntityManager => {
    const em = orm.em.fork();
    em.setFilterParams('tenant', owner);
    return em;
  };

  /**
   * The request that holds row `id` since `since` (its updated_at): renews it while the handler
   * runs; stores or drops it only while still holding it (a request that lost its lease, taken
   * over after a stall, must not overwrite or delete the row of the one that took it).
   */
  const hold = (owner: Owner, id: string, since: Date): IdempotencyBegin & { kind: 'new' } => {
    let stamp = since;
    let renewing: Promise<unknown> = Promise.resolve();
    const held = () => ({ id, state: 'running' as const, updatedAt: sameMillisecond(stamp) });
    const renew = async () => {
      const next = new Date();
      if ((await emFor(owner).nativeUpdate(IdempotencyKey, held(), { updatedAt: next })) === 1) stamp = next;
      else clearInterval(timer); // taken over: nothing left to renew
    };
    const timer = setInterval(() => (renewing = renewing.then(renew).catch(() => {})), Math.max(1, Math.floor(leaseMs / 3)));
    timer.unref();
    const release = async () => {
      clearInterval(timer);
      await renewing; // the last renewal decides which stamp we hold
    };
    return {
      kind: 'new',
      async complete(response) {
        await release();
        await emFor(owner).nativeUpdate(IdempotencyKey, held(), {
          state: 'done',
          responseStatus: response.status,
          responseHeaders: response.headers,
          responseBody: response.body,
          updatedAt: new Date(),
        });
      },
      async abandon() {
        await release();
        await emFor(owner).nativeDelete(IdempotencyKey, held());
      },
    };
  };

  return {
    async begin(owner, scope, key, fingerprint) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const em = emFor(owner);
        const row = em.create(IdempotencyKey, {
          organisation: owner.organisationId,
          mode: owner.mode,
          scope,
          key,
          fingerprint,
          state: 'running',
          expiresAt: new Date(Date.now() + IDEMPOTENCY_TTL_MS),
        });
        try {
          await em.flush();
          return hold(owner, row.id, row.updatedAt);
        } catch (error) {
          if (!(error instanceof UniqueConstraintViolationException)) throw error;
        }
        const existing = await emFor(owner).findOne(IdempotencyKey, { scope, key });
        if (!existing) continue; // abandoned in between: try again
        if (existing.expiresAt.getTime() <= Date.now()) {
          await emFor(owner).nativeDelete(IdempotencyKey, { id: existing.id, expiresAt: { $lte: new Date() } });
          continue;
        }
        if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
        if (existing.state === 'running') {
          if (Date.now() - existing.updatedAt.getTime() < leaseMs) return { kind: 'in_progress' };
          // Abandoned: take it over. Of concurrent takers (or a late renewal by its holder) only
          // the first UPDATE matches the old updated_at; the others look again.
          const takenAt = new Date();
          const won = await emFor(owner).nativeUpdate(IdempotencyKey, { id: existing.id, state: 'running', updatedAt: sameMillisecond(existing.updatedAt) }, { updatedAt: takenAt });
          if (won === 1) return hold(owner, existing.id, takenAt);
          continue;
        }
        if (existing.responseStatus == null) return { kind: 'in_progress' };
        return {
          kind: 'replay',
          response: { status: existing.responseStatus, headers: existing.responseHeaders ?? {}, body: existing.responseBody ?? '' },
        };
      }
      return { kind: 'in_progress' };
    },
  };
}

/** Deletes expired keys (run now and then; rows also expire lazily on reuse). */
export async function purgeExpiredIdempotencyKeys(orm: Orm): Promise<number> {
  return orm.em.fork().nativeDelete(IdempotencyKey, { expiresAt: { $lte: new Date() } }, { filters: false });
}
