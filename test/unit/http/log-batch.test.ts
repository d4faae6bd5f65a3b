// The log's batching (src/http/log-batch.ts): lines logged close together leave in one write,
// none waits longer than the batch's time, and a process that exits right after logging still
// writes every line (a real child process writing to its stdout).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LogBatch } from '../../../src/http/log-batch.ts';

const run = promisify(execFile);
const BATCH = fileURLToPath(new URL('../../../src/http/log-batch.ts', import.meta.url));

class Sink {
  writes: string[] = [];
  syncFlushes = 0;
  write(data: string) {
    this.writes.push(data);
    return true;
  }
  flushSync() {
    this.syncFlushes++;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('LogBatch', () => {
  it('gathers the lines of its time into one write, and writes each within that time', async () => {
    const sink = new Sink();
    const batch = new LogBatch(sink, 30);
    batch.write('a\n');
    batch.write('b\n');
    batch.write('c\n');
    expect(sink.writes).toEqual([]);
    await sleep(80);
    expect(sink.writes).toEqual(['a\nb\nc\n']);
    batch.write('d\n');
    await sleep(80);
    expect(sink.writes).toEqual(['a\nb\nc\n', 'd\n']);
    // Idle: nothing more is written.
    await sleep(80);
    expect(sink.writes).toHaveLength(2);
  });

  it('flushSync writes what is gathered at once and flushes the sink', () => {
    const sink = new Sink();
    const batch = new LogBatch(sink, 10_000);
    batch.write('x\n');
    batch.flushSync();
    expect(sink.writes).toEqual(['x\n']);
    expect(sink.syncFlushes).toBe(1);
  });

  it('a process that exits right after logging writes every line', async () => {
    const script = `
      import { pino } from 'pino';
      import { LogBatch } from ${JSON.stringify(BATCH)};
      const log = pino(new LogBatch(pino.destination({ dest: 1, sync: false, minLength: 0 }), 60_000));
      for (let i = 0; i < 1000; i++) log.info({ i }, 'line');
      process.exit(0);
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('../../../', import.meta.url)) });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1000);
    expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({ i: 999, msg: 'line' });
  });
});
