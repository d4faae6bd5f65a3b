// The start-up's migration check (src/db/pending-migrations.ts): the migrator is skipped only
// when the migrations table lists every migration file; a file it does not list (a newer
// migration), or no table at all, means "pending", and the migrator runs.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hasPendingMigrations, migrationNames } from '../../src/db/pending-migrations.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

it('finds every migration file of src/db/migrations, by the name the table records', () => {
  const names = migrationNames();
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) expect(name).toMatch(/^Migration\d{14}_\w+$/);
});

it('answers "none pending" on a migrated database, and "pending" for a migration the table does not list', async () => {
  expect(await hasPendingMigrations(db.orm)).toBe(false);
  expect(await hasPendingMigrations(db.orm, [...migrationNames(), 'Migration29991231000000_newer'])).toBe(true);
});

it('answers "pending" when the migrations table is not there', async () => {
  const em = db.orm.em.fork();
  await em.getConnection().execute('alter table mikro_orm_migrations rename to mikro_orm_migrations_away');
  try {
    expect(await hasPendingMigrations(db.orm)).toBe(true);
  } finally {
    await em.getConnection().execute('alter table mikro_orm_migrations_away rename to mikro_orm_migrations');
  }
  expect(await hasPendingMigrations(db.orm)).toBe(false);
});
