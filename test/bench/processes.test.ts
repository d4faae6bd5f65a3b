// The bench's child processes keep the lines logged at pino's error and fatal levels, so a
// scenario's 5xx answers come with their cause in the bench's output (run.ts, measurePass).
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
});
