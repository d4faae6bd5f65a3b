// Child processes of the bench: start, wait until ready, sample memory, stop. Every process
// started here is registered so that `stopAll()` (called on success, failure and signals)
// ends it; nothing the bench starts outlives it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
export { freePort } from '../support/ports.ts';

export interface Child {
  name: string;
  proc: ChildProcess;
  /** The last 64 kB written to stdout. */
  stdout: () => string;
  /** Number of stdout lines matching the counter's pattern so far. */
  counted: () => number;
  stderr: () => string;
  /** The last 20 lines the process logged at pino's level error or fatal (an answer 5xx: its cause). */
  errorLines: () => string[];
  /** How many such lines it logged in all. */
  errorCount: () => number;
  exited: Promise<number | null>;
}

const running = new Set<Child>();
/** Set by stopAll(): no new process may start once the bench is shutting down. */
let closing = false;

export interface StartOptions {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** stdout lines matching this are counted (used for the ORM debug log: one line per SQL statement). */
  countLines?: RegExp;
}

function logFile(folder: string, name: string, pid: number | undefined) {
  mkdirSync(folder, { recursive: true });
  return createWriteStream(join(folder, `${name.replace(/[^\w.-]+/g, '-')}-${pid ?? 'x'}.log`));
}

export function start(options: StartOptions): Child {
  if (closing) throw new Error(`not starting ${options.name}: the bench is shutting down`);
  const proc = spawn(process.execPath, options.args, {
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The last ~64 kB of stdout as chunks (no string copied per chunk: the gateway at the default
  // log level writes a line per request, and the bench's own CPU is autocannon's).
  const chunks: string[] = [];
  let kept = 0;
  let err = '';
  let count = 0;
  let partial = '';
  const errorLines: string[] = [];
  let errorCount = 0;
  // BENCH_LOG=<folder>: every process's whole stdout in <folder>/<name>-<pid>.log (what the
  // gateway logged around a stall: its access lines carry each answer's time).
  const tee = process.env.BENCH_LOG ? logFile(process.env.BENCH_LOG, options.name, proc.pid) : null;
  proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    tee?.write(chunk);
    chunks.push(chunk);
    if (chunk.includes('"level":50') || chunk.includes('"level":60')) {
      for (const line of chunk.split('\n')) {
        if (!/"level":[56]0/.test(line)) continue;
        errorCount++;
        errorLines.push(line.slice(0, 2_000));
      }
      errorLines.splice(0, Math.max(0, errorLines.length - 20));
    }
    kept += chunk.length;
    while (kept - (chunks[0]?.length ?? 0) > 64_000) kept -= (chunks.shift() as string).length;
    if (options.countLines) {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (options.countLines.test(line)) count++;
    }
  });
  proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err = (err + chunk).slice(-64_000);
  });
  if (tee) proc.on('close', () => tee.end());
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const child: Child = {
    name: options.name,
    proc,
    stdout: () => chunks.join('').slice(-64_000),
    stderr: () => err,
    errorLines: () => [...errorLines],
    errorCount: () => errorCount,
    counted: () => count,
    exited,
  };
  running.add(child);
  void exited.then(() => running.delete(child));
  return child;
}

/** Polls `url` until it answers 200; returns the milliseconds since `since`. */
export async function waitReady(child: Child, url: string, since: number, timeoutMs = 180_000): Promise<number> {
  let dead = false;
  void child.exited.then(() => {
    dead = true;
  });
  while (performance.now() - since < timeoutMs) {
    if (dead) throw new Error(`${child.name} exited before it was ready:\n${child.stderr()}\n${child.stdout()}`);
    try {
      const response = await fetch(url);
      if (response.status === 200) return performance.now() - since;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${child.name} not ready after ${timeoutMs} ms:\n${child.stderr()}`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stop(child: Child, graceMs = 10_000): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

export async function stopAll(): Promise<void> {
  closing = true;
  await Promise.all([...running].map((child) => stop(child)));
}

/** Resident memory of a process in MB (VmRSS and the kernel's high-water mark VmHWM), from /proc. */
export function memoryOf(pid: number): { rssMb: number; hwmMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** Samples the RSS of `pid` every `everyMs` until stopped; returns the peak seen (MB). */
export function sampleRss(pid: number, everyMs = 100): { stop: () => number } {
  let peak = 0;
  const take = () => {
    const m = memoryOf(pid);
    if (m && m.rssMb > peak) peak = m.rssMb;
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return peak;
    },
  };
}

/** Runs a bench script's `main`, then exits: 0 once it resolves, 1 (its stack printed) if it throws. */
export function runScript(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`${name} failed:`, error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
