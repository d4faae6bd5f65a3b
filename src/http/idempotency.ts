// The one idempotency store of every face: a table keyed by organisation + mode + scope + key.
// The first request inserts a `running` row (its own transaction, so a concurrent request with
// the same key sees it at once, across processes); the response is stored when it is done.
import type { EntityManager } from '@mikro-orm/core';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { IdempotencyKey } from '../domain/entities/index.ts';
import type { Orm } from '../db/orm.ts';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

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

export interface IdempotencyStore {
  begin(owner: { organisationId: string; mode: 'test' | 'live' }, scope: string, key: string, fingerprint: string): Promise<IdempotencyBegin>;
}

export function createIdempotencyStore(orm: Orm): IdempotencyStore {
  const emFor = (owner: { organisationId: string; mode: 'test' | 'live' }): EntityManager => {
    const em = orm.em.fork();
    em.setFilterParams('tenant', owner);
    return em;
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
          return {
            kind: 'new',
            async complete(response) {
              await emFor(owner).nativeUpdate(IdempotencyKey, { id: row.id }, {
                state: 'done',
                responseStatus: response.status,
                responseHeaders: response.headers,
                responseBody: response.body,
                updatedAt: new Date(),
              });
            },
            async abandon() {
              await emFor(owner).nativeDelete(IdempotencyKey, { id: row.id });
            },
          };
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
        if (existing.state === 'running' || existing.responseStatus == null) return { kind: 'in_progress' };
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
