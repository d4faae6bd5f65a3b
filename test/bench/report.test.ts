// The bench's ratios and target checks (issue 17): pure functions over measured rows.
import { describe, expect, it } from 'vitest';
import { checkTargets, markdown, setRatios, type Pass, type Report, type Row } from './report.ts';

const load = (ok: number, p99 = 10, rss = 100, rateLimited = 0) => ({
  requestsPerSecond: ok + rateLimited / 10,
  okPerSecond: ok,
  rateLimited,
  p50Ms: 2,
  p99Ms: p99,
  requests: ok * 10 + rateLimited,
  failures: rateLimited,
  failureDetail: '',
  statusCodes: { 200: ok * 10 },
  peakRssMb: rss,
  cpuMsPerRequest: 0.5,
});
const row = (scenario: string, face: Row['face'], kind: Row['kind'], ok: number, extra: Partial<Row> = {}, pass: Pass = 'defaults'): Row => ({
  scenario,
  pass,
  face,
  kind,
  load: load(ok),
  sqlPerRequest: 2,
  ratioToBaseline: null,
  note: '',
  ...extra,
});
const cold = { firstStartMs: 2500, restartMs: 900 };

function rows(over: Partial<Record<string, Partial<Row>>> = {}): Row[] {
  const rs = [
    row('GraphQL checkoutLinks(first: 50)', 'GraphQL', 'query', 100, { sqlPerRequest: 9, ...over.g50 }),
    row('GraphQL checkoutLinks(first: 10)', 'GraphQL', 'query', 300, { sqlPerRequest: 9, ...over.g10 }),
    row('LeanRails retrieve', 'LeanRails', 'retrieve', 600, over.lr),
    row('Whop retrieve', 'Whop', 'retrieve', 700, over.whop),
    row('Whop retrieve', 'Whop', 'retrieve', 650, over.whopRedis, 'defaults + Redis'),
    row('Whop list (10)', 'Whop', 'list', 400, over.list),
    row('LeanRails create', 'LeanRails', 'create', 50, over.create),
    row('LeanRails retrieve', 'LeanRails', 'retrieve', 100, over.tuned, 'tuned'),
    row('baseline retrieve (1 SQL)', 'baseline', 'retrieve', 1000, { sqlPerRequest: 1, ...over.base }, 'baseline'),
    row('baseline GraphQL first: 50', 'baseline', 'query', 100, { sqlPerRequest: 7 }, 'baseline'),
    row('baseline GraphQL first: 10', 'baseline', 'query', 280, { sqlPerRequest: 7 }, 'baseline'),
    row('baseline create (1 transaction)', 'baseline', 'create', 200, { sqlPerRequest: 6 }, 'baseline'),
  ];
  setRatios(rs);
  return rs;
}

const met = (rs: Row[], c = cold, database = 'PostgreSQL') => checkTargets(rs, c, 50, database).map((t) => t.met);
const ALL_MET = [true, true, true, true, true, true, true, true];

describe('bench ratios', () => {
  it('compare each row with the baseline of its kind: retrieve and list with the retrieve, create with the create, GraphQL by page size', () => {
    const rs = rows();
    const ratio = (scenario: string, pass: Pass = 'defaults') => rs.find((r) => r.scenario === scenario && r.pass === pass)?.ratioToBaseline;
    expect(ratio('LeanRails retrieve')).toBeCloseTo(0.6);
    expect(ratio('Whop list (10)')).toBeCloseTo(0.4);
    expect(ratio('LeanRails create')).toBeCloseTo(0.25);
    expect(ratio('GraphQL checkoutLinks(first: 50)')).toBeCloseTo(1);
    expect(ratio('GraphQL checkoutLinks(first: 10)')).toBeCloseTo(300 / 280);
    expect(ratio('baseline create (1 transaction)', 'baseline')).toBe(1);
  });

  it('count only the expected answers: 429s do not raise a ratio', () => {
    const rs = rows({ lr: { load: load(300, 10, 100, 3000) } });
    expect(rs.find((r) => r.scenario === 'LeanRails retrieve' && r.pass === 'defaults')?.ratioToBaseline).toBeCloseTo(0.3);
  });
});

describe('bench targets', () => {
  it('are all met by a fast, constant-SQL, small gateway', () => {
    expect(met(rows())).toEqual(ALL_MET);
  });

  it('fail a retrieve below 60% (with Redis too), ignoring tuned rows', () => {
    expect(met(rows({ whop: { load: load(590) } }))[0]).toBe(false);
    expect(met(rows({ whopRedis: { load: load(590) } }))[0]).toBe(false);
    expect(met(rows({ tuned: { load: load(10) } }))[0]).toBe(true);
  });

  it('fail p99 >= 25 ms on a retrieve, a list below 40%, a create below 25%, GraphQL first:50 below 1.0x', () => {
    expect(met(rows({ lr: { load: load(600, 25) } }))[1]).toBe(false);
    expect(met(rows({ list: { load: load(390) } }))[2]).toBe(false);
    expect(met(rows({ create: { load: load(49) } }))[3]).toBe(false);
    expect(met(rows({ g50: { load: load(99) } }))[4]).toBe(false);
  });

  it('fail GraphQL SQL that grows with the page size, tolerating the designed extra statement above 10 links and a split batch', () => {
    expect(met(rows({ g50: { sqlPerRequest: 10 } }))[5]).toBe(true);
    expect(met(rows({ g50: { sqlPerRequest: 49 } }))[5]).toBe(false);
    // The designed extra statement above 10 links (plans after the page) plus a split batch now and then.
    expect(met(rows({ g10: { sqlPerRequest: 1 }, g50: { sqlPerRequest: 2.05 } }))[5]).toBe(true);
    expect(met(rows({ g10: { sqlPerRequest: 1 }, g50: { sqlPerRequest: 3 } }))[5]).toBe(false);
  });

  it('fail a peak RSS above twice the baseline, a restart >= 1 s on PostgreSQL or >= 2 s on PGlite', () => {
    expect(met(rows({ whop: { load: load(700, 10, 201) } }))[6]).toBe(false);
    expect(met(rows(), { firstStartMs: 900, restartMs: 1000 })[7]).toBe(false);
    expect(met(rows(), { firstStartMs: 900, restartMs: 1000 }, 'PGlite')[7]).toBe(true);
    expect(met(rows(), { firstStartMs: 900, restartMs: 2000 }, 'PGlite')[7]).toBe(false);
  });

  it('judge the cold start on the median of the restarts, and list each with the CPU until ready', () => {
    const cold = { firstStartMs: 2500, restartMs: 950, restartsMs: [1100, 950, 900], restartCpuMs: 800 };
    const target = checkTargets(rows(), cold, 50, 'PostgreSQL')[7];
    expect(target?.met).toBe(true);
    expect(target?.detail).toBe(
      '950 ms, median of 3 restarts (1,100, 950, 900 ms; CPU until ready 800 ms) (first start on an empty database, with migrations: 2,500 ms)',
    );
  });

  it('leave a target open (null) when its scenarios were skipped', () => {
    const skipped = rows().map((r) => (r.pass === 'baseline' ? r : { ...r, load: null, sqlPerRequest: null, ratioToBaseline: null }));
    expect(met(skipped).slice(0, 7)).toEqual([null, null, null, null, null, null, null]);
  });

  it('render one table row per scenario and pass, and one per target', () => {
    const rs = rows({ lr: { load: load(600, 10, 100, 12) } });
    const report: Report = {
      database: 'PGlite',
      date: 'now',
      machine: 'test',
      coldStart: cold,
      seedMs: 1000,
      rows: rs,
      settings: { connections: 50, warmupSeconds: 5, durationSeconds: 10, links: 1000 },
      targets: checkTargets(rs, cold, 50, 'PGlite'),
    };
    const md = markdown(report);
    expect(md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| scenario') && !l.startsWith('| target'))).toHaveLength(rs.length + 8);
    expect(md).toContain('| LeanRails retrieve | defaults | 600 | 2 | 10 | 0.50 | 100 | 2.0 | 60% | 12 |');
  });
});
