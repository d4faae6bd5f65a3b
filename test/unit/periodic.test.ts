// startPeriodic (src/periodic.ts): the first run after firstMs, then every interval; never two
// runs at once; a failure logged and run again at the next interval; close waits for a run.
import { describe, expect, it } from 'vitest';
import { startPeriodic } from '../../src/periodic.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startPeriodic', () => {
  it('never runs the job twice at once, and close waits for the run in progress', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    let finished = 0;
    const periodic = startPeriodic(
      'probe',
      async () => {
        runs++;
        most = Math.max(most, ++active);
        await sleep(60);
        active--;
        finished++;
      },
      { warn: () => {} },
      { intervalMs: 10, firstMs: 0 },
    );
    await sleep(150);
    await periodic.close();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(most).toBe(1);
    expect(finished).toBe(runs);
    await sleep(50);
    expect(runs).toBe(finished); // nothing after close
  });

  it('logs a failure and runs again at the next interval', async () => {
    const warnings: string[] = [];
    let runs = 0;
    const periodic = startPeriodic(
      'probe',
      async () => {
        runs++;
        throw new Error('boom');
      },
      { warn: (_o, m) => warnings.push(m) },
      { intervalMs: 15 },
    );
    await sleep(80);
    await periodic.close();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(warnings[0]).toBe('probe failed; retried at the next interval');
    expect(warnings).toHaveLength(runs);
  });
});
