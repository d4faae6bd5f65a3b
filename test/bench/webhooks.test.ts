// The webhook scenario's arithmetic and its place in the bench report.
import { describe, expect, it } from 'vitest';
import { markdown, type Report } from './report.ts';
import { quantile, type WebhookBenchResult } from './webhooks.ts';

describe('webhook bench', () => {
  it('p99 is the nearest-rank quantile', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(hundred, 0.99)).toBe(99);
    expect(quantile(hundred, 0.5)).toBe(50);
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.99)).toBeNaN();
  });

  it('the report prints events per second and the p99 lag when the scenario ran', () => {
    const webhooks: WebhookBenchResult = {
      completions: 50,
      concurrency: 10,
      completed: 50,
      delivered: 49,
      completionsPerSecond: 12.5,
      eventsPerSecond: 11.25,
      lagP50Ms: 40,
      lagP99Ms: 310,
      lagMaxMs: 420,
      note: '1 events not delivered within 30 s of the last completion',
    };
    const report: Report = {
      database: 'PGlite',
      date: '2026-12-06 05:00 UTC',
      machine: 'test',
      settings: { connections: 1, warmupSeconds: 0, durationSeconds: 1, links: 2 },
      coldStart: { firstStartMs: 1, restartMs: 1 },
      seedMs: 1,
      rows: [],
      targets: [],
      webhooks,
    };
    const md = markdown(report);
    expect(md).toContain('| 50 checkouts, 10 at a time, commit -> delivery | 50 | 49 | 12.5 | 11.3 | 40 | 310 | 420 | 1 events not delivered');
    expect(markdown({ ...report, webhooks: null })).not.toContain('webhooks (STANDARD');
  });
});
