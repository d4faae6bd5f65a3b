// `node test/bench/cold-start.ts`: the gateway's cold start alone, measured as the bench measures
// it (spawn -> /readyz 200, started as `npm start` starts it), without the load run:
//   a fresh database (PGlite folder, or `cg_bench_<random>` on the DATABASE_URL server), one first
//   start (migrations, bootstrap), then COLD_N restarts on that database (default 5); prints each,
//   the median, the CPU time the process used until ready (steadier than wall-clock on a busy
//   machine) and the RSS at ready. The database is removed afterwards.
// COLD_PROFILE=<folder>: every restart writes a V8 CPU profile there (profile-summary.ts reads it).
// The gateway runs as `npm start` runs it: from the build in dist/ when that is up to date (npm run
// build; src/main.js), else from source; each line says which. COLD_COMPARE=1 starts each restart
// twice, from source (GATEWAY_SOURCE=1) and from the build, back to back, and prints both medians
// (the build must be up to date). COLD_BASELINE=<folder> starts each restart twice, from that
// checkout (e.g. an older commit with its own build and node_modules) and from this one, in
// alternating order (ABBA), and prints both medians, their ranges and the median of the paired
// differences: an A/B on the same database under the same load.
import { fileURLToPath } from 'node:url';
import { createBenchDatabase } from './database.ts';
import { startArgs, startGateway } from './gateway.ts';
import { cpuMsOf, memoryOf, stop, stopAll } from './processes.ts';

const n = Number(process.env.COLD_N ?? 5);
const profile = process.env.COLD_PROFILE;
const db = await createBenchDatabase(process.env.DATABASE_URL);
const log = (line: string) => process.stdout.write(`${line}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const range = (xs: number[]) => `${Math.round(Math.min(...xs))}-${Math.round(Math.max(...xs))}`;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const baseline = process.env.COLD_BASELINE?.replace(/\/?$/, '/');
/** `npm start`'s arguments, run from another checkout (COLD_BASELINE). */
const argsFrom = (root: string) => startArgs().map((a) => (a.startsWith(ROOT) ? root + a.slice(ROOT.length) : a));

try {
  log(`cold start on ${db.label}`);
  const first = await startGateway(db.url);
  log(`first start (migrations, bootstrap): ${Math.round(first.coldStartMs)} ms, RSS ${Math.round(memoryOf(first.child.proc.pid as number)?.rssMb ?? 0)} MB`);
  await stop(first.child);
  const variants: { name: string; env: Record<string, string>; args?: string[] }[] = baseline
    ? [
        { name: 'baseline', env: {}, args: argsFrom(baseline) },
        { name: 'this', env: {} },
      ]
    : process.env.COLD_COMPARE === '1'
      ? [
          { name: 'source', env: { GATEWAY_SOURCE: '1' } },
          { name: 'build', env: {} },
        ]
      : [{ name: '', env: {} }];
  const runs = variants.map(() => ({ times: [] as number[], rss: [] as number[], cpu: [] as number[], from: '' }));
  // A/B: one unmeasured start of each first, so that both builds run with the code cache their first start saves.
  if (baseline) for (const variant of variants) await stop((await startGateway(db.url, { env: variant.env, args: variant.args })).child);
  for (let i = 0; i < n; i++) {
    // ABBA: neither variant always runs first (a start right after another finds warmer caches).
    const order = [...variants.entries()];
    if (i % 2 === 1) order.reverse();
    for (const [v, variant] of order) {
      const run = runs[v] as (typeof runs)[number];
      const env: Record<string, string> = { ...variant.env, ...(profile ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profile}` } : {}) };
      const gateway = await startGateway(db.url, { env, args: variant.args });
      const m = memoryOf(gateway.child.proc.pid as number);
      const c = cpuMsOf(gateway.child.proc.pid as number) ?? 0;
      run.times.push(gateway.coldStartMs);
      run.rss.push(m?.rssMb ?? 0);
      run.cpu.push(c);
      // "ready in N ms on <database>, from <the build | source …>" (N: since the process started).
      const [, banner, from] = /ready in (\d+) ms on [^\n]*?, (from [^\n]*)/.exec(gateway.child.stdout()) ?? [];
      run.from = from ?? '?';
      log(
        `restart ${i + 1}${variant.name ? ` (${variant.name})` : ''}: ${Math.round(gateway.coldStartMs)} ms (the gateway's own count: ${banner ?? '?'} ms), CPU ${Math.round(c)} ms, RSS ${Math.round(m?.rssMb ?? 0)} MB, ${run.from}`,
      );
      await stop(gateway.child);
    }
  }
  for (const [v, run] of runs.entries())
    if (n > 0)
      log(
        `median of ${n} restarts${variants[v]?.name ? ` (${variants[v]?.name})` : ''}: ${Math.round(median(run.times))} ms (${range(run.times)}), CPU ${Math.round(median(run.cpu))} ms (${range(run.cpu)}), RSS at ready ${Math.round(median(run.rss))} MB (${run.from})`,
      );
  if (n > 0 && runs.length === 2) {
    const [a, b] = runs as [(typeof runs)[number], (typeof runs)[number]];
    const diff = (xs: number[], ys: number[]) => xs.map((x, i) => (ys[i] as number) - x);
    const time = diff(a.times, b.times);
    const cpu = diff(a.cpu, b.cpu);
    log(
      `paired (${variants[1]?.name} - ${variants[0]?.name}): time median ${Math.round(median(time))} ms (${range(time)}, ${time.filter((d) => d < 0).length}/${n} faster), CPU median ${Math.round(median(cpu))} ms (${range(cpu)}, ${cpu.filter((d) => d < 0).length}/${n} less)`,
    );
  }
} finally {
  await stopAll();
  await db.drop();
}
