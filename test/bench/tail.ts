// Where the latency tail comes from, and what node flags do to it: starts the gateway as
// `npm start` does (startArgs(), its defaults) with extra node flags, runs one scenario at a time
// at 50 connections (autocannon, one key per connection, as the bench) and prints req/s, p50,
// p99, CPU ms/req, peak RSS, the GC pauses of the gateway's main thread (scavenges and
// mark-compacts per second, their pause ms per second, the longest) and how many of the p99
// requests overlapped a GC pause or a long event-loop turn (tail-probe.js, preloaded).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//   TAIL_FLAGS='|--max-semi-space-size=32' TAIL_RUNS=3 node test/bench/tail.ts
//
// Env: TAIL_FLAGS (settings separated by '|', each a space-separated list of node flags; '' is
// npm start as it is; default '|--max-semi-space-size=32'), TAIL_ONLY (regular expression on the
// scenario name; default 'Whop retrieve|Fynn V2 retrieve'), TAIL_RUNS (3: each setting runs that
// many times, interleaved A B A B), TAIL_SECONDS (6), TAIL_WARMUP (3), TAIL_CONNECTIONS (50),
// TAIL_LINKS (1000), TAIL_RATE (requests per second offered over all connections: an open loop
// below the gateway's capacity, so that p99 shows pauses rather than the queue of 50 connections), TAIL_REDIS (1: rate limits through Redis, as the bench's second pass),
// TAIL_STALL_MS (8: event-loop turns longer than this are recorded), TAIL_JSON (a file: every run's
// figures as JSON lines). Every setting's gateway runs the same scenarios in the same order.
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBenchDatabase } from './database.ts';
import { ADMIN_TOKEN, startArgs, startGateway, UNLIMITED } from './gateway.ts';
import { cpuMsOf, freePort, sampleRss, start, stop, stopAll, waitReady, runScript } from './processes.ts';
import { buildScenarios, type Scenario } from './scenarios.ts';
import { createKeys, graphqlClient, seed } from './seed.ts';
import { covered, median, overlaps } from './tail-stats.ts';

const log = (line: string) => process.stdout.write(`${line}\n`);

/** CPU ms (user + system) of a process's threads so far: its main thread, and V8's worker threads (GC helpers, concurrent compilers). */
function threadCpu(pid: number): { main: number; workers: number } {
  const out = { main: 0, workers: 0 };
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
      if (tid === String(pid)) out.main += ms;
      else if (name.startsWith('V8Worker')) out.workers += ms;
    } catch {
      // a thread that ended
    }
  }
  return out;
}
const PROBE = fileURLToPath(new URL('./tail-probe.js', import.meta.url));

interface Probed {
  gc?: 'scavenge' | 'mark-compact' | 'incremental' | 'weakcb' | 'other';
  heap?: { newMb: number; oldUsedMb: number; oldMb: number };
  stall?: number;
  t: number;
  d?: number;
}

export interface TailRun {
  setting: string;
  run: number;
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  cpuMsPerReq: number;
  /** Of which the main thread's, and V8's worker threads' (parallel scavenging, concurrent marking and sweeping, background compilation). */
  mainCpuMsPerReq: number;
  workerCpuMsPerReq: number;
  /** GCs per 1,000 answers: does not depend on how busy the machine is, unlike pause times. */
  scavengesPer1k: number;
  markCompactsPer1k: number;
  peakRssMb: number;
  scavengesPerS: number;
  scavengeMsPerS: number;
  scavengeMaxMs: number;
  markCompactsPerS: number;
  markCompactMsPerS: number;
  markCompactMaxMs: number;
  /** Event-loop turns longer than TAIL_STALL_MS per second, and the longest. */
  stallsPerS: number;
  stallMaxMs: number;
  /** Of the requests at or above p99: share whose time overlapped a GC pause (any kind), a mark-compact, a long turn that was no GC. */
  tailWithGc: number;
  tailWithMarkCompact: number;
  tailWithStallNoGc: number;
  /** Same share among all requests, for comparison. */
  allWithGc: number;
  /** Mean GC pause ms inside the time of a p99 request, and of a request at p40-p60. */
  tailGcMs: number;
  midGcMs: number;
  /** Largest new space (both semi-spaces) and old space seen, MB. */
  newSpaceMb: number;
  oldSpaceMb: number;
  failures: number;
}

/** autocannon at `connections`, one key each; with `timing`, every answer's end time and latency. */
function fire(baseUrl: string, scenario: Scenario, keys: readonly string[], connections: number, seconds: number, timing?: [number, number][], rate?: number) {
  const url = new URL(baseUrl);
  let connection = 0;
  const requestsWith = (key: string) => [
    {
      setupRequest: (request: autocannon.Request) => {
        const r = scenario.next(key);
        return { ...request, method: r.method, path: r.path, headers: { ...r.headers, host: url.host }, body: r.body };
      },
    },
  ];
  const instance = autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    timeout: 10,
    ...(rate ? { overallRate: rate } : {}),
    requests: requestsWith(keys[0] as string),
    setupClient: (client) => client.setRequests(requestsWith(keys[connection++ % keys.length] as string)),
  });
  // The promise autocannon returns is also its event emitter (one 'response' per answer).
  const events = instance as unknown as { on: (event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void) => void };
  if (timing) events.on('response', (_client, _status, _bytes, ms) => timing.push([Date.now(), ms]));
  return instance;
}

async function drain(baseUrl: string): Promise<void> {
  const until = performance.now() + 15_000;
  let quick = 0;
  while (quick < 3 && performance.now() < until) {
    const t = performance.now();
    await (await fetch(`${baseUrl}/readyz`)).arrayBuffer();
    quick = performance.now() - t < 50 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function readProbe(file: string): Probed[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Probed);
  } catch {
    return [];
  }
}

async function measure(
  setting: string,
  run: number,
  baseUrl: string,
  pid: number,
  probeFile: string,
  scenario: Scenario,
  keys: string[],
  o: Options,
): Promise<TailRun> {
  await fire(baseUrl, scenario, keys, o.connections, o.warmup, undefined, o.rate);
  await drain(baseUrl);
  await new Promise((r) => setTimeout(r, 250));
  const timing: [number, number][] = [];
  const rss = sampleRss(pid);
  const cpu0 = cpuMsOf(pid) as number;
  const threads0 = threadCpu(pid);
  const t0 = Date.now();
  const result = await fire(baseUrl, scenario, keys, o.connections, o.seconds, timing, o.rate);
  const t1 = Date.now();
  const cpu1 = cpuMsOf(pid) as number;
  const threads1 = threadCpu(pid);
  const peakRssMb = rss.stop();
  await new Promise((r) => setTimeout(r, 300)); // the probe's last lines
  await drain(baseUrl);
  const events = readProbe(probeFile).filter((e) => e.t >= t0 && e.t <= t1);
  const seconds = (t1 - t0) / 1000;
  const gcs = events.filter((e) => e.gc);
  const of = (kind: string) => gcs.filter((e) => e.gc === kind);
  const scav = of('scavenge');
  const mc = of('mark-compact');
  const sum = (xs: Probed[]) => xs.reduce((a, e) => a + (e.d ?? 0), 0);
  const max = (xs: number[]) => xs.reduce((a, x) => Math.max(a, x), 0);
  const gcSpans = gcs.map((e) => [e.t, e.t + (e.d ?? 0)] as [number, number]).sort((a, b) => a[0] - b[0]);
  const mcSpans = mc.map((e) => [e.t, e.t + (e.d ?? 0)] as [number, number]).sort((a, b) => a[0] - b[0]);
  const stalls = events.filter((e) => e.stall !== undefined);
  const stallNoGc = stalls
    .map((e) => [e.t, e.t + (e.stall as number)] as [number, number])
    .filter(([s, e]) => !overlaps(gcSpans, s, e))
    .sort((a, b) => a[0] - b[0]);
  const p99 = result.latency.p99;
  const tail = timing.filter(([, ms]) => ms >= p99);
  const share = (list: [number, number][], spans: [number, number][]) =>
    list.length === 0 ? 0 : list.filter(([end, ms]) => overlaps(spans, end - ms, end)).length / list.length;
  const sorted = [...timing].sort((a, b) => a[1] - b[1]);
  const mid = sorted.slice(Math.floor(sorted.length * 0.4), Math.ceil(sorted.length * 0.6));
  const gcMs = (list: [number, number][]) => (list.length === 0 ? 0 : list.reduce((a, [end, ms]) => a + covered(gcSpans, end - ms, end), 0) / list.length);
  const heaps = events.filter((e) => e.heap).map((e) => e.heap as NonNullable<Probed['heap']>);
  const answered = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  const expected = result.statusCodeStats?.[String(scenario.expect) as `${number}`]?.count ?? 0;
  return {
    setting,
    run,
    scenario: scenario.name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99,
    max: result.latency.max,
    cpuMsPerReq: (cpu1 - cpu0) / Math.max(1, answered),
    mainCpuMsPerReq: (threads1.main - threads0.main) / Math.max(1, answered),
    workerCpuMsPerReq: (threads1.workers - threads0.workers) / Math.max(1, answered),
    scavengesPer1k: (1000 * scav.length) / Math.max(1, answered),
    markCompactsPer1k: (1000 * mc.length) / Math.max(1, answered),
    peakRssMb,
    scavengesPerS: scav.length / seconds,
    scavengeMsPerS: sum(scav) / seconds,
    scavengeMaxMs: max(scav.map((e) => e.d ?? 0)),
    markCompactsPerS: mc.length / seconds,
    markCompactMsPerS: sum(mc) / seconds,
    markCompactMaxMs: max(mc.map((e) => e.d ?? 0)),
    stallsPerS: stalls.length / seconds,
    stallMaxMs: max(stalls.map((e) => e.stall as number)),
    tailWithGc: share(tail, gcSpans),
    tailWithMarkCompact: share(tail, mcSpans),
    tailWithStallNoGc: share(tail, stallNoGc),
    allWithGc: share(timing, gcSpans),
    tailGcMs: gcMs(tail),
    midGcMs: gcMs(mid),
    newSpaceMb: max(heaps.map((h) => h.newMb)),
    oldSpaceMb: max(heaps.map((h) => h.oldMb)),
    failures: answered - expected + result.errors,
  };
}

interface Options {
  /** Requests per second offered over all connections (open loop), instead of as many as answered. */
  rate: number | undefined;
  connections: number;
  seconds: number;
  warmup: number;
}

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const pct = (x: number) => `${Math.round(x * 100)}%`;

function line(r: TailRun): string {
  return [
    `  ${r.scenario.padEnd(20)} ${(r.setting || 'npm start').padEnd(28)} #${r.run}`,
    `${Math.round(r.rps).toString().padStart(5)} req/s  p50 ${r.p50} p99 ${r.p99} max ${r.max} ms`,
    `${f2(r.cpuMsPerReq)} CPU ms/req (main ${f2(r.mainCpuMsPerReq)}, V8 workers ${f2(r.workerCpuMsPerReq)})  RSS ${Math.round(r.peakRssMb)} MB`,
    `scav ${f1(r.scavengesPer1k)}/1k req ${f1(r.scavengesPerS)}/s ${f1(r.scavengeMsPerS)} ms/s (max ${f1(r.scavengeMaxMs)})`,
    `MC ${f2(r.markCompactsPerS)}/s ${f1(r.markCompactMsPerS)} ms/s (max ${f1(r.markCompactMaxMs)})`,
    `turns>${process.env.TAIL_STALL_MS ?? 8}ms ${f1(r.stallsPerS)}/s (max ${f1(r.stallMaxMs)})`,
    `p99 reqs with GC ${pct(r.tailWithGc)} (all ${pct(r.allWithGc)}), MC ${pct(r.tailWithMarkCompact)}, long turn w/o GC ${pct(r.tailWithStallNoGc)}`,
    `GC ms in a p99 req ${f1(r.tailGcMs)}, in a p50 req ${f1(r.midGcMs)}`,
    `new ${r.newSpaceMb} old ${r.oldSpaceMb} MB`,
    ...(r.failures ? [`${r.failures} failures`] : []),
  ].join(' | ');
}

async function main(): Promise<void> {
  const settings = (process.env.TAIL_FLAGS ?? '|--max-semi-space-size=32').split('|').map((s) => s.trim());
  const only = new RegExp(process.env.TAIL_ONLY ?? 'Whop retrieve|Fynn V2 retrieve', 'i');
  const runs = Number(process.env.TAIL_RUNS ?? 3);
  const o: Options = {
    rate: process.env.TAIL_RATE ? Number(process.env.TAIL_RATE) : undefined,
    connections: Number(process.env.TAIL_CONNECTIONS ?? 50),
    seconds: Number(process.env.TAIL_SECONDS ?? 6),
    warmup: Number(process.env.TAIL_WARMUP ?? 3),
  };
  const db = await createBenchDatabase(process.env.DATABASE_URL);
  const dir = mkdtempSync(join(tmpdir(), 'cg-tail-'));
  const all: TailRun[] = [];
  try {
    const first = await startGateway(db.url, { env: UNLIMITED, name: 'gateway (seeding)' });
    if (!first.bootstrapKey) throw new Error(`no bootstrap key:\n${first.child.stdout()}`);
    const gql = graphqlClient(first.baseUrl, first.bootstrapKey);
    const seeded = await seed(gql, Number(process.env.TAIL_LINKS ?? 1000));
    const scenarios = buildScenarios(seeded).filter((s) => only.test(s.name));
    // One set of keys per scenario; each gateway process counts its limits afresh (in memory), and
    // under TAIL_REDIS every gateway gets a namespace of its own.
    const keys = await createKeys(gql, scenarios.length * o.connections);
    await stop(first.child);
    log(
      `${db.label}; ${seeded.links.length} links; ${o.connections} connections${o.rate ? ` at ${o.rate} req/s` : ''}, ${o.warmup} s warm-up + ${o.seconds} s; npm start: node ${startArgs().join(' ')}; settings: ${settings.map((s) => s || '(as is)').join(' | ')}`,
    );
    for (let run = 1; run <= runs; run++) {
      for (const setting of settings) {
        const probeFile = join(dir, `probe-${run}-${settings.indexOf(setting)}.jsonl`);
        const port = await freePort();
        const baseUrl = `http://127.0.0.1:${port}`;
        const env: NodeJS.ProcessEnv = {
          ...Object.fromEntries(
            Object.entries(process.env).filter(([n]) => !/^(LOG_LEVEL|NODE_ENV|ORM_DEBUG|REDIS_URL|RATE_LIMIT_.*|TRUST_PROXY|NODE_OPTIONS)$/.test(n)),
          ),
          DATABASE_URL: db.url,
          PORT: String(port),
          HOST: '127.0.0.1',
          PUBLIC_URL: baseUrl,
          ADMIN_TOKEN,
          TAIL_PROBE_FILE: probeFile,
          ...(process.env.TAIL_REDIS === '1'
            ? { REDIS_URL: 'redis://127.0.0.1:6379', RATE_LIMIT_NAMESPACE: `cg-tail-${randomBytes(4).toString('hex')}:` }
            : {}),
        };
        const args = startArgs();
        const file = args.length - 1;
        const child = start({
          name: `gateway ${setting}`,
          args: [...args.slice(0, file), ...setting.split(/\s+/).filter(Boolean), '--import', PROBE, ...args.slice(file)],
          env,
        });
        await waitReady(child, `${baseUrl}/readyz`, performance.now());
        for (const [i, scenario] of scenarios.entries()) {
          const r = await measure(
            setting,
            run,
            baseUrl,
            child.proc.pid as number,
            probeFile,
            scenario,
            keys.slice(i * o.connections, (i + 1) * o.connections),
            o,
          );
          all.push(r);
          log(line(r));
          if (process.env.TAIL_JSON) appendFileSync(process.env.TAIL_JSON, `${JSON.stringify(r)}\n`);
        }
        await stop(child);
      }
    }
    log('\nmedians (min-max of p99) per scenario and setting:');
    log(
      '| scenario | setting | p99 ms | p50 ms | req/s | CPU ms/req (main / V8 workers) | scavenges/s (per 1k answers) | scavenge ms/s | mark-compacts/s | MC ms/s | MC max ms | peak RSS MB | new space MB | GC ms in p99 / p50 req |',
    );
    log('|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
    for (const scenario of scenarios)
      for (const setting of settings) {
        const rs = all.filter((r) => r.scenario === scenario.name && r.setting === setting);
        const m = (k: keyof TailRun) => median(rs.map((r) => r[k] as number));
        const p99s = rs.map((r) => r.p99);
        log(
          `| ${scenario.name} | ${setting || 'npm start'} | ${m('p99')} (${Math.min(...p99s)}-${Math.max(...p99s)}) | ${m('p50')} | ${Math.round(m('rps'))} | ${f2(m('cpuMsPerReq'))} (${f2(m('mainCpuMsPerReq'))} / ${f2(m('workerCpuMsPerReq'))}) | ${f1(m('scavengesPerS'))} (${f1(m('scavengesPer1k'))}) | ${f1(m('scavengeMsPerS'))} | ${f2(m('markCompactsPerS'))} | ${f1(m('markCompactMsPerS'))} | ${f1(m('markCompactMaxMs'))} | ${Math.round(m('peakRssMb'))} | ${m('newSpaceMb')} | ${f1(m('tailGcMs'))} / ${f1(m('midGcMs'))} |`,
        );
      }
  } finally {
    await stopAll();
    await db.drop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

runScript('tail', main);
