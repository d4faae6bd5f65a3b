// Whether the database runs one transaction at a time: PGlite does (one connection, and every
// transaction holds the instance exclusively; one process per data folder, src/db/pglite-lock.ts),
// PostgreSQL does not. Where it does, a value checked free in a transaction stays free until it
// commits: no other transaction can take it meanwhile.
import type { EntityManager } from '@mikro-orm/core';
import { PgliteDriver } from '@mikro-orm/pglite';

export function oneTransactionAtATime(em: EntityManager): boolean {
  return em.config.get('driver') === PgliteDriver;
}
