// The PostgreSQL backends' CPU of a window (database-cpu.ts, used by trace.ts and ab-lists.ts):
// a backend that did its work before the window and ends during it (the other gateway's pool
// closing, in ab-lists) counts nothing, and a backend that starts during the window counts what
// it used. PostgreSQL only, and only on this machine's server: the figure is read from /proc of
// the backends, which PGlite (in-process) does not have.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/database.ts';
import { databaseCpu } from './database-cpu.ts';

let db: TestDatabase | undefined;
beforeAll(async () => {
  if (onPostgres()) db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

/** Keeps a backend busy for a while (a sum over a few million rows). */
const busy = (client: pg.Client, rows: number) => client.query(`select sum(i) from generate_series(1, ${rows}) i`);

it.runIf(onPostgres())('counts the backends alive at the end of a window, and none that ended during it', async () => {
  const url = (db as TestDatabase).url;
  const cpu = await databaseCpu(process.env.DATABASE_URL as string, url);
  const early = new pg.Client({ connectionString: url });
  await early.connect();
  await busy(early, 6_000_000); // several hundred ms of CPU before the window
  const measure = await cpu.start();
  await early.end(); // ends during the window
  const late = new pg.Client({ connectionString: url });
  await late.connect();
  await busy(late, 1_500_000);
  await new Promise((r) => setTimeout(r, 50)); // the backend's CPU reaches /proc
  const used = await measure();
  await late.end();
  await cpu.end();
  // The late backend's work (tens of ms at least), and not minus what the early one used before.
  expect(used).toBeGreaterThan(0);
});
