// `npm run bench`: the gateway against the physical limit of a DB-backed endpoint.
//
//   1. a fresh database (PGlite folder, or `cg_bench_<random>` on the DATABASE_URL server);
//   2. gateway start #1 (first start: migrations + bootstrap key), seed through GraphQL, stop;
//   3. gateway start #2 (cold start on an existing database), each scenario probed, then
//      warm-up + measured autocannon run with the gateway's RSS sampled; stop;
//   4. gateway start #3 with ORM_DEBUG=1: SQL statements per request of each scenario; stop;
//   5. the baseline (test/bench/baseline.ts, one SQL query) on the same database: same load;
//   6. the table, the targets, test/bench/results/latest-<database>.{md,json}.
//
// Env: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, 5), BENCH_CONNECTIONS (50),
// BENCH_LINKS (1000), BENCH_SQL_SAMPLES (requests per SQL count, 20), BENCH_ONLY (a regular
// expression: only the scenarios whose name matches), DATABASE_URL.
// Every process started here is stopped and the database removed, also on failure or Ctrl-C.
import { fileURLToPath } from 'node:url';
import { createBenchDatabase, type BenchDatabase } from './database.ts';
import { startGateway, type RunningGateway } from './gateway.ts';
import { runLoad, type LoadSettings } from './load.ts';
import { freePort, start, stop, stopAll, waitReady } from './processes.ts';
import { checkTargets, machine, markdown, writeReport, type Report, type Row } from './report.ts';
import { baselineScenario, buildScenarios, probe, type Scenario } from './scenarios.ts';
import { graphqlClient, seed, type Seeded } from './seed.ts';
import { sqlPerRequest } from './sql-count.ts';

const HERE = fileURLToPath(new URL('./', import.meta.url));

function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min} (got ${JSON.stringify(raw)})`);
  return n;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

interface GatewayRun {
  restartMs: number;
  /** The gateway's PUBLIC_URL and its LeanRails retrieve of the baseline's first link. */
  publicUrl: string;
  leanRailsLink: unknown;
}

async function measureGateway(db: BenchDatabase, scenarios: Scenario[], settings: LoadSettings, rows: Map<string, Row>, reference: Scenario): Promise<GatewayRun> {
  const gateway = await startGateway(db.url);
  log(`gateway restarted on the seeded database: ready in ${Math.round(gateway.coldStartMs)} ms`);
  const first = reference.next();
  const leanRails = await fetch(gateway.baseUrl + first.path, { headers: first.headers });
  const leanRailsLink = leanRails.status === 200 ? await leanRails.json() : null;
  const pid = gateway.child.proc.pid as number;
  for (const scenario of scenarios) {
    const p = await probe(gateway.baseUrl, scenario);
    const row: Row = { scenario: scenario.name, face: scenario.face, kind: scenario.kind, load: null, sqlPerRequest: null, ratioToBaseline: null, note: '' };
    rows.set(scenario.name, row);
    if (!p.ok) {
      row.note = `skipped: ${p.note}`;
      log(`  - ${scenario.name}: skipped, ${p.note}`);
      continue;
    }
    row.load = await runLoad(gateway.baseUrl, pid, scenario, settings);
    if (row.load.requests === 0) row.note = 'no request completed within the run (too slow for its length)';
    else if (row.load.failures > 0) row.note = `${row.load.failures} of ${row.load.requests} requests failed (${row.load.failureDetail})`;
    log(`  - ${scenario.name}: ${Math.round(row.load.requestsPerSecond)} req/s, p50 ${row.load.p50Ms} ms, p99 ${row.load.p99Ms} ms, CPU ${row.load.cpuMsPerRequest?.toFixed(2) ?? '?'} ms/req, RSS ${Math.round(row.load.peakRssMb)} MB${row.note ? ` (${row.note})` : ''}`);
  }
  await stop(gateway.child);
  return { restartMs: gateway.coldStartMs, publicUrl: gateway.baseUrl, leanRailsLink };
}

async function countSql(db: BenchDatabase, scenarios: Scenario[], samples: number, rows: Map<string, Row>): Promise<void> {
  const gateway: RunningGateway = await startGateway(db.url, { sqlDebug: true });
  for (const scenario of scenarios) {
    const row = rows.get(scenario.name);
    if (!row?.load) continue;
    row.sqlPerRequest = await sqlPerRequest(gateway, scenario, samples);
    log(`  - ${scenario.name}: ${row.sqlPerRequest === null ? 'failed' : row.sqlPerRequest.toFixed(1)} SQL statements per request`);
  }
  await stop(gateway.child);
}

/** The baseline must answer what the LeanRails retrieve answers: the top-level keys that differ. */
function differences(expected: unknown, actual: unknown): string[] {
  if (expected === null || typeof expected !== 'object') return ['(no LeanRails retrieve to compare with)'];
  const a = (actual ?? {}) as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  return [...new Set([...Object.keys(e), ...Object.keys(a)])].filter((k) => JSON.stringify(e[k]) !== JSON.stringify(a[k]));
}

async function measureBaseline(db: BenchDatabase, seeded: Seeded, key: string, settings: LoadSettings, gateway: GatewayRun): Promise<Row> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const since = performance.now();
  const child = start({
    name: 'baseline',
    args: [`${HERE}baseline.ts`],
    // The gateway's PUBLIC_URL, so that `url` is the same string in both answers.
    env: { ...process.env, DATABASE_URL: db.url, PORT: String(port), PUBLIC_URL: gateway.publicUrl },
  });
  await waitReady(child, `${baseUrl}/readyz`, since);
  const scenario = baselineScenario(seeded, key);
  const row: Row = { scenario: scenario.name, face: 'baseline', kind: 'retrieve', load: null, sqlPerRequest: 1, ratioToBaseline: 1, note: 'hand-written Fastify + one SQL query' };
  const first = scenario.next();
  const same = differences(gateway.leanRailsLink, await (await fetch(baseUrl + first.path, { headers: first.headers })).json());
  row.note += same.length === 0 ? '; same JSON as the LeanRails retrieve' : `; JSON differs from the LeanRails retrieve in: ${same.join(', ')}`;
  log(`  baseline JSON ${same.length === 0 ? 'equals' : `differs from (${same.join(', ')})`} the LeanRails retrieve`);
  const p = await probe(baseUrl, scenario);
  if (!p.ok) throw new Error(`the baseline does not answer: ${p.note}`);
  row.load = await runLoad(baseUrl, child.proc.pid as number, scenario, settings);
  log(`  - ${scenario.name}: ${Math.round(row.load.requestsPerSecond)} req/s, p50 ${row.load.p50Ms} ms, p99 ${row.load.p99Ms} ms, CPU ${row.load.cpuMsPerRequest?.toFixed(2) ?? '?'} ms/req, RSS ${Math.round(row.load.peakRssMb)} MB`);
  await stop(child);
  return row;
}

async function main(): Promise<void> {
  const settings: LoadSettings = {
    connections: envInt('BENCH_CONNECTIONS', 50, 1),
    warmupSeconds: envInt('BENCH_WARMUP', 5, 0),
    durationSeconds: envInt('BENCH_DURATION', 10, 1),
  };
  const links = envInt('BENCH_LINKS', 1000, 2);
  const samples = envInt('BENCH_SQL_SAMPLES', 20, 1);
  const db = await createBenchDatabase(process.env.DATABASE_URL);
  // One cleanup, however many callers (a signal and the failing run both await it).
  let cleaning: Promise<void> | null = null;
  const cleanup = (): Promise<void> =>
    (cleaning ??= (async () => {
      await stopAll();
      await db.drop().catch((error: unknown) => log(`could not remove the bench database: ${(error as Error).message}`));
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void cleanup().finally(() => process.exit(130)));
  }
  try {
    log(`checkout-gateway bench on ${db.label}: ${links} links, ${settings.connections} connections, ${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s per scenario`);
    const first = await startGateway(db.url);
    if (!first.bootstrapKey) throw new Error(`no bootstrap key printed on first start:\n${first.child.stdout()}`);
    const key = first.bootstrapKey;
    log(`first start (empty database, migrations, bootstrap): ready in ${Math.round(first.coldStartMs)} ms`);
    const seeded = await seed(graphqlClient(first.baseUrl, key), links);
    log(`seeded ${seeded.products.length} products, ${seeded.plans.length} plans, ${seeded.links.length} links in ${(seeded.ms / 1000).toFixed(1)} s`);
    await stop(first.child);

    // Reads first, creates last: the creates grow the tables the reads scan.
    const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, 'i') : null;
    const scenarios = buildScenarios(seeded, key).filter((s) => !only || only.test(s.name)).sort((a, b) => Number(a.kind === 'create') - Number(b.kind === 'create'));
    const rows = new Map<string, Row>();
    log('load:');
    const gatewayRun = await measureGateway(db, scenarios, settings, rows, baselineScenario(seeded, key));
    const restartMs = gatewayRun.restartMs;
    log('SQL statements per request (ORM_DEBUG=1, sequential requests):');
    await countSql(db, scenarios, samples, rows);
    log('baseline:');
    const baseline = await measureBaseline(db, seeded, key, settings, gatewayRun);
    const base = baseline.load?.requestsPerSecond ?? 0;
    const all = [...rows.values(), baseline];
    for (const row of all) if (row.load && base > 0) row.ratioToBaseline = row.load.requestsPerSecond / base;
    const coldStart = { firstStartMs: Math.round(first.coldStartMs), restartMs: Math.round(restartMs) };
    const report: Report = {
      database: db.label.replace(/ \(database .*\)$/, ''),
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      machine: machine(),
      settings: { ...settings, links },
      coldStart,
      seedMs: Math.round(seeded.ms),
      rows: all,
      targets: checkTargets(all, coldStart, settings.connections),
    };
    const files = writeReport(`${HERE}results`, `latest-${db.kind}`, report);
    log(`\n${markdown(report)}\n\nwritten: ${files.map((f) => f.replace(HERE, 'test/bench/')).join(', ')}`);
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
