// Summarises a V8 CPU profile (node --cpu-prof): self time by function and by file (or package),
// largest first. Usage: node test/bench/profile-summary.ts <file.cpuprofile> [top=25] [skip seconds=0]
// (skip: leave out the first seconds of the profile, e.g. the start-up before the load).
// Read native entries with care: V8's sampler takes the main thread's stack at intervals of wall
// time, so a thread that the kernel took off its core inside a native call is counted in that
// call. Under load on PostgreSQL, `writev` (the query's write, which wakes the database's backend)
// was 22-31% of a list's samples, in proportion to the backend's CPU (Whop list: PostgreSQL 0.47
// ms per request, `writev` 0.24 ms; LeanRails list: 0.13 and 0.07), while `perf record -g` on the
// Whop list's load put every socket write of the process, kernel included, at 7% of its CPU
// (`writev` 3.8%, `write` 3.6%). `perf` tells CPU apart from waiting for a core.
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<package> (scoped too), a project file relative to the repo, or the V8/Node bucket. */
export function fileOf(url: string): string {
  if (!url) return '(native / V8)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return `npm:${nm[1]}`;
  if (url.startsWith('node:')) return url;
  const m = /\/(src|adapters|test)\/(.*)$/.exec(url);
  return m ? `${m[1]}/${m[2]}` : url;
}

export function summarise(profile: Profile, skipUs = 0): { total: number; byFunction: [string, number][]; byFile: [string, number][] } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= skipUs) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const n = nodes.get(id);
    if (!n) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    total += us;
    const file = fileOf(url);
    const fn = `${functionName || '(anonymous)'} ${file}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { total, byFunction: sorted(byFunction), byFile: sorted(byFile) };
}

if (import.meta.main) {
  const [file, topArg, skipArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: node test/bench/profile-summary.ts <file.cpuprofile> [top]');
  const top = Number(topArg ?? 25);
  const { total, byFunction, byFile } = summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(skipArg ?? 0) * 1e6);
  const line = ([name, us]: [string, number]) => `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`;
  console.log(`busy CPU ${(total / 1000).toFixed(0)} ms (idle and (program) left out)\n\nby file / package:`);
  console.log(byFile.slice(0, top).map(line).join('\n'));
  console.log('\nby function (self time):');
  console.log(byFunction.slice(0, top).map(line).join('\n'));
}
