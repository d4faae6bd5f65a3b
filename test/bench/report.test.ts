// The bench's target checks (issue 7): pure functions over measured rows.
import { describe, expect, it } from 'vitest';
import { checkTargets, markdown, type Report, type Row } from './report.ts';

const load = (rps: number, p99 = 10, rss = 100) => ({ requestsPerSecond: rps, p50Ms: 2, p99Ms: p99, requests: rps * 10, failures: 0, failureDetail: '', statusCodes: { 200: rps * 10 }, peakRssMb: rss, cpuMsPerRequest: 0.5 });
const row = (scenario: string, face: Row['face'], kind: Row['kind'], rps: number, extra: Partial<Row> = {}): Row => ({
  scenario, face, kind, load: load(rps), sqlPerRequest: 2, ratioToBaseline: rps / 1000, note: '', ...extra,
});
const cold = { firstStartMs: 2500, restartMs: 900 };

function rows(over: Partial<Record<string, Partial<Row>>> = {}): Row[] {
  return [
    row('GraphQL checkoutLinks(first: 50)', 'GraphQL', 'query', 100, { sqlPerRequest: 9, ...over.g50 }),
    row('GraphQL checkoutLinks(first: 10)', 'GraphQL', 'query', 300, { sqlPerRequest: 9, ...over.g10 }),
    row('LeanRails retrieve', 'LeanRails', 'retrieve', 600, over.lr),
    row('Whop retrieve', 'Whop', 'retrieve', 700, over.whop),
    row('baseline retrieve (1 SQL)', 'baseline', 'retrieve', 1000, { sqlPerRequest: 1 }),
  ];
}

const met = (rs: Row[], c = cold) => checkTargets(rs, c, 50).map((t) => t.met);

describe('bench targets', () => {
  it('are all met by a fast, constant-SQL, small gateway', () => {
    expect(met(rows())).toEqual([true, true, true, true, true]);
  });

  it('fail a REST retrieve below half the baseline, ignoring non-retrieves and the baseline itself', () => {
    expect(met(rows({ whop: { ratioToBaseline: 0.49 } }))[0]).toBe(false);
    expect(met(rows({ g50: { ratioToBaseline: 0.01 } }))[0]).toBe(true);
  });

  it('fail GraphQL SQL that grows with the page size, tolerating one split batch', () => {
    expect(met(rows({ g50: { sqlPerRequest: 10 } }))[1]).toBe(true);
    expect(met(rows({ g50: { sqlPerRequest: 49 } }))[1]).toBe(false);
  });

  it('fail p99 >= 25 ms on a REST retrieve, RSS >= 250 MB, a restart >= 3 s', () => {
    expect(met(rows({ lr: { load: load(600, 25) } }))[2]).toBe(false);
    expect(met(rows({ whop: { load: load(700, 10, 250) } }))[3]).toBe(false);
    expect(met(rows(), { firstStartMs: 900, restartMs: 3000 })[4]).toBe(false);
  });

  it('leave a target open (null) when its scenarios were skipped', () => {
    const skipped = rows().map((r) => (r.face === 'baseline' ? r : { ...r, load: null, sqlPerRequest: null, ratioToBaseline: null }));
    expect(met(skipped).slice(0, 4)).toEqual([null, null, null, null]);
  });

  it('render one table row per scenario and one per target', () => {
    const rs = rows();
    const report: Report = {
      database: 'PGlite', date: 'now', machine: 'test', coldStart: cold, seedMs: 1000, rows: rs,
      settings: { connections: 50, warmupSeconds: 5, durationSeconds: 10, links: 1000 }, targets: checkTargets(rs, cold, 50),
    };
    const md = markdown(report);
    expect(md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| scenario') && !l.startsWith('| target'))).toHaveLength(rs.length + 5);
    expect(md).toContain('| LeanRails retrieve | 600 | 2 | 10 | 0.50 | 100 | 2.0 | 60% |');
  });
});
