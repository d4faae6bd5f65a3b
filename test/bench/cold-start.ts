// `node test/bench/cold-start.ts`: the gateway's cold start alone, measured as the bench measures
// it (spawn -> /readyz 200, started as `npm start` starts it), without the load run:
//   a fresh database (PGlite folder, or `cg_bench_<random>` on the DATABASE_URL server), one first
//   start (migrations, bootstrap), then COLD_N restarts on that database (default 5); prints each,
//   the median, the CPU time the process used until ready (steadier than wall-clock on a busy
//   machine) and the RSS at ready. The database is removed afterwards.
// COLD_PROFILE=<folder>: every restart writes a V8 CPU profile there (profile-summary.ts reads it).
import { createBenchDatabase } from './database.ts';
import { startGateway } from './gateway.ts';
import { cpuMsOf, memoryOf, stop, stopAll } from './processes.ts';

const n = Number(process.env.COLD_N ?? 5);
const profile = process.env.COLD_PROFILE;
const db = await createBenchDatabase(process.env.DATABASE_URL);
const log = (line: string) => process.stdout.write(`${line}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

try {
  log(`cold start on ${db.label}`);
  const first = await startGateway(db.url);
  log(`first start (migrations, bootstrap): ${Math.round(first.coldStartMs)} ms, RSS ${Math.round(memoryOf(first.child.proc.pid as number)?.rssMb ?? 0)} MB`);
  await stop(first.child);
  const times: number[] = [];
  const rss: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const env: Record<string, string> = profile ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profile}` } : {};
    const gateway = await startGateway(db.url, { env });
    const m = memoryOf(gateway.child.proc.pid as number);
    const c = cpuMsOf(gateway.child.proc.pid as number) ?? 0;
    times.push(gateway.coldStartMs);
    rss.push(m?.rssMb ?? 0);
    cpu.push(c);
    const banner = /ready in (\d+) ms/.exec(gateway.child.stdout())?.[1];
    log(
      `restart ${i + 1}: ${Math.round(gateway.coldStartMs)} ms (the gateway's own count: ${banner ?? '?'} ms), CPU ${Math.round(c)} ms, RSS ${Math.round(m?.rssMb ?? 0)} MB`,
    );
    await stop(gateway.child);
  }
  if (n > 0) log(`median of ${n} restarts: ${Math.round(median(times))} ms, CPU ${Math.round(median(cpu))} ms, RSS at ready ${Math.round(median(rss))} MB`);
} finally {
  await stopAll();
  await db.drop();
}
