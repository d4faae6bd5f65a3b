// The tests' SQL counter (test/support/sql-counter.ts): with `ownOnly`, a statement sent from
// elsewhere while the work runs (a gateway timer) is not the work's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { countSql } from '../support/sql-counter.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.close());

/** A statement through the ORM's connection (its onQuery hook). */
const query = (sql: string) => db.orm.em.getConnection().execute(sql);

describe('countSql', () => {
  /**
   * The work's own statement, and one of a timer-like job set up outside the work (as the
   * gateway's timers are, at start) that sends its statement while the work runs.
   */
  const withOutsideJob = (ownOnly: boolean) => {
    let release = () => {};
    const started = new Promise<void>((resolve) => {
      release = resolve;
    });
    const job = started.then(() => query("select 'job'"));
    return countSql(
      db.orm,
      async () => {
        release();
        await job;
        return query("select 'work'");
      },
      { ownOnly },
    );
  };

  it('counts every statement sent while the work runs, by default', async () => {
    const { statements } = await withOutsideJob(false);
    expect(statements).toHaveLength(2);
  });

  it('with ownOnly, only those sent from the work itself', async () => {
    const { statements } = await withOutsideJob(true);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/'work'/);
  });
});
