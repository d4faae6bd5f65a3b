// The entities, the migrations' snapshot and the database the migrations build agree:
// - `npm run migration:create` finds nothing to write (an entity changed without its migration
//   and snapshot fails here);
// - every index the migrations create is known to the entities, so a schema diff against a
//   migrated database (MikroORM's schema:update, a generated migration without the snapshot)
//   never proposes dropping one. Hand-written objects the entities cannot describe (the NOTIFY
//   triggers, column defaults set in SQL) are left out of the second check.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

it('migration:create finds no change between the entities and the snapshot', async () => {
  expect(await db.orm.migrator.checkSchema()).toBe(false);
});

it('a schema diff against the migrated database drops and creates no index', async () => {
  const sql = await db.orm.schema.getUpdateSchemaSQL({ wrap: false });
  const indexStatements = sql.split('\n').filter((line) => /\bindex\b/i.test(line));
  expect(indexStatements).toEqual([]);
});
