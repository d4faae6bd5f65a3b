// PostgreSQL's background upkeep, done by the gateway on PGlite. PGlite runs PostgreSQL as a
// single-user backend (`postgres --single`): there is no autovacuum launcher, no checkpointer, no
// background writer. Its settings say autovacuum = on and checkpoint_timeout = 300 s, but nothing
// acts on them, so without this module a PGlite folder
// - is never analyzed: the planner never gets statistics of the tables creates fill (and PGlite
//   forgets the statistics counts at every restart, so a pass also analyzes tables with data and
//   no statistics at all);
// - is never vacuumed: dead rows (updated events, purged idempotency keys) stay, and indexes grow;
// - checkpoints only when the WAL reaches max_wal_size (1 GB), synchronously, inside whichever
//   statement crossed it (up to 128 MB of dirty buffers written on the event loop), and a
//   gateway killed meanwhile replays everything since the last checkpoint at its next start.
// A pass, every MAINTENANCE_INTERVAL_MS (and once soon after start), does what autovacuum and the
// checkpointer would: VACUUM / ANALYZE of the tables past PostgreSQL's own autovacuum thresholds
// (read from pg_stat_user_tables and the server's autovacuum_* settings), one statement at a
// time (requests interleave between them; each blocks the event loop while it runs: 6-61 ms per
// table on a bench database of 1,000 links, measured with test/bench/stall-probe.js), and a
// CHECKPOINT once the WAL written since the last one passes CHECKPOINT_WAL_BYTES or
// checkpoint_timeout elapsed.
// The statements go to the PGlite instance itself, not through MikroORM: they wait for an open
// transaction like any query (PGlite's own lock), but stay out of the ORM's query hook and log
// (ORM_DEBUG), so SQL counts per request (tests, the bench) do not see them.
// Durability is unchanged: a checkpoint only writes to the data files what the WAL already holds.
import type { PGlite } from '@electric-sql/pglite';
import type { Orm } from './orm.ts';
import { startPeriodic, type Periodic } from '../periodic.ts';

/** PostgreSQL's autovacuum_naptime. */
export const MAINTENANCE_INTERVAL_MS = 60_000;
export const FIRST_PASS_MS = 2_000;
/** WAL since the last checkpoint that makes a pass checkpoint (below min_wal_size, 80 MB: its segments are recycled, not created anew). */
export const CHECKPOINT_WAL_BYTES = 64 * 1024 * 1024;
/** PostgreSQL's checkpoint_timeout default, when the setting cannot be read. */
export const DEFAULT_CHECKPOINT_TIMEOUT_S = 300;

export interface TableStats {
  table: string;
  /**
   * Whether the table holds data but pg_statistic has nothing on it. PGlite does not keep the
   * statistics counts across a restart (they start at 0 on every open: measured with 0.5.8), so a
   * table filled by an earlier process would otherwise wait for 50 + 10% new changes in this one.
   */
  unanalyzed?: boolean;
  /** pg_class.reltuples: -1 until the table was first vacuumed or analyzed. */
  reltuples: number;
  deadTuples: number;
  modifiedSinceAnalyze: number;
  insertedSinceVacuum: number;
}

export interface Thresholds {
  vacuumThreshold: number;
  vacuumScaleFactor: number;
  vacuumInsertThreshold: number;
  vacuumInsertScaleFactor: number;
  analyzeThreshold: number;
  analyzeScaleFactor: number;
}

/** PostgreSQL's defaults (autovacuum_vacuum_threshold, ...): used when settings cannot be read. */
export const DEFAULT_THRESHOLDS: Thresholds = {
  vacuumThreshold: 50,
  vacuumScaleFactor: 0.2,
  vacuumInsertThreshold: 1000,
  vacuumInsertScaleFactor: 0.2,
  analyzeThreshold: 50,
  analyzeScaleFactor: 0.1,
};

export type TableWork = 'vacuum analyze' | 'analyze' | null;

/** What autovacuum would do to a table now (its formulas, src/backend/postmaster/autovacuum.c). */
export function tableWork(t: TableStats, th: Thresholds = DEFAULT_THRESHOLDS): TableWork {
  const tuples = Math.max(t.reltuples, 0);
  const vacuum =
    t.deadTuples > th.vacuumThreshold + th.vacuumScaleFactor * tuples ||
    (th.vacuumInsertThreshold >= 0 && t.insertedSinceVacuum > th.vacuumInsertThreshold + th.vacuumInsertScaleFactor * tuples);
  if (vacuum) return 'vacuum analyze';
  return t.unanalyzed || t.modifiedSinceAnalyze > th.analyzeThreshold + th.analyzeScaleFactor * tuples ? 'analyze' : null;
}

/**
 * Rows changed since the table's last VACUUM or ANALYZE as its pages tell them, for a process
 * whose statistics counts started at zero (PGlite forgets them at every open): pg_class keeps what
 * the last VACUUM or ANALYZE saw (relpages, reltuples, relallvisible), so the pages the table has
 * now beyond relallvisible hold rows inserted or changed since (not all-visible: an index-only scan
 * visits their heap rows), and the pages beyond relpages rows added since. Each page holds
 * reltuples / relpages rows. E.g. a gateway restarted after 4,000 creates on 1,000 links: its
 * counts say 0, the table has 5x the pages its visibility map covers, and the Fynn list's count
 * (an index-only scan on checkout_link_live_index) fetched the 4,000 new heap rows on every
 * list until the next 1,000 + 20% inserts of this process.
 */
export function changedByPages(pagesNow: number, relpages: number, relallvisible: number, reltuples: number): { inserted: number; modified: number } {
  if (relpages <= 0 || reltuples <= 0) return { inserted: 0, modified: 0 };
  const perPage = reltuples / relpages;
  return { inserted: Math.max(0, pagesNow - relallvisible) * perPage, modified: Math.max(0, pagesNow - relpages) * perPage };
}

/** Whether a checkpoint is due: enough WAL since the last one, or its timeout passed with some WAL. */
export function checkpointDue(walBytes: number, ageSeconds: number, timeoutSeconds: number, limitBytes = CHECKPOINT_WAL_BYTES): boolean {
  return walBytes >= limitBytes || (walBytes > 0 && ageSeconds >= timeoutSeconds);
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function rows<T>(c: PGlite, sql: string): Promise<T[]> {
  return (await c.query<T>(sql)).rows;
}

async function thresholds(c: PGlite): Promise<Thresholds> {
  const settings = await rows<{ name: string; setting: string }>(c, "select name, setting from pg_settings where name like 'autovacuum_%'");
  const get = (name: string, fallback: number) => {
    const value = Number(settings.find((s) => s.name === name)?.setting);
    return Number.isFinite(value) ? value : fallback;
  };
  const d = DEFAULT_THRESHOLDS;
  return {
    vacuumThreshold: get('autovacuum_vacuum_threshold', d.vacuumThreshold),
    vacuumScaleFactor: get('autovacuum_vacuum_scale_factor', d.vacuumScaleFactor),
    vacuumInsertThreshold: get('autovacuum_vacuum_insert_threshold', d.vacuumInsertThreshold),
    vacuumInsertScaleFactor: get('autovacuum_vacuum_insert_scale_factor', d.vacuumInsertScaleFactor),
    analyzeThreshold: get('autovacuum_analyze_threshold', d.analyzeThreshold),
    analyzeScaleFactor: get('autovacuum_analyze_scale_factor', d.analyzeScaleFactor),
  };
}

export interface PassResult {
  vacuumed: string[];
  analyzed: string[];
  checkpoint: boolean;
  /** How long each statement of the pass held PGlite (ms, by statement): requests wait that long. */
  ms: Record<string, number>;
}

/**
 * Tables analyzed in this process because they had no statistics: once each (a table whose rows
 * are all deleted gets none from ANALYZE and would otherwise be analyzed at every pass).
 */
const analyzedUnanalyzed = new WeakMap<object, Set<string>>();

/** One maintenance pass (see the top of this file). */
export async function maintainPglite(orm: Orm, walLimitBytes = CHECKPOINT_WAL_BYTES): Promise<PassResult> {
  // The first pass of this process: the statistics counts began at zero with it (changedByPages).
  const first = !analyzedUnanalyzed.has(orm);
  const once = analyzedUnanalyzed.get(orm) ?? new Set<string>();
  analyzedUnanalyzed.set(orm, once);
  const c = (await (orm.em.getConnection() as unknown as { getNativeClient(): Promise<PGlite> }).getNativeClient()) as PGlite;
  const th = await thresholds(c);
  const tables = await rows<{
    table: string;
    reltuples: number;
    dead: string;
    modified: string;
    inserted: string;
    unanalyzed: boolean;
    pages: number;
    relpages: number;
    allvisible: number;
  }>(
    c,
    `select s.relname as "table", c.reltuples::float8 as reltuples, s.n_dead_tup as dead, s.n_mod_since_analyze as modified,
            s.n_ins_since_vacuum as inserted, c.relpages, c.relallvisible as allvisible,
            (pg_relation_size(c.oid) / current_setting('block_size')::int)::float8 as pages,
            (c.relpages > 0 or pg_relation_size(c.oid) > 0) and not exists (select 1 from pg_statistic p where p.starelid = c.oid) as unanalyzed
       from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      where s.schemaname = current_schema()
      order by s.relname`,
  );
  const result: PassResult = { vacuumed: [], analyzed: [], checkpoint: false, ms: {} };
  const timed = async (statement: string) => {
    const from = performance.now();
    await c.exec(statement);
    result.ms[statement] = Math.round(performance.now() - from);
  };
  for (const t of tables) {
    const byPages = first ? changedByPages(Number(t.pages), Number(t.relpages), Number(t.allvisible), Number(t.reltuples)) : { inserted: 0, modified: 0 };
    const work = tableWork(
      {
        table: t.table,
        reltuples: Number(t.reltuples),
        deadTuples: Number(t.dead),
        modifiedSinceAnalyze: Math.max(Number(t.modified), byPages.modified),
        insertedSinceVacuum: Math.max(Number(t.inserted), byPages.inserted),
        unanalyzed: t.unanalyzed && !once.has(t.table),
      },
      th,
    );
    if (!work) continue;
    if (t.unanalyzed) once.add(t.table);
    await timed(`${work} ${quote(t.table)}`);
    // Never vacuumed nor analyzed before (pg_class knew no rows: changedByPages could not tell):
    // what its first ANALYZE found tells whether a VACUUM is due (rows not all-visible).
    if (work === 'analyze' && first && Number(t.relpages) <= 0 && (await vacuumDue(c, t.table, th))) {
      await timed(`vacuum ${quote(t.table)}`);
      result.vacuumed.push(t.table);
    } else (work === 'analyze' ? result.analyzed : result.vacuumed).push(t.table);
  }
  const [wal] = await rows<{ wal: string; age: number }>(
    c,
    `select (pg_current_wal_lsn() - redo_lsn)::bigint as wal, extract(epoch from now() - checkpoint_time)::float8 as age
       from pg_control_checkpoint()`,
  );
  if (wal && checkpointDue(Number(wal.wal), Number(wal.age), await checkpointTimeoutSeconds(c), walLimitBytes)) {
    await timed('checkpoint');
    result.checkpoint = true;
  }
  return result;
}

/** Whether `table`'s pages not all-visible hold more rows than autovacuum's insert threshold (changedByPages). */
async function vacuumDue(c: PGlite, table: string, th: Thresholds): Promise<boolean> {
  const [t] = await rows<{ pages: number; relpages: number; allvisible: number; reltuples: number }>(
    c,
    `select (pg_relation_size(oid) / current_setting('block_size')::int)::float8 as pages, relpages, relallvisible as allvisible, reltuples::float8 as reltuples
       from pg_class where oid = '${quote(table).replaceAll("'", "''")}'::regclass`,
  );
  if (!t) return false;
  const reltuples = Number(t.reltuples);
  const { inserted } = changedByPages(Number(t.pages), Number(t.relpages), Number(t.allvisible), reltuples);
  const stats = { table, reltuples, deadTuples: 0, modifiedSinceAnalyze: 0, insertedSinceVacuum: inserted };
  return tableWork(stats, th) === 'vacuum analyze';
}

/** checkpoint_timeout in seconds: pg_settings.setting gives it in its unit, seconds (current_setting would give "5min"). */
export async function checkpointTimeoutSeconds(c: PGlite): Promise<number> {
  const [row] = await rows<{ setting: string }>(c, "select setting from pg_settings where name = 'checkpoint_timeout' and unit = 's'");
  const seconds = Number(row?.setting);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_CHECKPOINT_TIMEOUT_S;
}

/**
 * Runs a pass FIRST_PASS_MS after start, then every intervalMs (src/periodic.ts). Statistics
 * counts reach pg_stat_user_tables up to a second after a change: a pass acts on what they showed.
 */
export function startPgliteMaintenance(
  orm: Orm,
  log: { warn(o: object, m: string): void; info?(o: object, m: string): void },
  intervalMs = MAINTENANCE_INTERVAL_MS,
  firstMs = FIRST_PASS_MS,
): Periodic {
  const pass = async () => {
    const done = await maintainPglite(orm);
    // Logged as PostgreSQL logs autovacuum runs (log_autovacuum_min_duration): when it did something.
    if (done.vacuumed.length || done.analyzed.length || done.checkpoint) log.info?.({ pglite: done }, 'PGlite maintenance');
  };
  return startPeriodic('PGlite maintenance', pass, log, { intervalMs, firstMs });
}
