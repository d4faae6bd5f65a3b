// Opens the database: MikroORM on PostgreSQL or PGlite, pending migrations applied (the migrator
// runs only when pending-migrations.ts finds one).
import { mkdirSync } from 'node:fs';
import { type EntityManager, MikroORM, type Options } from '@mikro-orm/core';
import pg from 'pg';
import { createOrmConfig, pgliteDataDir } from './mikro-orm.config.ts';
import { hasPendingMigrations } from './pending-migrations.ts';

export type Orm = MikroORM;

export function isPglite(databaseUrl: string): boolean {
  return databaseUrl.startsWith('pglite://');
}

/**
 * Whether `orm` (or an EntityManager of it) runs on PGlite: by its driver's name, as MikroORM's
 * own CLI tells drivers apart, so that nothing on PostgreSQL has to load the PGlite package to
 * compare driver classes. PGlite runs one transaction at a time (one connection; one process per
 * data folder, src/db/pglite-lock.ts): a value checked free in a transaction stays free until it
 * commits.
 */
export function runsOnPglite(orm: Pick<Orm, 'config'> | Pick<EntityManager, 'config'>): boolean {
  return orm.config.get('driver')?.name === 'PgliteDriver';
}

/**
 * The key of the PostgreSQL advisory lock every process (gateway, CLI) holds while it applies
 * migrations and runs the first-start bootstrap. Without it, two processes starting together on
 * one database race the migrations (`pg_type_typname_nsp_index`, `relation "mikro_orm_migrations"
 * already exists`) and the bootstrap (`organisation_slug_unique`). Advisory locks are scoped to
 * the current database, so processes on other databases of the same server never wait for it.
 * The value is arbitrary but fixed ("cgstart\0" as a big-endian bigint); never change it while
 * older versions may still start against the same database.
 */
export const STARTUP_LOCK_KEY = '7162820676044354560';

/** Opens the database and applies pending migrations (on PostgreSQL under the start-up lock). */
export async function openOrm(databaseUrl: string, overrides: Partial<Options> = {}): Promise<Orm> {
  return (await openOrmThen(databaseUrl, overrides, async () => undefined)).orm;
}

/**
 * openOrm, then `work` (the gateway's first-start bootstrap) before the start-up lock is
 * released, so that no other process migrates or bootstraps the same database in between.
 */
export async function openOrmThen<T>(
  databaseUrl: string,
  overrides: Partial<Options>,
  work: (orm: Orm) => Promise<T>,
): Promise<{ orm: Orm; result: T /** Whether this call applied migrations. */; migrated: boolean }> {
  if (isPglite(databaseUrl)) {
    // One process per PGlite folder (pglite-lock.ts), so there is nobody to race.
    const dir = pgliteDataDir(databaseUrl);
    if (dir !== 'memory://' && !overrides.driverOptions) mkdirSync(dir, { recursive: true });
    return migrateThen(await MikroORM.init(await createOrmConfig(databaseUrl, overrides)), work);
  }
  const orm = await MikroORM.init(await createOrmConfig(databaseUrl, overrides));
  try {
    return await withStartupLock(databaseUrl, () => migrateThen(orm, work));
  } catch (error) {
    await orm.close(true).catch(() => {});
    throw error;
  }
}

async function migrateThen<T>(orm: Orm, work: (orm: Orm) => Promise<T>): Promise<{ orm: Orm; result: T; migrated: boolean }> {
  const migrated = await hasPendingMigrations(orm);
  if (migrated) await orm.migrator.up();
  return { orm, result: await work(orm), migrated };
}

/**
 * Runs `work` while holding the session-level advisory lock STARTUP_LOCK_KEY on one dedicated
 * connection (a pool would hand lock and unlock to different sessions). The lock goes with the
 * session, so a process killed while holding it releases it too.
 */
async function withStartupLock<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  // A connection lost while waiting or holding: the query in flight rejects; keep the process up.
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1::bigint)', [STARTUP_LOCK_KEY]);
    try {
      return await work();
    } finally {
      await client.query('select pg_advisory_unlock($1::bigint)', [STARTUP_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}
