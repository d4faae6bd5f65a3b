// Whether the database already has every migration of src/db/migrations: one cheap query
// against MikroORM's migrations table, so that a restart on an up-to-date database skips the
// migrator (which imports every migration module and checks the table through its own steps:
// ~40 ms of CPU on a warm restart, most of a second on the first start after an upgrade's files
// change). Any doubt (no table yet, a file the table does not list) answers "pending", and the
// migrator runs as before: a newer migration always runs.
import { readdirSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/core';
import { migrationsDir } from './mikro-orm.config.ts';

const MIGRATION_FILE = /^(?!.*\.d\.ts$)(.+)\.(ts|js)$/;

/** The migrations the folder holds, by the names the migrations table records (file name without extension). */
export function migrationNames(dir: string = migrationsDir): string[] {
  return readdirSync(dir).flatMap((file) => MIGRATION_FILE.exec(file)?.[1] ?? []);
}

export async function hasPendingMigrations(orm: MikroORM, names: string[] = migrationNames()): Promise<boolean> {
  const table = orm.config.get('migrations').tableName ?? 'mikro_orm_migrations';
  try {
    const rows = (await orm.em.getConnection().execute(`select name from ${table}`)) as { name: string }[];
    const done = new Set(rows.map((row) => row.name));
    return names.some((name) => !done.has(name));
  } catch {
    return true;
  }
}
