// A fresh, migrated database for one test file: PGlite from the template by default, a
// PostgreSQL database cloned from the template when DATABASE_URL names PostgreSQL.
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { openOrm, type Orm } from '../../src/db/orm.ts';
import { pgliteDriverOptions } from '../../src/db/pglite-options.ts';
import { adminUrl, databaseUrlWith, randomDatabaseName } from './postgres.ts';

export interface TestDatabase {
  orm: Orm;
  /** The DATABASE_URL of this database (a second gateway process can use it on PostgreSQL). */
  url: string;
  close(): Promise<void>;
}

export const onPostgres = (): boolean => /^postgres/.test(process.env.DATABASE_URL ?? '');

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (url && onPostgres()) {
    const name = randomDatabaseName();
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    await admin.query(`create database "${name}" template "${inject('postgresTemplate')}"`);
    const dbUrl = databaseUrlWith(url, name);
    const orm = await openOrm(dbUrl);
    return {
      orm,
      url: dbUrl,
      async close() {
        await orm.close(true);
        await admin.query(`drop database if exists "${name}" with (force)`);
        await admin.end();
      },
    };
  }
  const template = readFileSync(inject('pgliteTemplate'));
  // The gateway's own PGlite options (its extensions: pglite-turns.ts), on a copy of the template.
  const pglite = await PGlite.create({ ...(await pgliteDriverOptions()), loadDataDir: new Blob([template]) });
  const orm = await openOrm('pglite://memory', { driverOptions: { pglite } });
  return {
    orm,
    url: 'pglite://memory',
    async close() {
      await orm.close(true);
      await pglite.close();
    },
  };
}
