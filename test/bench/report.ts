// The bench's report: one row per scenario and pass, the targets of issue 17 checked (✓/✗), as
// markdown tables (printed and written) and a JSON file under test/bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { REQUESTS_PER_KEY, type LoadResult, type LoadSettings } from './load.ts';
import type { Scenario } from './scenarios.ts';
import { webhookMarkdown, type WebhookBenchResult } from './webhooks.ts';

/** 'defaults' (as `npm start`), 'defaults + Redis' (REDIS_URL set), 'tuned' (beside, never instead), 'baseline'. */
export type Pass = 'defaults' | 'defaults + Redis' | 'tuned' | 'baseline';

export interface Row {
  scenario: string;
  pass: Pass;
  face: Scenario['face'];
  kind: Scenario['kind'];
  /** null when the scenario was skipped. */
  load: LoadResult | null;
  sqlPerRequest: number | null;
  /** Expected answers per second divided by those of the baseline of the row's kind. */
  ratioToBaseline: number | null;
  note: string;
}

export interface Target {
  target: string;
  met: boolean | null;
  detail: string;
}

export interface Report {
  database: 'PostgreSQL' | 'PGlite' | string;
  date: string;
  machine: string;
  settings: LoadSettings & { links: number };
  /**
   * restartMs: the median of `restartsMs`, restarts on the seeded database with nothing else
   * running (before the load); restartCpuMs: the median CPU the process used until ready. Older
   * results have one restart (the first pass's) and neither list.
   */
  coldStart: { firstStartMs: number; restartMs: number; restartsMs?: number[]; restartCpuMs?: number };
  seedMs: number;
  rows: Row[];
  targets: Target[];
  /** The webhook scenario (webhooks.ts); null or absent when not run. */
  webhooks?: WebhookBenchResult | null;
}

const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const f1 = (n: number) => n.toFixed(1);
const pct = (r: number | null) => (r === null ? '?' : `${Math.round(r * 100)}%`);

/** The baseline row a gateway row is compared with: retrieve for retrieves and lists, create, GraphQL of the same page size. */
export function baselineOf(row: Pick<Row, 'kind' | 'scenario'>, rows: readonly Row[]): Row | undefined {
  const base = rows.filter((r) => r.pass === 'baseline');
  if (row.kind === 'retrieve' || row.kind === 'list') return base.find((r) => r.kind === 'retrieve');
  if (row.kind === 'create') return base.find((r) => r.kind === 'create');
  const first = /first: (\d+)/.exec(row.scenario)?.[1];
  return base.find((r) => r.kind === 'query' && /first: (\d+)/.exec(r.scenario)?.[1] === first);
}

/** Sets every row's ratioToBaseline (expected answers per second, in the same run). */
export function setRatios(rows: Row[]): void {
  for (const row of rows) {
    const base = baselineOf(row, rows)?.load?.okPerSecond ?? 0;
    row.ratioToBaseline = row.load && base > 0 ? row.load.okPerSecond / base : null;
  }
}

function ratioTarget(what: string, rows: Row[], min: number): Target {
  if (rows.length === 0 || rows.some((r) => r.ratioToBaseline === null)) return { target: what, met: null, detail: 'not measured' };
  return {
    target: what,
    met: rows.every((r) => (r.ratioToBaseline ?? 0) >= min),
    detail: rows.map((r) => `${r.scenario}${r.pass === 'defaults' ? '' : ` (${r.pass})`} ${pct(r.ratioToBaseline)}`).join(', '),
  };
}

/** The targets of issue 17, over the rows at defaults (with and without Redis); tuned rows never count. */
export function checkTargets(rows: Row[], coldStart: Report['coldStart'], connections: number, database: string): Target[] {
  const defaults = rows.filter((r) => (r.pass === 'defaults' || r.pass === 'defaults + Redis') && r.load);
  const of = (kind: Row['kind']) => defaults.filter((r) => r.kind === kind);
  const sqlOf = (first: number) =>
    rows.find((r) => r.pass === 'defaults' && r.kind === 'query' && r.scenario.includes(`first: ${first})`))?.sqlPerRequest ?? null;
  const g50 = sqlOf(50);
  const g10 = sqlOf(10);
  const peak = Math.max(0, ...defaults.map((r) => r.load?.peakRssMb ?? 0));
  const basePeak = Math.max(0, ...rows.filter((r) => r.pass === 'baseline' && r.load).map((r) => r.load?.peakRssMb ?? 0));
  const restartLimit = /postgres/i.test(database) ? 1000 : 2000;
  const retrieves = of('retrieve');
  return [
    ratioTarget('every retrieve >= 60% of the baseline', retrieves, 0.6),
    retrieves.length === 0
      ? { target: 'retrieve p99 < 25 ms', met: null, detail: 'not measured' }
      : {
          target: `retrieve p99 < 25 ms at ${connections} connections`,
          met: retrieves.every((r) => (r.load?.p99Ms ?? Infinity) < 25),
          detail: retrieves.map((r) => `${r.scenario.replace(/ retrieve$/, '')}${r.pass === 'defaults' ? '' : ' (Redis)'} ${r.load?.p99Ms} ms`).join(', '),
        },
    ratioTarget('every list of 10 >= 40% of the baseline', of('list'), 0.4),
    ratioTarget('every create >= 25% of the create baseline', of('create'), 0.25),
    ratioTarget(
      'GraphQL first:50 deep >= 1.0x the GraphQL baseline',
      of('query').filter((r) => r.scenario.includes('first: 50')),
      1,
    ),
    g50 === null || g10 === null
      ? { target: 'GraphQL SQL statements per request constant in page size', met: null, detail: 'not measured' }
      : // Above 10 links the plans are read after the page (one statement more, by design:
        // src/db/fast-read.ts), and DataLoader batches per tick, so a batch may split in two
        // depending on timing (a fraction of a statement on average); a per-row query would add
        // dozens.
        { target: 'GraphQL SQL statements per request constant in page size', met: g50 < g10 + 2, detail: `first:10 -> ${f1(g10)}, first:50 -> ${f1(g50)}` },
    defaults.length === 0 || basePeak === 0
      ? { target: 'peak RSS <= 2x the baseline', met: null, detail: 'not measured' }
      : {
          target: 'peak RSS <= 2x the baseline',
          met: peak <= 2 * basePeak,
          detail: `gateway ${f0(peak)} MB, baseline ${f0(basePeak)} MB (${f1(peak / basePeak)}x)`,
        },
    {
      target: `cold start to ready < ${restartLimit / 1000} s (restart on an existing database)`,
      met: coldStart.restartMs < restartLimit,
      detail: `${f0(coldStart.restartMs)} ms${
        coldStart.restartsMs?.length
          ? `, median of ${coldStart.restartsMs.length} restarts (${coldStart.restartsMs.map(f0).join(', ')} ms; CPU until ready ${f0(coldStart.restartCpuMs ?? 0)} ms)`
          : ''
      } (first start on an empty database, with migrations: ${f0(coldStart.firstStartMs)} ms)`,
    },
  ];
}

export function markdown(report: Report): string {
  const s = report.settings;
  const lines = [
    `### ${report.database}`,
    '',
    `${report.date} · ${report.machine} · ${s.connections} connections, one API key each at a time (a fresh one every ${REQUESTS_PER_KEY.toLocaleString('en-US')} requests) · ${s.warmupSeconds} s warm-up + ${s.durationSeconds} s per scenario · ${s.links} links seeded in ${f1(report.seedMs / 1000)} s`,
    '',
    '| scenario | pass | ok req/s | p50 ms | p99 ms | CPU ms/req | peak RSS MB | SQL/req | vs baseline | 429s | note |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const r of report.rows) {
    const l = r.load;
    lines.push(
      `| ${r.scenario} | ${r.pass} | ${l ? f0(l.okPerSecond) : '–'} | ${l ? l.p50Ms : '–'} | ${l ? l.p99Ms : '–'} | ${l?.cpuMsPerRequest == null ? '–' : l.cpuMsPerRequest.toFixed(2)} | ${l ? f0(l.peakRssMb) : '–'} | ${r.sqlPerRequest === null ? '–' : f1(r.sqlPerRequest)} | ${r.ratioToBaseline === null ? '–' : pct(r.ratioToBaseline)} | ${l ? f0(l.rateLimited) : '–'} | ${r.note} |`,
    );
  }
  lines.push('', '| target (rows at defaults) | | measured |', '|---|:-:|---|');
  for (const t of report.targets) lines.push(`| ${t.target} | ${t.met === null ? '?' : t.met ? '✓' : '✗'} | ${t.detail} |`);
  if (report.webhooks) lines.push('', webhookMarkdown(report.webhooks));
  return lines.join('\n');
}

export function machine(): string {
  const c = cpus();
  // The load average tells a quiet machine from a shared one (CPU ms per request is the steadier figure).
  return `${c.length} × ${c[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)} at the end of the run`;
}

/** Writes results/<name>.md and .json (name: latest-pglite or latest-postgres). */
export function writeReport(dir: string, name: string, report: Report): string[] {
  mkdirSync(dir, { recursive: true });
  const md = `${dir}/${name}.md`;
  const js = `${dir}/${name}.json`;
  writeFileSync(md, `${markdown(report)}\n`);
  writeFileSync(js, `${JSON.stringify(report, null, 2)}\n`);
  return [md, js];
}
