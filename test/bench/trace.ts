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
// TRACE_SQL_WIDTH (characters of each statement printed, default 400),
// TRACE_BASELINE (1: the baseline's scenarios too, measured the same way; profiled as well).
import { createBenchDatabase } from './database.ts';
import { startGateway, UNLIMITED, SQL_LINE } from './gateway.ts';
import { cpuMsOf, freePort, start, stop, stopAll, waitReady, type Child } from './processes.ts';
import { baselineScenarios, buildScenarios, type Scenario } from './scenarios.ts';
import { createKeys, graphqlClient, seed } from './seed.ts';

const log = (line: string) => process.stdout.write(`${line}\n`);
const settle = () => new Promise((r) => setTimeout(r, 60));

async function send(baseUrl: string, scenario: Scenario, key: string): Promise<number> {
  const r = scenario.next(key);
  const response = await fetch(baseUrl + r.path, { method: r.method, headers: r.headers, body: r.body });
  await response.arrayBuffer();
  return response.status;
}

/** Sequential CPU ms per request of each scenario on a running server. */
async function measure(baseUrl: string, child: Child, scenarios: Scenario[], key: string, n: number): Promise<void> {
  const pid = child.proc.pid as number;
  for (const scenario of scenarios) {
    for (let i = 0; i < Math.min(n, 50); i++) await send(baseUrl, scenario, key);
    await settle();
    const before = cpuMsOf(pid) as number;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await send(baseUrl, scenario, key);
    const wall = performance.now() - t0;
    await settle();
    const cpu = (cpuMsOf(pid) as number) - before;
    log(`  ${scenario.name.padEnd(36)} ${(cpu / n).toFixed(2)} CPU ms/req   ${(wall / n).toFixed(2)} ms/req wall`);
  }
}

async function main(): Promise<void> {
  const n = Number(process.env.TRACE_N ?? 100);
  const only = process.env.TRACE_ONLY ? new RegExp(process.env.TRACE_ONLY, 'i') : null;
  const db = await createBenchDatabase(process.env.DATABASE_URL);
  try {
    const first = await startGateway(db.url, { env: UNLIMITED, name: 'gateway (seeding)' });
    if (!first.bootstrapKey) throw new Error(`no bootstrap key:\n${first.child.stdout()}`);
    const gql = graphqlClient(first.baseUrl, first.bootstrapKey);
    const seeded = await seed(gql, Number(process.env.TRACE_LINKS ?? 20));
    const [sqlKey, cpuKey] = (await createKeys(gql, 2)) as [string, string];
    await stop(first.child);
    const scenarios = buildScenarios(seeded).filter((s) => !only || only.test(s.name));

    // Statements: a gateway with the ORM's query log.
    // The worker's idle poll once a minute (events still wake it): only the request's statements.
    const traced = await startGateway(db.url, { sqlDebug: true, env: { ...UNLIMITED, WEBHOOK_POLL_MS: '60000' } });
    for (const scenario of scenarios) {
      await send(traced.baseUrl, scenario, sqlKey);
      await settle();
      const before = traced.child.counted();
      const status = await send(traced.baseUrl, scenario, sqlKey);
      await settle();
      const count = traced.child.counted() - before;
      log(`\n## ${scenario.name}: ${status}, ${count} statements`);
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
    }
    await stop(traced.child);

    // CPU: a gateway at npm start's settings (rate limits raised: one key sends everything).
    const env: Record<string, string> = { ...UNLIMITED };
    if (process.env.TRACE_PROFILE) env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${process.env.TRACE_PROFILE}`;
    const measured = await startGateway(db.url, { env });
    log(`\ncold start ${Math.round(measured.coldStartMs)} ms; CPU ms per request over ${n} sequential requests (after ${Math.min(n, 50)} warm-up):`);
    await measure(measured.baseUrl, measured.child, scenarios, cpuKey, n);
    await stop(measured.child);

    if (process.env.TRACE_BASELINE === '1') {
      const port = await freePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      const since = performance.now();
      const child = start({
        name: 'baseline',
        args: [new URL('./baseline.ts', import.meta.url).pathname],
        env: { ...process.env, ...env, DATABASE_URL: db.url, PORT: String(port), PUBLIC_URL: baseUrl },
      });
      await waitReady(child, `${baseUrl}/readyz`, since);
      await measure(
        baseUrl,
        child,
        baselineScenarios(seeded).filter((s) => !only || only.test(s.name)),
        cpuKey,
        n,
      );
      await stop(child);
    }
  } finally {
    await stopAll();
    await db.drop().catch(() => {});
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('trace failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
