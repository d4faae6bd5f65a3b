// One request of each bench scenario, traced: the SQL statements it sends (ORM_DEBUG=1) and the
// gateway's CPU ms per request over N sequential requests (no concurrency, so the number is
// repeatable on a busy machine where req/s is not). For profiling before and after a change.
//
//   node test/bench/trace.ts                 # every scenario, PGlite
//   DATABASE_URL=postgres://… TRACE_ONLY=create TRACE_N=200 node test/bench/trace.ts
//
// Env: TRACE_ONLY (regular expression on the scenario name), TRACE_N (sequential requests for
// the CPU figure, default 100), TRACE_SQL (0: do not print the statements), TRACE_LINKS (20),
// TRACE_PROFILE (a folder: --cpu-prof of the measuring gateway, see profile-summary.ts),
// TRACE_SQL_WIDTH (characters of each statement printed, default 400), TRACE_PG_CPU (1, on a
// PostgreSQL server of this machine: the CPU ms per request of its backends beside the gateway's),
// TRACE_BASELINE (1: the baseline's scenarios too, measured the same way; profiled as well),
// TRACE_REDIS (1 or a redis:// URL: the measuring gateway shares its limits through Redis, as the
// bench's "defaults + Redis" pass), TRACE_DEFAULTS (1: the measuring gateway keeps npm start's rate
// limits, and each scenario gets its own key, as the bench gives each connection its own),
// TRACE_PASSES (the measurement repeated on the same gateway and data, e.g. lists, creates, then
// lists again on the tables the creates grew, as the bench's second pass), TRACE_CONNECTIONS
// (requests in flight at once while measuring CPU, default 1: sequential; each connection sends
// its own key under TRACE_DEFAULTS; above 1, the statements per request over TRACE_N requests at
// that concurrency are counted too: the bench's figure is sequential).
import { randomBytes } from 'node:crypto';
import { createBenchDatabase } from './database.ts';
import { databaseCpu, type DatabaseCpu } from './database-cpu.ts';
import { startBaseline, startGateway, UNLIMITED, SQL_LINE } from './gateway.ts';
import { cpuMsOf, stop, stopAll, type Child, runScript } from './processes.ts';
import { baselineScenarios, buildScenarios, type Scenario } from './scenarios.ts';
import { createKeys, graphqlClient, seed } from './seed.ts';

const log = (line: string) => process.stdout.write(`${line}\n`);
const settle = () => new Promise((r) => setTimeout(r, 60));

/** One request; its status and the size of its answer's body. */
async function send(baseUrl: string, scenario: Scenario, key: string): Promise<{ status: number; bytes: number }> {
  const r = scenario.next(key);
  const response = await fetch(baseUrl + r.path, { method: r.method, headers: r.headers, body: r.body });
  const body = await response.arrayBuffer();
  return { status: response.status, bytes: body.byteLength };
}

/** Sequential CPU ms per request of each scenario on a running server. */
async function measure(
  baseUrl: string,
  child: Child,
  scenarios: Scenario[],
  keyOf: (scenario: number, connection: number) => string,
  n: number,
  connections: number,
  database?: DatabaseCpu,
): Promise<void> {
  const pid = child.proc.pid as number;
  // `connections` loops at once, each sending its share of `count` requests one after another.
  const load = (index: number, scenario: Scenario, count: number) =>
    Promise.all(
      Array.from({ length: connections }, async (_, c) => {
        const key = keyOf(index, c);
        for (let i = c; i < count; i += connections) await send(baseUrl, scenario, key);
      }),
    );
  for (const [index, scenario] of scenarios.entries()) {
    await load(index, scenario, Math.min(n, 50));
    await settle();
    const dbBefore = await database?.start();
    const before = cpuMsOf(pid) as number;
    const t0 = performance.now();
    await load(index, scenario, n);
    const wall = performance.now() - t0;
    await settle();
    const cpu = (cpuMsOf(pid) as number) - before;
    const db = dbBefore ? `   PostgreSQL ${((await dbBefore()) / n).toFixed(2)} CPU ms/req` : '';
    log(`  ${scenario.name.padEnd(36)} ${(cpu / n).toFixed(2)} CPU ms/req${db}   ${(wall / n).toFixed(2)} ms/req wall`);
  }
}

async function main(): Promise<void> {
  const n = Number(process.env.TRACE_N ?? 100);
  const only = process.env.TRACE_ONLY ? new RegExp(process.env.TRACE_ONLY, 'i') : null;
  const db = await createBenchDatabase(process.env.DATABASE_URL);
  const server = process.env.DATABASE_URL;
  const database = process.env.TRACE_PG_CPU === '1' && server?.startsWith('postgres') ? await databaseCpu(server, db.url) : undefined;
  try {
    const first = await startGateway(db.url, { env: UNLIMITED, name: 'gateway (seeding)' });
    if (!first.bootstrapKey) throw new Error(`no bootstrap key:\n${first.child.stdout()}`);
    const gql = graphqlClient(first.baseUrl, first.bootstrapKey);
    const seeded = await seed(gql, Number(process.env.TRACE_LINKS ?? 20));
    const scenarios = buildScenarios(seeded).filter((s) => !only || only.test(s.name));
    const defaults = process.env.TRACE_DEFAULTS === '1';
    const baselines = process.env.TRACE_BASELINE === '1' ? baselineScenarios(seeded).filter((s) => !only || only.test(s.name)) : [];
    const connections = Number(process.env.TRACE_CONNECTIONS ?? 1);
    const keys = await createKeys(gql, defaults ? 1 + (scenarios.length + baselines.length) * connections : 2);
    const sqlKey = keys[0] as string;
    // One key for everything (limits raised), or one per scenario and connection (limits at their defaults).
    const cpuKey = (offset: number) => (i: number, c: number) => keys[defaults ? 1 + (offset + i) * connections + c : 1] as string;
    await stop(first.child);

    // Statements: a gateway with the ORM's query log.
    // The worker's idle poll once a minute (events still wake it): only the request's statements.
    const traced = await startGateway(db.url, { sqlDebug: true, env: { ...UNLIMITED, WEBHOOK_POLL_MS: '60000' } });
    for (const scenario of scenarios) {
      await send(traced.baseUrl, scenario, sqlKey);
      await settle();
      const before = traced.child.counted();
      const { status, bytes } = await send(traced.baseUrl, scenario, sqlKey);
      await settle();
      const count = traced.child.counted() - before;
      log(`\n## ${scenario.name}: ${status}, ${bytes} bytes, ${count} statements`);
      if (process.env.TRACE_SQL !== '0') {
        // The last `count` statement lines (stdout keeps only its last 64 kB, so no offsets).
        const lines = traced.child
          .stdout()
          .split('\n')
          .filter((l) => SQL_LINE.test(l))
          .slice(-count);
        for (const line of lines)
          log(
            `  ${line
              .replace(/\x1b\[[0-9;]*m/g, '')
              .replace(/^.*\[query\]\s*/, '')
              .slice(0, Number(process.env.TRACE_SQL_WIDTH ?? 400))}`,
          );
      }
      if (connections > 1) {
        // Statements per request with requests in flight at once: work shared by several
        // requests (the webhook worker's dispatch pass after their commits) is counted once.
        const n = Number(process.env.TRACE_N ?? 100);
        const from = traced.child.counted();
        await Promise.all(
          Array.from({ length: connections }, async (_, c) => {
            for (let i = c; i < n; i += connections) await send(traced.baseUrl, scenario, sqlKey);
          }),
        );
        await new Promise((r) => setTimeout(r, 300));
        log(`   ${((traced.child.counted() - from) / n).toFixed(2)} statements per request over ${n} requests, ${connections} at a time`);
      }
    }
    await stop(traced.child);

    // CPU: a gateway at npm start's settings (rate limits raised: one key sends everything, unless
    // TRACE_DEFAULTS), with Redis under a namespace of its own when TRACE_REDIS is set.
    const env: Record<string, string> = defaults ? {} : { ...UNLIMITED };
    const redis = process.env.TRACE_REDIS;
    if (redis)
      Object.assign(env, { REDIS_URL: redis === '1' ? 'redis://127.0.0.1:6379' : redis, RATE_LIMIT_NAMESPACE: `cg-trace-${randomBytes(4).toString('hex')}:` });
    if (process.env.TRACE_PROFILE) env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${process.env.TRACE_PROFILE}`;
    const measured = await startGateway(db.url, { env });
    const how = `${defaults ? 'default limits' : 'limits raised'}${redis ? ', Redis' : ''}`;
    const order = connections > 1 ? `${connections} at a time` : 'sequential';
    log(`\ncold start ${Math.round(measured.coldStartMs)} ms; CPU ms per request over ${n} ${order} requests (after ${Math.min(n, 50)} warm-up; ${how}):`);
    const passes = Number(process.env.TRACE_PASSES ?? 1);
    for (let pass = 1; pass <= passes; pass++) {
      if (passes > 1) log(`pass ${pass}:`);
      await measure(measured.baseUrl, measured.child, scenarios, cpuKey(0), n, connections, database);
    }
    await stop(measured.child);

    if (baselines.length > 0) {
      const { child, baseUrl } = await startBaseline(db.url, env);
      await measure(baseUrl, child, baselines, cpuKey(scenarios.length), n, connections, database);
      await stop(child);
    }
  } finally {
    await database?.end();
    await stopAll();
    await db.drop().catch(() => {});
  }
}

runScript('trace', main);
