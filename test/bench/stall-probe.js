// Diagnostic preload (node --import): logs event-loop stalls with timestamps, the PGlite protocol
// calls that took long (and the fs calls Emscripten's NODEFS made inside them), and long GCs.
// Output lines start with "[stall-probe]" on stderr. STALL_PROBE_MS: threshold (default 100).
import fs from 'node:fs';
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';

const LIMIT = Number(process.env.STALL_PROBE_MS || 100);
const t0 = performance.now();
const now = () => (performance.now() - t0).toFixed(0);
const FILE = process.env.STALL_PROBE_FILE;
const out = (line) => {
  const text = `[stall-probe] ${process.pid} ${new Date().toISOString()} t=${now()} ${line}\n`;
  if (FILE) fs.appendFileSync(FILE, text);
  else process.stderr.write(text);
};

// fs accounting (NODEFS uses require('fs'), the same object)
const acc = { write: 0, writeBytes: 0, writeMs: 0, read: 0, readBytes: 0, readMs: 0, open: 0, openMs: 0, other: 0, otherMs: 0, fsync: 0, fsyncMs: 0 };
const wrap = (name, kind, bytesArg) => {
  const orig = fs[name];
  fs[name] = function (...args) {
    const s = performance.now();
    try {
      return orig.apply(this, args);
    } finally {
      const d = performance.now() - s;
      acc[kind]++;
      acc[`${kind}Ms`] += d;
      if (bytesArg !== undefined && typeof args[bytesArg] === 'number') acc[`${kind}Bytes`] += args[bytesArg];
    }
  };
};
wrap('writeSync', 'write', 3);
wrap('readSync', 'read', 3);
wrap('openSync', 'open');
wrap('fsyncSync', 'fsync');
wrap('fdatasyncSync', 'fsync');
const byName = new Map();
for (const n of [
  'closeSync',
  'ftruncateSync',
  'renameSync',
  'unlinkSync',
  'lstatSync',
  'statSync',
  'fstatSync',
  'readdirSync',
  'mkdirSync',
  'rmdirSync',
  'utimesSync',
  'futimesSync',
  'readlinkSync',
  'existsSync',
  'accessSync',
]) {
  if (!fs[n]) continue;
  const orig = fs[n];
  fs[n] = function (...args) {
    byName.set(n, (byName.get(n) ?? 0) + 1);
    if (n !== 'closeSync' && n !== 'fstatSync')
      byName.set(`${n}:${String(args[0]).replace(/[0-9]+/g, '#')}`, (byName.get(`${n}:${String(args[0]).replace(/[0-9]+/g, '#')}`) ?? 0) + 1);
    return orig.apply(this, args);
  };
  wrap(n, 'other');
}
const topNames = () => {
  const t = [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  byName.clear();
  return t;
};
const pgl = { calls: 0, ms: 0 };
const pglTotal = { calls: 0 };
const snap = () => ({ ...acc });
const diff = (a, b) =>
  `fs write ${b.write - a.write}x ${((b.writeBytes - a.writeBytes) / 1048576).toFixed(1)}MB ${(b.writeMs - a.writeMs).toFixed(0)}ms, read ${b.read - a.read}x ${((b.readBytes - a.readBytes) / 1048576).toFixed(1)}MB ${(b.readMs - a.readMs).toFixed(0)}ms, open ${b.open - a.open}x ${(b.openMs - a.openMs).toFixed(0)}ms, fsync ${b.fsync - a.fsync}x ${(b.fsyncMs - a.fsyncMs).toFixed(0)}ms, other ${b.other - a.other}x ${(b.otherMs - a.otherMs).toFixed(0)}ms`;

let last = performance.now();
let before = snap();
setInterval(() => {
  const n = performance.now();
  const gap = n - last - 10;
  const s = snap();
  if (gap > LIMIT) out(`loop stall ${gap.toFixed(0)}ms; pglite ${pgl.calls} calls ${pgl.ms.toFixed(0)}ms; ${diff(before, s)}; ${topNames()}`);
  else byName.clear();
  pgl.calls = 0;
  pgl.ms = 0;
  before = s;
  last = n;
}, 10).unref();

const h = monitorEventLoopDelay({ resolution: 10 });
h.enable();
setInterval(() => {
  out(
    `summary 5s: eld p50 ${(h.percentile(50) / 1e6).toFixed(0)} p99 ${(h.percentile(99) / 1e6).toFixed(0)} max ${(h.max / 1e6).toFixed(0)}ms; totals write ${acc.write}x ${(acc.writeBytes / 1048576).toFixed(0)}MB ${acc.writeMs.toFixed(0)}ms`,
  );
  h.reset();
}, 5000).unref();

new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (e.duration > 30) out(`gc kind=${e.detail?.kind} ${e.duration.toFixed(0)}ms`);
}).observe({ entryTypes: ['gc'] });

const { PGlite } = await import('@electric-sql/pglite');
const orig = PGlite.prototype.execProtocolRawSync;
const text = (u8) => {
  let s = '';
  for (let i = 0; i < Math.min(u8.length, 400); i++) {
    const c = u8[i];
    s += c >= 32 && c < 127 ? String.fromCharCode(c) : c === 0 ? '|' : '';
  }
  return s.slice(0, 160);
};
let instance;
const ANALYZE_AT = Number(process.env.STALL_PROBE_ANALYZE_AT || 0);
const analyzeLater = () =>
  setTimeout(async () => {
    if (!instance) return out('analyze: no instance');
    const s = performance.now();
    await instance.exec('ANALYZE');
    out(`analyze ${(performance.now() - s).toFixed(0)}ms`);
  }, ANALYZE_AT).unref();
PGlite.prototype.execProtocolRawSync = function (msg) {
  if (!instance) {
    instance = this;
    if (ANALYZE_AT) analyzeLater();
  }
  const a = snap();
  const s = performance.now();
  try {
    return orig.call(this, msg);
  } finally {
    const d = performance.now() - s;
    pgl.calls++;
    pglTotal.calls++;
    pgl.ms += d;
    if (d > LIMIT / 2) out(`pglite call ${d.toFixed(0)}ms [${text(msg)}]; ${diff(a, snap())}`);
  }
};
out(`armed (limit ${LIMIT}ms)`);

// Server-side request durations (from the 'request' event to 'finish'): the slow ones, and a summary.
const http = await import('node:http');
const durations = [];
const origEmit = http.Server.prototype.emit;
http.Server.prototype.emit = function (...args) {
  const [event, req, res] = args;
  if (event === 'request') {
    const s = performance.now();
    const calls0 = pglTotal.calls;
    res.on('finish', () => {
      const d = performance.now() - s;
      durations.push(d);
      if (d > 1000)
        out(
          `slow request ${d.toFixed(0)}ms ${req.method} ${req.url.slice(0, 40)} started t=${(s - t0).toFixed(0)}; pglite calls meanwhile ${pglTotal.calls - calls0}`,
        );
    });
  }
  return origEmit.apply(this, args);
};
setInterval(() => {
  if (!durations.length) return;
  durations.sort((a, b) => a - b);
  const p = (q) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))].toFixed(0);
  out(`requests 5s: n=${durations.length} server p50 ${p(0.5)} p99 ${p(0.99)} max ${p(1)}ms`);
  durations.length = 0;
}, 5000).unref();
