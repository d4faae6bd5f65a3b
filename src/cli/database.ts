// Opens the gateway's database for a CLI run, refusing a PGlite folder a gateway holds.
import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../config.ts';
import { migrationsOptions, pgliteDataDir } from '../db/mikro-orm.config.ts';
import { isPglite, openOrm, type Orm } from '../db/orm.ts';
import { lockPglite, pgliteHolder } from '../db/pglite-lock.ts';
import { ensurePostgresDatabase, MissingDatabaseError } from '../db/ensure-database.ts';
import { CliError } from './usage.ts';

export interface CliDatabase {
  orm: Orm;
  /** A fresh EntityManager (no tenant filter params: callers scope every query themselves). */
  em(): EntityManager;
  close(): Promise<void>;
}

export async function openCliDatabase(config: Config): Promise<CliDatabase> {
  let release = (): void => {};
  if (isPglite(config.databaseUrl)) {
    const dir = pgliteDataDir(config.databaseUrl);
    if (dir === 'memory://') throw new CliError('DATABASE_URL is pglite://memory: the CLI needs a database that outlives it (a PGlite folder or PostgreSQL).');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    const holder = pgliteHolder(dir);
    if (holder) {
      throw new CliError(`The PGlite folder ${dir} is in use by a running gateway (pid ${holder}). Stop it first, or use the GraphQL API with ADMIN_TOKEN.`);
    }
    release = lockPglite(dir);
  } else {
    try {
      await ensurePostgresDatabase(config.databaseUrl);
    } catch (error) {
      if (error instanceof MissingDatabaseError) throw new CliError(error.message);
      throw error;
    }
  }
  let orm: Orm;
  try {
    // Pending migrations are applied as at gateway start, without the migrator's log lines.
    orm = await openOrm(config.databaseUrl, { migrations: { ...migrationsOptions, silent: true } });
  } catch (error) {
    release();
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CliError(`Cannot open the database ${describe(config.databaseUrl)}: ${message}`);
  }
  return {
    orm,
    em: () => orm.em.fork(),
    async close() {
      await orm.close(true);
      release();
    },
  };
}

/** The database URL without a password. */
export function describe(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
