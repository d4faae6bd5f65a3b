// The bench's report: one row per scenario, the targets of issue 7 checked (✓/✗), as a
// markdown table (printed and written) and a JSON file under test/bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { LoadResult, LoadSettings } from './load.ts';
import type { Scenario } from './scenarios.ts';

export interface Row {
  scenario: string;
  face: Scenario['face'];
  kind: Scenario['kind'];
  /** null when the scenario was skipped. */
  load: LoadResult | null;
  sqlPerRequest: number | null;
  /** requests/s divided by the baseline's. */
  ratioToBaseline: number | null;
  note: string;
}

export interface Target {
  target: string;
  met: boolean | null;
  detail: string;
}

export interface Report {
  database: string;
  date: string;
  machine: string;
  settings: LoadSettings & { links: number };
  coldStart: { firstStartMs: number; restartMs: number };
  seedMs: number;
  rows: Row[];
  targets: Target[];
}

const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const f1 = (n: number) => n.toFixed(1);

export function checkTargets(rows: Row[], coldStart: Report['coldStart'], connections: number): Target[] {
  const measured = rows.filter((r) => r.load);
  const retrieves = measured.filter((r) => r.kind === 'retrieve' && r.face !== 'baseline');
  const g50 = rows.find((r) => r.scenario.includes('first: 50'))?.sqlPerRequest ?? null;
  const g10 = rows.find((r) => r.scenario.includes('first: 10'))?.sqlPerRequest ?? null;
  const gateway = measured.filter((r) => r.face !== 'baseline');
  const peak = Math.max(0, ...gateway.map((r) => r.load?.peakRssMb ?? 0));
  const none = (what: string): Target => ({ target: what, met: null, detail: 'no scenario measured' });
  return [
    retrieves.length === 0 || retrieves.some((r) => r.ratioToBaseline === null)
      ? none('every REST retrieve >= 50% of baseline req/s')
      : {
          target: 'every REST retrieve >= 50% of baseline req/s',
          met: retrieves.every((r) => (r.ratioToBaseline ?? 0) >= 0.5),
          detail: retrieves.map((r) => `${r.face} ${Math.round((r.ratioToBaseline ?? 0) * 100)}%`).join(', '),
        },
    g50 === null || g10 === null
      ? none('GraphQL SQL statements per request constant in page size')
      : // DataLoader batches per tick, so one batch may split in two depending on timing: a
        // difference of up to one statement is noise; a per-row query would add dozens.
        { target: 'GraphQL SQL statements per request constant in page size', met: g50 <= g10 + 1, detail: `first:10 -> ${f1(g10)}, first:50 -> ${f1(g50)}` },
    retrieves.length === 0
      ? none('REST retrieve p99 < 25 ms at 50 connections')
      : {
          target: `REST retrieve p99 < 25 ms at ${connections} connections`,
          met: retrieves.every((r) => (r.load?.p99Ms ?? Infinity) < 25),
          detail: retrieves.map((r) => `${r.face} ${r.load?.p99Ms} ms`).join(', '),
        },
    gateway.length === 0 ? none('RSS < 250 MB under load') : { target: 'RSS < 250 MB under load', met: peak < 250, detail: `peak ${f0(peak)} MB` },
    { target: 'cold start to ready < 3 s (restart on an existing database)', met: coldStart.restartMs < 3000, detail: `${f0(coldStart.restartMs)} ms (first start on an empty database, with migrations: ${f0(coldStart.firstStartMs)} ms)` },
  ];
}

export function markdown(report: Report): string {
  const s = report.settings;
  const lines = [
    `### ${report.database}`,
    '',
    `${report.date} · ${report.machine} · ${s.connections} connections · ${s.warmupSeconds} s warm-up + ${s.durationSeconds} s per scenario · ${s.links} links seeded in ${f1(report.seedMs / 1000)} s`,
    '',
    '| scenario | req/s | p50 ms | p99 ms | CPU ms/req | peak RSS MB | SQL/req | vs baseline | note |',
    '|---|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const r of report.rows) {
    const l = r.load;
    lines.push(
      `| ${r.scenario} | ${l ? f0(l.requestsPerSecond) : '–'} | ${l ? l.p50Ms : '–'} | ${l ? l.p99Ms : '–'} | ${l?.cpuMsPerRequest == null ? '–' : l.cpuMsPerRequest.toFixed(2)} | ${l ? f0(l.peakRssMb) : '–'} | ${r.sqlPerRequest === null ? '–' : f1(r.sqlPerRequest)} | ${r.ratioToBaseline === null ? '–' : `${Math.round(r.ratioToBaseline * 100)}%`} | ${r.note} |`,
    );
  }
  lines.push('', '| target | | measured |', '|---|:-:|---|');
  for (const t of report.targets) lines.push(`| ${t.target} | ${t.met === null ? '?' : t.met ? '✓' : '✗'} | ${t.detail} |`);
  return lines.join('\n');
}

export function machine(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`;
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
