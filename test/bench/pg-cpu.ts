// The creates' cost on PostgreSQL, gateway and database side by side: CPU ms per request of the
// gateway process and of the PostgreSQL backends serving the bench database (utime + stime of
// every backend connected to it, from /proc, before and after), over PG_N requests,
// PG_CONNECTIONS at a time. The database's figure needs the server on this machine.
//
//   DATABASE_URL=postgres://… PG_ONLY=create PG_N=300 PG_CONNECTIONS=20 node test/bench/pg-cpu.ts
//
// Env: PG_ONLY (regular expression on the scenario name, default `create`), PG_N (300),
// PG_CONNECTIONS (1), PG_BASELINE (1: the baseline's create too), PG_ROUNDS (1: measure every
// scenario that many times, interleaved).
import pg from 'pg';
import { createBenchDatabase } from './database.ts';
import { startGateway } from './gateway.ts';
import { cpuMsOf, freePort, start, stop, stopAll, waitReady, type Child } from './processes.ts';
import { baselineScenarios, buildScenarios, type Scenario } from './scenarios.ts';
import { createKeys, graphqlClient, seed } from './seed.ts';

const log = (line: string) => process.stdout.write(`${line}\n`);
const settle = () => new Promise((r) => setTimeout(r, 100));

function backendsCpuMs(pids: number[]): number {
  let total = 0;
  for (const pid of pids) total += cpuMsOf(pid) ?? 0;
  return total;
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl?.startsWith('postgres')) throw new Error('DATABASE_URL must name a PostgreSQL server');
  const n = Number(process.env.PG_N ?? 300);
  const connections = Number(process.env.PG_CONNECTIONS ?? 1);
  const rounds = Number(process.env.PG_ROUNDS ?? 1);
  const only = new RegExp(process.env.PG_ONLY ?? 'create', 'i');
  const db = await createBenchDatabase(serverUrl);
  const dbName = new URL(db.url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const pidsOf = async (): Promise<number[]> =>
    (await admin.query('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName])).rows.map((r) => r.pid as number);
  try {
    const first = await startGateway(db.url, { name: 'gateway (seeding)', env: { RATE_LIMIT_MAX: '1000000000', RATE_LIMIT_ANONYMOUS_MAX: '1000000000' } });
    if (!first.bootstrapKey) throw new Error('no bootstrap key');
    const gql = graphqlClient(first.baseUrl, first.bootstrapKey);
    const seeded = await seed(gql, 20);
    const scenarios = buildScenarios(seeded).filter((s) => only.test(s.name));
    const baselines = process.env.PG_BASELINE === '1' ? baselineScenarios(seeded).filter((s) => only.test(s.name)) : [];
    const keys = await createKeys(gql, (scenarios.length + baselines.length) * connections);
    await stop(first.child);
    const keyOf = (s: number, c: number) => keys[s * connections + c] as string;

    const gw = await startGateway(db.url, {});
    let baseChild: Child | null = null;
    let baseUrl = '';
    if (baselines.length > 0) {
      const port = await freePort();
      baseUrl = `http://127.0.0.1:${port}`;
      const since = performance.now();
      baseChild = start({
        name: 'baseline',
        args: [new URL('./baseline.ts', import.meta.url).pathname],
        env: { ...process.env, DATABASE_URL: db.url, PORT: String(port), PUBLIC_URL: baseUrl },
      });
      await waitReady(baseChild, `${baseUrl}/readyz`, since);
    }
    const all: { scenario: Scenario; url: string; child: Child; index: number }[] = [
      ...scenarios.map((scenario, index) => ({ scenario, url: gw.baseUrl, child: gw.child, index })),
      ...baselines.map((scenario, i) => ({ scenario, url: baseUrl, child: baseChild as Child, index: scenarios.length + i })),
    ];
    const send = async (url: string, scenario: Scenario, key: string) => {
      const r = scenario.next(key);
      const res = await fetch(url + r.path, { method: r.method, headers: r.headers, body: r.body });
      await res.arrayBuffer();
      if (res.status !== scenario.expect) throw new Error(`${scenario.name}: ${res.status}`);
    };
    const load = (url: string, scenario: Scenario, index: number, count: number) =>
      Promise.all(
        Array.from({ length: connections }, async (_, c) => {
          for (let i = c; i < count; i += connections) await send(url, scenario, keyOf(index, c));
        }),
      );
    for (let round = 0; round < rounds; round++) {
      for (const { scenario, url, child, index } of all) {
        await load(url, scenario, index, Math.min(n, 100));
        await settle();
        const pids = await pidsOf();
        const pid = child.proc.pid as number;
        const g0 = cpuMsOf(pid) as number;
        const p0 = backendsCpuMs(pids);
        const t0 = performance.now();
        await load(url, scenario, index, n);
        const wall = performance.now() - t0;
        await settle();
        const pidsAfter = await pidsOf();
        const fresh = pidsAfter.filter((p) => !pids.includes(p));
        const g = (cpuMsOf(pid) as number) - g0;
        const p = backendsCpuMs(pids) - p0 + backendsCpuMs(fresh);
        log(
          `  ${scenario.name.padEnd(34)} gateway ${(g / n).toFixed(2)} CPU ms/req   postgres ${(p / n).toFixed(2)} CPU ms/req (${pidsAfter.length} backends${fresh.length ? `, ${fresh.length} new` : ''})   ${(wall / n).toFixed(2)} ms/req wall`,
        );
      }
    }
    await stop(gw.child);
    if (baseChild) await stop(baseChild);
  } finally {
    await admin.end();
    await stopAll();
    await db.drop().catch(() => {});
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('pg-cpu failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
