// Opens the database: MikroORM on PostgreSQL or PGlite, pending migrations applied.
import { mkdirSync } from 'node:fs';
import { MikroORM, type Options } from '@mikro-orm/core';
import { createOrmConfig, pgliteDataDir } from './mikro-orm.config.ts';

export type Orm = MikroORM;

export function isPglite(databaseUrl: string): boolean {
  return databaseUrl.startsWith('pglite://');
}

export async function openOrm(databaseUrl: string, overrides: Partial<Options> = {}): Promise<Orm> {
  if (isPglite(databaseUrl)) {
    const dir = pgliteDataDir(databaseUrl);
    if (dir !== 'memory://' && !overrides.driverOptions) mkdirSync(dir, { recursive: true });
  }
  const orm = await MikroORM.init(createOrmConfig(databaseUrl, overrides));
  await orm.migrator.up();
  return orm;
}
