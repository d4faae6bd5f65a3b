// A metadata patch (Stripe's rule for metadata on update): keys given with a value are set, a key
// given as null or "" is removed, keys not named stay. The service applies it to the row it has
// locked in its transaction, so two concurrent patches of different keys both survive.
import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { z } from 'zod';
import { invalid } from '../../errors.ts';
import { fields, parse } from '../../validate.ts';

/** The patch as given: key -> value, null or "" (its size is checked on the merged result). */
export const metadataPatchField = z.record(z.string().max(100), z.unknown()).refine((m) => Object.keys(m).length <= 100, 'At most 100 keys.');

export type MetadataPatch = Record<string, unknown>;

/** `current` with `patch` applied (a new object). */
export function applyMetadataPatch(current: Record<string, unknown> | null | undefined, patch: MetadataPatch): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === '') delete out[key];
    else out[key] = value;
  }
  return out;
}

/** The merged metadata, held to the rules of metadata (50 keys, 16 KiB), violations at `path`. */
export function patchedMetadata(
  current: Record<string, unknown> | null | undefined,
  patch: MetadataPatch,
  path: string[] = ['metadataPatch'],
): Record<string, unknown> {
  return parse(fields.metadata, applyMetadataPatch(current, patch), path) as Record<string, unknown>;
}

/** metadata replaces, metadataPatch merges: not both in one update. */
export function checkOneMetadataInput(input: { metadata?: unknown; metadataPatch?: unknown }): void {
  if (input.metadata != null && input.metadataPatch != null)
    throw invalid(['metadataPatch'], 'Give at most one of metadata and metadataPatch.', 'METADATA__CONFLICT');
}

/**
 * Loads the row to update in the transaction; locked (FOR UPDATE, fresh from the database) when
 * a metadata patch will be applied to it, so a concurrent patch waits and then merges into ours.
 */
export function findForUpdate<T extends object>(
  em: EntityManager,
  entity: new (...a: never[]) => T,
  where: FilterQuery<T>,
  patching: boolean,
): Promise<T | null> {
  return em.findOne(entity, where, patching ? { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } : {});
}
