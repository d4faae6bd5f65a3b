// `npm run bench`: the gateway, started as `npm start` starts it, against hand-written baselines.
//
//   1. a fresh database (PGlite folder, or `cg_bench_<random>` on the DATABASE_URL server);
//   2. a seeding gateway (first start: migrations + bootstrap key; rate limits raised, it is not
//      measured): the data set and the API keys (KEYS_PER_CONNECTION per connection, fresh for
//      every scenario and pass; load.ts), through GraphQL; stopped;
//   2b. the cold start: BENCH_RESTARTS (default 5) restarts on the seeded database, nothing else
//      running, each stopped once ready; the median is what the target is judged on;
//   3. reads, then creates (the creates grow the tables the reads scan), each as:
//      - pass "defaults": the gateway with npm start's settings (default log level, rate limits
//        in memory at their defaults); each scenario probed, warmed up, measured (autocannon,
//        the gateway's RSS and CPU time sampled);
//      - pass "defaults + Redis": the same with REDIS_URL (when set, or when Redis answers on
//        127.0.0.1:6379; BENCH_REDIS=0 skips it), counts under a namespace of this run;
//      - pass "tuned" (BENCH_TUNED=1 only): LOG_LEVEL=warn, rate limits raised, printed beside;
//      - SQL statements per request (ORM_DEBUG=1, sequential requests);
//      - the baseline (baseline.ts) on the same database, same load, same key per connection;
//   4. ratios to the baseline of each row's kind, the targets, test/bench/results/latest-<database>.{md,json}.
//
// Env: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, 5), BENCH_CONNECTIONS (50),
// BENCH_LINKS (1000), BENCH_SQL_SAMPLES (requests per SQL count, 20), BENCH_ONLY (a regular
// expression: only the scenarios whose name matches), BENCH_REDIS (0: no Redis pass), BENCH_TUNED
// (1: a tuned pass beside), BENCH_PROFILE (a folder: CPU profile of the defaults pass),
// BENCH_NODE_OPTIONS (node flags for the defaults pass, to measure them), DATABASE_URL, REDIS_URL;
// BENCH_WEBHOOK_COMPLETIONS / BENCH_WEBHOOK_CONCURRENCY for the webhook scenario (webhooks.ts),
// which runs last unless BENCH_ONLY leaves "webhooks" out.
// Every process started here is stopped and the database removed, also on failure or Ctrl-C.
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createBenchDatabase, type BenchDatabase } from './database.ts';
import { startGateway, UNLIMITED } from './gateway.ts';
import { KEYS_PER_CONNECTION, REQUESTS_PER_KEY, runLoad, type LoadSettings } from './load.ts';
import { cpuMsOf, freePort, start, stop, stopAll, waitReady, runScript } from './processes.ts';
import { checkTargets, machine, markdown, setRatios, writeReport, type Pass, type Report, type Row } from './report.ts';
import { baselineScenarios, buildScenarios, probe, type BenchRequest, type Scenario } from './scenarios.ts';
import { createKeys, graphqlClient, seed } from './seed.ts';
import { sqlPerRequest } from './sql-count.ts';
import { measureWebhooks, type WebhookBenchResult } from './webhooks.ts';

const HERE = fileURLToPath(new URL('./', import.meta.url));

function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min} (got ${JSON.stringify(raw)})`);
  return n;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

/** Hands out API keys, each once: `take(n)` for one scenario's connections. */
class Keys {
  #next = 0;
  readonly all: string[];
  constructor(all: string[]) {
    this.all = all;
  }
  take(n: number): string[] {
    if (this.#next + n > this.all.length) throw new Error(`out of bench API keys (${this.all.length} made)`);
    return this.all.slice(this.#next, (this.#next += n));
  }
}

interface PassSetting {
  pass: Exclude<Pass, 'baseline'>;
  env: Record<string, string>;
}

async function send(baseUrl: string, r: BenchRequest): Promise<{ status: number; body: unknown }> {
  const response = await fetch(baseUrl + r.path, { method: r.method, headers: r.headers, body: r.body });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

function nodeOptions(): Record<string, string> {
  const options = [
    ...(process.env.BENCH_PROFILE ? [`--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
    ...(process.env.BENCH_NODE_OPTIONS ? [process.env.BENCH_NODE_OPTIONS] : []),
  ];
  return options.length > 0 ? { NODE_OPTIONS: options.join(' ') } : {};
}

/** Redis for the second pass: REDIS_URL, or a local server that answers PING; null to skip. */
async function redisForBench(): Promise<string | null> {
  if (process.env.BENCH_REDIS === '0') return null;
  const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG' ? url : null;
  } catch {
    if (process.env.REDIS_URL) throw new Error(`REDIS_URL=${url} does not answer`);
    return null;
  } finally {
    client.disconnect();
  }
}

async function dropRedisNamespace(url: string, namespace: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, names] = await client.scan(cursor, 'MATCH', `${namespace}*`, 'COUNT', 1000);
      if (names.length > 0) await client.del(...names);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

interface Context {
  db: BenchDatabase;
  settings: LoadSettings;
  keys: Keys;
  rows: Row[];
  samples: number;
}

function describe(row: Row): string {
  const l = row.load;
  if (!l) return `${row.scenario}: ${row.note}`;
  return `${row.scenario}: ${Math.round(l.okPerSecond)} ok/s, p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, CPU ${l.cpuMsPerRequest?.toFixed(2) ?? '?'} ms/req, RSS ${Math.round(l.peakRssMb)} MB${row.note ? ` (${row.note})` : ''}`;
}

/** One gateway start of a pass: each scenario probed and measured with 50 fresh keys. */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * The cold start the target is judged on: `n` restarts of the gateway as `npm start` starts it,
 * on the seeded database, one after another with nothing else running, each stopped once ready
 * (as test/bench/cold-start.ts does). The median, every sample, and the median CPU until ready.
 */
async function measureRestarts(databaseUrl: string, n: number): Promise<{ restartMs: number; restartsMs: number[]; restartCpuMs: number }> {
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const gateway = await startGateway(databaseUrl, { name: 'gateway (restart)' });
    cpu.push(cpuMsOf(gateway.child.proc.pid as number) ?? 0);
    times.push(Math.round(gateway.coldStartMs));
    await stop(gateway.child);
  }
  const result = { restartMs: median(times), restartsMs: times, restartCpuMs: Math.round(median(cpu)) };
  log(`cold start, ${n} restarts on the seeded database: ${times.join(', ')} ms; median ${result.restartMs} ms, CPU until ready ${result.restartCpuMs} ms`);
  return result;
}

async function measurePass(ctx: Context, setting: PassSetting, scenarios: Scenario[]): Promise<void> {
  const gateway = await startGateway(ctx.db.url, { env: setting.env, name: `gateway (${setting.pass})` });
  log(` ${setting.pass}: gateway ready in ${Math.round(gateway.coldStartMs)} ms`);
  const pid = gateway.child.proc.pid as number;
  let logged = 0;
  for (const scenario of scenarios) {
    const keys = ctx.keys.take(ctx.settings.connections * KEYS_PER_CONNECTION);
    const row: Row = {
      scenario: scenario.name,
      pass: setting.pass,
      face: scenario.face,
      kind: scenario.kind,
      load: null,
      sqlPerRequest: null,
      ratioToBaseline: null,
      note: '',
    };
    ctx.rows.push(row);
    const p = await probe(gateway.baseUrl, scenario, keys[0] as string);
    if (!p.ok) {
      row.note = `skipped: ${p.note}`;
      log(`  - ${describe(row)}`);
      continue;
    }
    row.load = await runLoad(gateway.baseUrl, pid, scenario, keys, ctx.settings);
    if (row.load.requests === 0) row.note = 'no request completed within the run (too slow for its length)';
    else if (row.load.failures > 0) row.note = `${row.load.failures} of ${row.load.requests} answers not ${scenario.expect} (${row.load.failureDetail})`;
    log(`  - ${describe(row)}`);
    // What the gateway logged as errors during the scenario (a 5xx's cause), in the bench's output.
    const count = gateway.child.errorCount();
    const errors = count > logged ? gateway.child.errorLines().slice(-(count - logged)) : [];
    if (count - logged > errors.length) log(`    gateway errors: ${count - logged}, the last ${errors.length}:`);
    logged = count;
    for (const line of errors) log(`    gateway error: ${line}`);
  }
  await stop(gateway.child);
}

async function countSql(ctx: Context, scenarios: Scenario[]): Promise<void> {
  // The webhook worker's safety-net poll (idle: a few statements now and then, no request's
  // doing) must not land in the counted windows: polled once a minute here. Events still wake
  // it at once, so a create's own dispatch is counted.
  const gateway = await startGateway(ctx.db.url, { sqlDebug: true, env: { WEBHOOK_POLL_MS: '60000' } });
  const [key] = ctx.keys.take(1) as [string];
  for (const scenario of scenarios) {
    const measured = ctx.rows.filter((r) => r.scenario === scenario.name && r.load);
    if (measured.length === 0) continue;
    const n = await sqlPerRequest(gateway, scenario, key, ctx.samples);
    for (const row of measured) row.sqlPerRequest = n;
    log(`  - ${scenario.name}: ${n === null ? 'failed' : n.toFixed(1)} SQL statements per request`);
  }
  await stop(gateway.child);
}

/** The top-level keys whose values differ (ignoring `ignore`). */
function differences(expected: unknown, actual: unknown, ignore: string[] = []): string[] {
  if (expected === null || typeof expected !== 'object') return ['(no gateway answer to compare with)'];
  const a = (actual ?? {}) as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  return [...new Set([...Object.keys(e), ...Object.keys(a)])].filter((k) => !ignore.includes(k) && !isDeepStrictEqual(e[k], a[k]));
}

/** The gateway's answers the baseline must match, fetched once before the baseline runs. */
interface Reference {
  publicUrl: string;
  compare: Map<string, { request: (key: string) => BenchRequest; answer: unknown; ignore: string[] }>;
}

async function measureBaseline(ctx: Context, scenarios: Scenario[], reference: Reference): Promise<void> {
  if (scenarios.length === 0) return;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const since = performance.now();
  const child = start({
    name: 'baseline',
    args: [`${HERE}baseline.ts`],
    // The gateway's PUBLIC_URL, so that `url` is the same string in both answers.
    env: { ...process.env, DATABASE_URL: ctx.db.url, PORT: String(port), PUBLIC_URL: reference.publicUrl },
  });
  await waitReady(child, `${baseUrl}/readyz`, since);
  for (const scenario of scenarios) {
    const keys = ctx.keys.take(ctx.settings.connections * KEYS_PER_CONNECTION);
    const row: Row = {
      scenario: scenario.name,
      pass: 'baseline',
      face: 'baseline',
      kind: scenario.kind,
      load: null,
      sqlPerRequest: null,
      ratioToBaseline: null,
      note: '',
    };
    ctx.rows.push(row);
    const ref = reference.compare.get(scenario.name);
    if (ref) {
      const mine = await send(baseUrl, ref.request(keys[0] as string));
      const diff = differences(ref.answer, mine.body, ref.ignore);
      row.note =
        diff.length === 0
          ? `same JSON as the gateway${ref.ignore.length ? ` (but ${ref.ignore.join(', ')})` : ''}`
          : `JSON differs from the gateway's in: ${diff.join(', ')}`;
      log(`  baseline ${scenario.name}: ${row.note}`);
    }
    const p = await probe(baseUrl, scenario, keys[0] as string);
    if (!p.ok) throw new Error(`the baseline does not answer ${scenario.name}: ${p.note}`);
    row.sqlPerRequest = await baselineStatements(baseUrl, scenario, keys[0] as string, ctx.samples);
    row.load = await runLoad(baseUrl, child.proc.pid as number, scenario, keys, ctx.settings);
    log(`  - ${describe(row)}`);
  }
  await stop(child);
}

/** The baseline's SQL statements per request: its own count (GET /statements), over `n` sequential requests. */
async function baselineStatements(baseUrl: string, scenario: Scenario, key: string, n: number): Promise<number | null> {
  const count = async () => ((await (await fetch(`${baseUrl}/statements`)).json()) as { statements: number }).statements;
  const before = await count();
  for (let i = 0; i < n; i++) if ((await send(baseUrl, scenario.next(key))).status !== scenario.expect) return null;
  return ((await count()) - before) / n;
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
  const redisUrl = await redisForBench();
  const namespace = `cg-bench-${randomBytes(4).toString('hex')}:`;
  // One cleanup, however many callers (a signal and the failing run both await it).
  let cleaning: Promise<void> | null = null;
  const cleanup = (): Promise<void> =>
    (cleaning ??= (async () => {
      await stopAll();
      if (redisUrl) await dropRedisNamespace(redisUrl, namespace).catch(() => {});
      await db.drop().catch((error: unknown) => log(`could not remove the bench database: ${(error as Error).message}`));
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void cleanup().finally(() => process.exit(130)));
  }
  try {
    const passes: PassSetting[] = [
      // BENCH_PROFILE=<folder>: the defaults pass writes a V8 CPU profile there (profile-summary.ts reads it).
      // BENCH_NODE_OPTIONS: V8 / Node flags to measure (e.g. --max-semi-space-size=64) before npm start takes them.
      { pass: 'defaults', env: nodeOptions() },
      ...(redisUrl ? [{ pass: 'defaults + Redis' as const, env: { REDIS_URL: redisUrl, RATE_LIMIT_NAMESPACE: namespace } }] : []),
      ...(process.env.BENCH_TUNED === '1' ? [{ pass: 'tuned' as const, env: { LOG_LEVEL: 'warn', ...UNLIMITED } }] : []),
    ];
    log(
      `checkout-gateway bench on ${db.label}: ${links} links, ${settings.connections} connections (one API key each at a time, a fresh one every ${REQUESTS_PER_KEY} requests), ${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s per scenario; passes: ${passes.map((p) => p.pass).join(', ')}`,
    );
    const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, 'i') : null;
    const chosen = (list: Scenario[]) => list.filter((s) => !only || only.test(s.name));

    const first = await startGateway(db.url, { env: UNLIMITED, name: 'gateway (seeding)' });
    if (!first.bootstrapKey) throw new Error(`no bootstrap key printed on first start:\n${first.child.stdout()}`);
    log(`first start (empty database, migrations, bootstrap): ready in ${Math.round(first.coldStartMs)} ms`);
    const gql = graphqlClient(first.baseUrl, first.bootstrapKey);
    const seeded = await seed(gql, links);
    log(`seeded ${seeded.products.length} products, ${seeded.plans.length} plans, ${seeded.links.length} links in ${(seeded.ms / 1000).toFixed(1)} s`);
    const scenarios = chosen(buildScenarios(seeded));
    const baselines = chosen(baselineScenarios(seeded));
    // KEYS_PER_CONNECTION per connection (load.ts: a connection moves on to its next key before
    // the rate limit); + 2 per phase: the reference answers and the SQL count; + 1 for the webhook scenario.
    const needed = (scenarios.length * passes.length + baselines.length) * settings.connections * KEYS_PER_CONNECTION + 5;
    const keys = new Keys(await createKeys(gql, needed));
    log(`made ${needed} API keys (${KEYS_PER_CONNECTION} per connection, scenario and pass)`);
    await stop(first.child);
    const restarts = await measureRestarts(db.url, envInt('BENCH_RESTARTS', 5, 1));

    const ctx: Context = { db, settings, keys, rows: [], samples };
    const reference: Reference = { publicUrl: '', compare: new Map() };
    const baselineByName = new Map(baselines.map((b) => [b.name, b]));
    for (const phase of ['reads', 'creates'] as const) {
      const inPhase = (s: Scenario) => (s.kind === 'create') === (phase === 'creates');
      const gatewayScenarios = scenarios.filter(inPhase);
      const baselineScenarios_ = baselines.filter(inPhase);
      if (gatewayScenarios.length === 0 && baselineScenarios_.length === 0) continue;
      log(`${phase}:`);
      for (const setting of passes) {
        await measurePass(ctx, setting, gatewayScenarios);
      }
      // The gateway's answers the baseline's must equal (a gateway at defaults, sequential requests).
      const probeGateway = await startGateway(db.url, { name: 'gateway (reference answers)' });
      // The baseline answers with this gateway's PUBLIC_URL, so that `url` is the same string.
      reference.publicUrl = probeGateway.baseUrl;
      const [key] = keys.take(1) as [string];
      const pairs: [string, string, string[]][] = [
        ['baseline retrieve (1 SQL)', 'LeanRails retrieve', []],
        ['baseline GraphQL first: 50', 'GraphQL checkoutLinks(first: 50)', []],
        ['baseline GraphQL first: 10', 'GraphQL checkoutLinks(first: 10)', []],
        ['baseline create (1 transaction)', 'LeanRails create', ['id', 'url', 'created']],
      ];
      for (const [baseName, , ignore] of pairs) {
        const base = baselineByName.get(baseName);
        if (!base || !inPhase(base)) continue;
        // The same request (same link, price, query) to the gateway and, later, to the baseline.
        const request = base.next(key);
        const answer = (await send(probeGateway.baseUrl, request)).body;
        reference.compare.set(baseName, {
          request: (k) => ({ ...request, headers: { ...request.headers, ...base.next(k).headers, 'idempotency-key': randomBytes(8).toString('hex') } }),
          answer,
          ignore,
        });
      }
      await stop(probeGateway.child);
      log(' SQL statements per request (ORM_DEBUG=1, sequential requests):');
      await countSql(ctx, gatewayScenarios);
      log(' baseline:');
      await measureBaseline(ctx, baselineScenarios_, reference);
    }
    let webhooks: WebhookBenchResult | null = null;
    if (!only || only.test('webhooks')) {
      log('webhooks:');
      const [key] = keys.take(1) as [string];
      webhooks = await measureWebhooks(db.url, key, {
        completions: envInt('BENCH_WEBHOOK_COMPLETIONS', 200, 1),
        concurrency: envInt('BENCH_WEBHOOK_CONCURRENCY', 20, 1),
      });
      log(
        `  - ${webhooks.completed} completions -> ${webhooks.delivered} events delivered, ${webhooks.eventsPerSecond.toFixed(1)} events/s, commit -> delivery p50 ${webhooks.lagP50Ms} ms, p99 ${webhooks.lagP99Ms} ms${webhooks.note ? ` (${webhooks.note})` : ''}`,
      );
    }
    setRatios(ctx.rows);
    const order: Pass[] = ['defaults', 'defaults + Redis', 'tuned', 'baseline'];
    const rows = ctx.rows.sort((a, b) => order.indexOf(a.pass) - order.indexOf(b.pass));
    const coldStart = { firstStartMs: Math.round(first.coldStartMs), ...restarts };
    const database = db.kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
    const report: Report = {
      database,
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      machine: machine(),
      settings: { ...settings, links },
      coldStart,
      seedMs: Math.round(seeded.ms),
      rows,
      targets: checkTargets(rows, coldStart, settings.connections, database),
      webhooks,
    };
    const files = writeReport(`${HERE}results`, `latest-${db.kind}`, report);
    log(`\n${markdown(report)}\n\nwritten: ${files.map((f) => f.replace(HERE, 'test/bench/')).join(', ')}`);
  } finally {
    await cleanup();
  }
}

runScript('bench', main);
