// The bench's child processes keep the lines logged at pino's error and fatal levels, so a
// scenario's 5xx answers come with their cause in the bench's output (run.ts, measurePass), and
// with BENCH_LOG their whole stdout goes to a file of their own.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { start } from './processes.ts';

describe('a child of the bench', () => {
  it('keeps its error and fatal lines (the last 20) and counts them all, and nothing else', async () => {
    const script = `
      for (let i = 0; i < 25; i++) console.log(JSON.stringify({ level: 50, msg: 'failed ' + i }));
      console.log(JSON.stringify({ level: 30, msg: 'request completed' }));
      console.log(JSON.stringify({ level: 60, msg: 'fatal' }));`;
    const child = start({ name: 'logger', args: ['-e', script], env: process.env });
    expect(await child.exited).toBe(0);
    expect(child.errorCount()).toBe(26);
    const lines = child.errorLines();
    expect(lines).toHaveLength(20);
    expect(JSON.parse(lines[0] as string).msg).toBe('failed 6');
    expect(JSON.parse(lines[19] as string).msg).toBe('fatal');
    expect(lines.some((l) => l.includes('request completed'))).toBe(false);
  });

  it('writes its whole stdout to <BENCH_LOG>/<name>-<pid>.log when BENCH_LOG names a folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cg-bench-log-'));
    const before = process.env.BENCH_LOG;
    process.env.BENCH_LOG = folder;
    try {
      const child = start({ name: 'gateway defaults', args: ['-e', `for (let i = 0; i < 3000; i++) console.log('line ' + i)`], env: process.env });
      expect(await child.exited).toBe(0);
      const name = `gateway-defaults-${child.proc.pid}.log`;
      expect(readdirSync(folder)).toEqual([name]);
      // The file is closed once the child's stdout is: wait for its last line.
      const until = Date.now() + 10_000;
      while (!readFileSync(join(folder, name), 'utf8').endsWith('line 2999\n') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      const lines = readFileSync(join(folder, name), 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(3000);
      expect(lines[2999]).toBe('line 2999');
    } finally {
      if (before === undefined) delete process.env.BENCH_LOG;
      else process.env.BENCH_LOG = before;
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
