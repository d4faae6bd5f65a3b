// PGlite runs PostgreSQL single-user: no autovacuum, no checkpointer. src/db/pglite-maintenance.ts
// does their work from the gateway: these tests check its decisions (PostgreSQL's autovacuum
// formulas) and, on PGlite, that a pass really vacuums, analyzes and checkpoints.
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkpointDue,
  changedByPages,
  checkpointTimeoutSeconds,
  DEFAULT_THRESHOLDS,
  maintainPglite,
  startPgliteMaintenance,
  tableWork,
} from '../../src/db/pglite-maintenance.ts';
import { runsOnPglite } from '../../src/db/orm.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/database.ts';

const stats = { table: 't', reltuples: -1, deadTuples: 0, modifiedSinceAnalyze: 0, insertedSinceVacuum: 0 };

describe('autovacuum decisions', () => {
  it('analyzes a never-analyzed table past 50 changed rows, not before', () => {
    expect(tableWork({ ...stats, modifiedSinceAnalyze: 50 })).toBe(null);
    expect(tableWork({ ...stats, modifiedSinceAnalyze: 51 })).toBe('analyze');
  });
  it('scales the thresholds with the table (reltuples)', () => {
    expect(tableWork({ ...stats, reltuples: 10_000, modifiedSinceAnalyze: 1000 })).toBe(null);
    expect(tableWork({ ...stats, reltuples: 10_000, modifiedSinceAnalyze: 1051 })).toBe('analyze');
    expect(tableWork({ ...stats, reltuples: 10_000, deadTuples: 2051 })).toBe('vacuum analyze');
    expect(tableWork({ ...stats, reltuples: 10_000, deadTuples: 2050 })).toBe(null);
  });
  it('vacuums insert-only tables (visibility map) past 1000 + 20% inserted rows', () => {
    expect(tableWork({ ...stats, insertedSinceVacuum: 1001, modifiedSinceAnalyze: 1001 })).toBe('vacuum analyze');
    expect(tableWork({ ...stats, insertedSinceVacuum: 1001 }, { ...DEFAULT_THRESHOLDS, vacuumInsertThreshold: -1 })).toBe(null);
  });
  it('tells the rows changed since the last VACUUM or ANALYZE by the pages (counts lost at restart)', () => {
    // 27 pages of 1,000 rows, all visible at the last VACUUM; 135 pages now: ~4,000 rows since.
    expect(changedByPages(135, 27, 27, 1000)).toEqual({ inserted: 4000, modified: 4000 });
    expect(changedByPages(27, 27, 27, 1000)).toEqual({ inserted: 0, modified: 0 });
    expect(changedByPages(27, 27, 0, 1000)).toEqual({ inserted: 1000, modified: 0 });
    expect(changedByPages(5, 0, 0, -1)).toEqual({ inserted: 0, modified: 0 });
  });
  it('checkpoints past the WAL limit, or after checkpoint_timeout when there is WAL', () => {
    expect(checkpointDue(64 * 1024 * 1024, 0, 300)).toBe(true);
    expect(checkpointDue(1024, 10, 300)).toBe(false);
    expect(checkpointDue(1024, 301, 300)).toBe(true);
    expect(checkpointDue(0, 10_000, 300)).toBe(false);
  });
});

describe.skipIf(onPostgres())('a maintenance pass on PGlite', () => {
  let db: TestDatabase;
  const query = async <T>(sql: string) => (await db.orm.em.getConnection().execute(sql)) as T[];
  const tableStats = async () =>
    (
      await query<{ last_vacuum: Date | null; last_analyze: Date | null; n_mod_since_analyze: string; n_dead_tup: string }>(
        "select last_vacuum, last_analyze, n_mod_since_analyze, n_dead_tup from pg_stat_user_tables where relname = 'maintenance_probe'",
      )
    )[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    expect(runsOnPglite(db.orm)).toBe(true);
    await query('create table maintenance_probe (id int primary key, v text)');
  });
  afterAll(async () => db?.close());

  it("reads checkpoint_timeout in seconds from pg_settings (300: PostgreSQL's 5min)", async () => {
    const native = (await (db.orm.em.getConnection() as unknown as { getNativeClient(): Promise<PGlite> }).getNativeClient()) as PGlite;
    expect((await native.query<{ t: string }>("select current_setting('checkpoint_timeout') as t")).rows[0]?.t).toBe('5min');
    expect(await checkpointTimeoutSeconds(native)).toBe(300);
  });

  it('finds the changes (PGlite keeps statistics counts) and nobody else acts on them', async () => {
    await query("insert into maintenance_probe select i, 'x' from generate_series(1, 3000) i");
    await query("update maintenance_probe set v = 'y' where id <= 1500");
    // A backend flushes its statistics counts at most once a second, at its next statement.
    await new Promise((r) => setTimeout(r, 1100));
    await query('select 1');
    const s = await tableStats();
    expect(Number(s?.n_mod_since_analyze)).toBeGreaterThanOrEqual(4500);
    expect(Number(s?.n_dead_tup)).toBeGreaterThanOrEqual(1500);
    // PGlite's single-user backend has no autovacuum: nothing vacuumed or analyzed it.
    expect(s?.last_vacuum).toBe(null);
    expect(s?.last_analyze).toBe(null);
  });

  it('vacuums and analyzes the tables past the thresholds, and checkpoints past the WAL limit', async () => {
    const before = (await query<{ redo: string }>('select redo_lsn::text as redo from pg_control_checkpoint()'))[0]?.redo;
    const result = await maintainPglite(db.orm, 1);
    expect(result.vacuumed).toContain('maintenance_probe');
    expect(result.checkpoint).toBe(true);
    // How long each statement held the database, for the log line.
    expect(result.ms['vacuum analyze "maintenance_probe"']).toBeGreaterThanOrEqual(0);
    expect(result.ms.checkpoint).toBeGreaterThanOrEqual(0);
    expect(Object.keys(result.ms)).toHaveLength(result.vacuumed.length + result.analyzed.length + 1);
    const s = await tableStats();
    expect(s?.last_vacuum).not.toBe(null);
    expect(Number(s?.n_dead_tup)).toBe(0);
    expect(Number(s?.n_mod_since_analyze)).toBe(0);
    const after = (await query<{ redo: string }>('select redo_lsn::text as redo from pg_control_checkpoint()'))[0]?.redo;
    expect(after).not.toBe(before);
    // Planner statistics now exist for the table.
    const planned = await query<{ n: string }>("select count(*) as n from pg_stats where tablename = 'maintenance_probe'");
    expect(Number(planned[0]?.n)).toBeGreaterThan(0);
  });

  it('does nothing to a table without changes, and no checkpoint without WAL', async () => {
    const result = await maintainPglite(db.orm, 1);
    expect(result.vacuumed).not.toContain('maintenance_probe');
    expect(result.analyzed).not.toContain('maintenance_probe');
  });

  it('analyzes a table with data but no statistics even when the counts say nothing changed (PGlite forgets them at restart), once', async () => {
    await query('create table maintenance_restart (id int, v text)');
    await query("insert into maintenance_restart select i, 'x' from generate_series(1, 500) i");
    await new Promise((r) => setTimeout(r, 1100));
    await query('select 1');
    // What a restart of PGlite leaves: the data, no statistics, counts at zero.
    await query('select pg_stat_reset()');
    const counts = await query<{ n: string }>("select n_mod_since_analyze as n from pg_stat_user_tables where relname = 'maintenance_restart'");
    expect(Number(counts[0]?.n)).toBe(0);
    expect(tableWork({ ...stats, reltuples: 500 })).toBe(null);
    const first = await maintainPglite(db.orm);
    expect(first.analyzed).toContain('maintenance_restart');
    const planned = await query<{ n: string }>("select count(*) as n from pg_stats where tablename = 'maintenance_restart'");
    expect(Number(planned[0]?.n)).toBe(2);
    // No statistics again (as ANALYZE leaves for a table whose rows are all deleted): not analyzed twice.
    await query("delete from pg_statistic where starelid = 'maintenance_restart'::regclass");
    const second = await maintainPglite(db.orm);
    expect(second.analyzed).not.toContain('maintenance_restart');
  });

  it('runs a pass by itself soon after start, and close() waits for it', async () => {
    await query('delete from maintenance_probe where id > 2000');
    await new Promise((r) => setTimeout(r, 1100));
    await query('select 1');
    expect(Number((await tableStats())?.n_dead_tup)).toBe(1000);
    const warnings: object[] = [];
    const passes: object[] = [];
    const m = startPgliteMaintenance(db.orm, { warn: (o) => warnings.push(o), info: (o) => passes.push(o) }, 60_000, 10);
    for (let i = 0; i < 200 && passes.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await m.close();
    expect(warnings).toEqual([]);
    expect(passes).toEqual([{ pglite: expect.objectContaining({ vacuumed: ['maintenance_probe'] }) }]);
    expect(Number((await tableStats())?.n_dead_tup)).toBe(0);
  });
});

describe.skipIf(onPostgres())('the first maintenance pass of a process on PGlite', () => {
  let db: TestDatabase;
  const query = async <T>(sql: string) => (await db.orm.em.getConnection().execute(sql)) as T[];

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());

  it('vacuums a table grown since its last VACUUM by an earlier process (its counts at zero), then goes by the counts', async () => {
    const native = (await (db.orm.em.getConnection() as unknown as { getNativeClient(): Promise<PGlite> }).getNativeClient()) as PGlite;
    await query('create table maintenance_grown (id int primary key, v text)');
    await query("insert into maintenance_grown select i, 'x' from generate_series(1, 1000) i");
    await native.exec('vacuum analyze maintenance_grown');
    await query("insert into maintenance_grown select i, 'x' from generate_series(1001, 5000) i");
    // And one filled by an earlier process that never vacuumed nor analyzed it.
    await query('create table maintenance_never (id int primary key, v text)');
    await query("insert into maintenance_never select i, 'x' from generate_series(1, 3000) i");
    await query('create table maintenance_small (id int primary key, v text)');
    await query("insert into maintenance_small select i, 'x' from generate_series(1, 500) i");
    await new Promise((r) => setTimeout(r, 1100));
    await query('select 1');
    // What a restart of PGlite leaves: pg_class as the last VACUUM left it, the counts at zero.
    await query('select pg_stat_reset()');
    const first = await maintainPglite(db.orm);
    expect(first.vacuumed).toContain('maintenance_grown');
    expect(first.vacuumed).toContain('maintenance_never');
    // Below the insert threshold (1,000 rows): analyzed only, as autovacuum would.
    expect(first.analyzed).toContain('maintenance_small');
    expect(first.vacuumed).not.toContain('maintenance_small');
    const [never] = await query<{ relpages: number; relallvisible: number }>(
      "select relpages, relallvisible from pg_class where relname = 'maintenance_never'",
    );
    expect(Number(never?.relallvisible)).toBe(Number(never?.relpages));
    const [vm] = await query<{ relpages: number; relallvisible: number }>("select relpages, relallvisible from pg_class where relname = 'maintenance_grown'");
    expect(Number(vm?.relallvisible)).toBe(Number(vm?.relpages));
    // Later passes go by this process's counts only.
    await query("insert into maintenance_grown select i, 'x' from generate_series(5001, 5100) i");
    await native.exec('analyze maintenance_grown');
    const second = await maintainPglite(db.orm);
    expect(second.vacuumed).not.toContain('maintenance_grown');
  });
});
