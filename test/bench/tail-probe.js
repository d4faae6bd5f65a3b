// Preloaded into the gateway by tail.ts (node --import): records, with wall-clock times, every
// GC pause of the main thread (perf_hooks 'gc' entries: kind and duration) and every event-loop
// turn longer than TAIL_STALL_MS (a 2 ms timer that came late: a long synchronous task, a big
// batch of I/O callbacks, or a GC pause), and appends them as JSON lines to TAIL_PROBE_FILE every
// 200 ms. Plain JavaScript, only built-ins: it loads before the gateway and must not change it.
import { appendFileSync } from 'node:fs';
import { constants, PerformanceObserver, performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

const file = process.env.TAIL_PROBE_FILE;
if (file) {
  const stallMs = Number(process.env.TAIL_STALL_MS ?? 8);
  const origin = performance.timeOrigin;
  /** @type {string[]} */
  let lines = [];
  const kinds = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = kinds[/** @type {any} */ (e).detail?.kind ?? /** @type {any} */ (e).kind] ?? 'other';
      lines.push(JSON.stringify({ gc: kind, t: origin + e.startTime, d: e.duration }));
    }
  }).observe({ entryTypes: ['gc'] });
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const late = now - last - 2;
    if (late > stallMs) lines.push(JSON.stringify({ stall: late, t: origin + last + 2 }));
    last = now;
  }, 2).unref();
  setInterval(() => {
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s]));
    const mb = (n) => Math.round(n / 104857.6) / 10;
    lines.push(
      JSON.stringify({
        heap: {
          newMb: mb(spaces.new_space?.space_size ?? 0),
          oldUsedMb: mb(spaces.old_space?.space_used_size ?? 0),
          oldMb: mb(spaces.old_space?.space_size ?? 0),
        },
        t: Date.now(),
      }),
    );
    if (lines.length === 0) return;
    const out = lines;
    lines = [];
    appendFileSync(file, `${out.join('\n')}\n`);
  }, 200).unref();
}
