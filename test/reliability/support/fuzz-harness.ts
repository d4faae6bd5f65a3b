// Runs generated requests against one endpoint with fc.assert and checks each answer: never a
// 5xx, a refusal in the face's own error shape, an acceptance in a success shape, and no row
// left behind by a refusal (row counts of every table before and after, one SQL each).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import type { Reply } from './error-shapes.ts';
import { countDiff, rowCounter, type RowCounter } from './row-counts.ts';

/** Generated bodies per endpoint (FUZZ_RUNS, default 1000). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
/** The base seed (FUZZ_SEED); endpoint i of a file runs with FUZZ_SEED + i. */
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20_260_715;
/**
 * By default every generated request runs and each distinct failure is collected (with its curl
 * repro); the test fails at the end listing them all. FUZZ_SHRINK=1: stop at the first failure
 * and let fast-check shrink it (its message then names the seed and path to replay).
 */
const COLLECT = process.env.FUZZ_SHRINK !== '1';
/** FUZZ_DUMP=<dir>: every failing request is also written there in full (JSON), for replay. */
const DUMP = process.env.FUZZ_DUMP;
let dumped = 0;

function dump(req: FuzzRequest, status: number, body: string): void {
  if (!DUMP) return;
  mkdirSync(DUMP, { recursive: true });
  writeFileSync(join(DUMP, `failure-${process.pid}-${++dumped}.json`), JSON.stringify({ ...req, response: { status, body } }));
}

export interface FuzzRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

export interface Judgement {
  /** A refusal: no row may be left behind. */
  refused: boolean;
  /** What is wrong with the answer's shape, or null. */
  problem: string | null;
}

export interface Endpoint {
  name: string;
  request: fc.Arbitrary<FuzzRequest>;
  judge(res: Reply, req: FuzzRequest): Judgement;
  /** Runs for this endpoint when its input space is small (default FUZZ_RUNS). */
  runs?: number;
  /** Success answers are redirects (a page's form post: 303 See Other). */
  redirects?: boolean;
}

/** A shell word for `value` as sent on the wire (lone surrogates become U+FFFD, as UTF-8 encoding does). */
function shellWord(value: string): string {
  const wire = value.toWellFormed();
  // eslint-disable-next-line no-control-regex
  if (!/[\x00-\x1f\x7f]/.test(wire)) return `'${wire.replace(/'/g, `'\\''`)}'`;
  // eslint-disable-next-line no-control-regex
  return `$'${wire.replace(/[\\']/g, (c) => `\\${c}`).replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}

/** A curl line for a request ($GATEWAY, the key as $KEY; bodies over `limit` characters are cut). */
export function curl(req: FuzzRequest, limit = 1500): string {
  const headers = Object.entries(req.headers).map(([k, v]) => {
    if (k !== 'authorization' || !/^(Basic|Bearer) /.test(v)) return `-H ${shellWord(`${k}: ${v}`)}`;
    return v.startsWith('Basic') ? '-H "authorization: Basic $(printf %s "$KEY:" | base64)"' : '-H "authorization: Bearer $KEY"';
  });
  const payload = req.payload;
  const body =
    payload === undefined
      ? ''
      : ` --data-binary ${payload.length > limit ? `${shellWord(`${payload.slice(0, limit)}`)}…(cut: ${payload.length} characters, FUZZ_DUMP has it whole)` : shellWord(payload)}`;
  return `curl -X ${req.method} "$GATEWAY${req.url}" ${headers.join(' ')}${body}`;
}

/** What is unusual in a body, to tell failures apart: NUL, lone surrogates, deep nesting, big numbers. */
export function traits(payload: string): string {
  const found: string[] = [];
  if (/\\u0000|\u0000|%00/.test(payload)) found.push('NUL');
  if (/\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i.test(payload) || !payload.isWellFormed())
    found.push('lone surrogate');
  if (/(\{"a":\[|\[\[|\{"a":\{|\[a\]){300}/.test(payload)) found.push('deep nesting');
  if (/[:[,=]\s*"?-?(\d{10,}|\d+(\.\d+)?[eE][+-]?\d{2,})/.test(payload)) found.push('big number');
  return found.join(', ') || 'plain';
}

/** Gives a request a short printable form for fast-check's counterexample line. */
export function printable(req: FuzzRequest): FuzzRequest {
  return Object.assign(req, { [fc.toStringMethod]: () => curl(req, 300) });
}

/** Requests and status histogram per endpoint, printed at the end of a file. */
export class FuzzStats {
  private rows = new Map<string, { statuses: Map<number, number>; ms: number }>();
  record(endpoint: string, status: number): void {
    const row = this.rows.get(endpoint) ?? { statuses: new Map(), ms: 0 };
    row.statuses.set(status, (row.statuses.get(status) ?? 0) + 1);
    this.rows.set(endpoint, row);
  }
  time(endpoint: string, ms: number): void {
    const row = this.rows.get(endpoint);
    if (row) row.ms += ms;
  }
  print(title: string): void {
    const lines = [`fuzz ${title}: FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${FUZZ_RUNS}`];
    let total = 0;
    for (const [endpoint, row] of this.rows) {
      const n = [...row.statuses.values()].reduce((a, b) => a + b, 0);
      total += n;
      const histogram = [...row.statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, c]) => `${s}:${c}`)
        .join(' ');
      lines.push(`  ${endpoint.padEnd(46)} ${String(n).padStart(6)} requests ${(row.ms / 1000).toFixed(1).padStart(6)} s   ${histogram}`);
    }
    const ms = [...this.rows.values()].reduce((a, r) => a + r.ms, 0);
    lines.push(`  ${'total'.padEnd(46)} ${String(total).padStart(6)} requests ${(ms / 1000).toFixed(1).padStart(6)} s`);
    console.log(lines.join('\n'));
  }
}

export interface Fuzzer {
  stats: FuzzStats;
  /** Runs FUZZ_RUNS generated requests against `endpoint`; fails listing every distinct failure (or the first, shrunk, with FUZZ_SHRINK=1). */
  run(endpoint: Endpoint, index: number): Promise<void>;
}

export async function fuzzer(gw: TestGateway): Promise<Fuzzer> {
  // Requests run with organisation A's key: organisation B's rows are watched.
  const counter: RowCounter = await rowCounter(gw.db, gw.orgB.id);
  const stats = new FuzzStats();
  return {
    stats,
    async run(endpoint, index) {
      const started = Date.now();
      const start = await counter.snapshot(true);
      let before = start.counts;
      let other = start.digest;
      const failures = new Map<string, { count: number; examples: { size: number; message: string }[] }>();
      const property = fc.asyncProperty(endpoint.request.map(printable), async (req) => {
        const res = await gw.inject({ method: req.method, url: req.url, headers: req.headers, ...(req.payload === undefined ? {} : { payload: req.payload }) });
        stats.record(endpoint.name, res.statusCode);
        const reply: Reply = { statusCode: res.statusCode, headers: res.headers, body: res.body };
        // Accepted writes also get organisation B's digest, in the same statement.
        const success = res.statusCode < 300 || (endpoint.redirects === true && res.statusCode < 400);
        const snapshot = await counter.snapshot(success);
        const after = snapshot.counts;
        const previous = before;
        before = after;
        const problems: string[] = [];
        if (res.statusCode >= 500) problems.push(`server error ${res.statusCode}`);
        else if (res.statusCode < 200 || (res.statusCode >= 300 && res.statusCode < 400 && !endpoint.redirects))
          problems.push(`unexpected status ${res.statusCode}`);
        const judged = endpoint.judge(reply, req);
        if (judged.problem) problems.push(`${judged.refused ? 'error' : 'success'} shape: ${judged.problem}`);
        if (judged.refused) {
          const diff = countDiff(previous, after);
          if (diff.length) problems.push(`rows left behind by a refused request: ${diff.join(', ')}`);
        } else if (snapshot.digest !== undefined) {
          if (snapshot.digest !== other) problems.push("organisation B's rows changed (a write escaped its WHERE clause)");
          other = snapshot.digest;
        }
        if (problems.length === 0) return;
        dump(req, res.statusCode, res.body);
        const message = `${endpoint.name}: ${problems.join('; ')} [body: ${traits(req.payload ?? '')}]\n  request:  ${curl(req)}\n  response: ${res.statusCode} ${res.body.slice(0, 600)}`;
        if (!COLLECT) throw new Error(message);
        // One entry per kind of failure, keeping its three smallest requests as repros.
        const signature = `${res.statusCode} ${problems.join('; ').replace(/[0-9a-f-]{36}|\d+/g, '#')} ${traits(req.payload ?? '')}`;
        const entry = failures.get(signature) ?? { count: 0, examples: [] };
        entry.count += 1;
        entry.examples.push({ size: req.payload?.length ?? 0, message });
        entry.examples.sort((a, b) => a.size - b.size).splice(3);
        failures.set(signature, entry);
      });
      try {
        await fc.assert(property, { numRuns: endpoint.runs ?? FUZZ_RUNS, seed: FUZZ_SEED + index, endOnFailure: false });
      } finally {
        stats.time(endpoint.name, Date.now() - started);
      }
      if (failures.size) {
        const listed = [...failures.values()].map((f) => `${f.count} request(s), e.g.:\n${f.examples.map((e) => e.message).join('\n')}`);
        throw new Error(`${failures.size} distinct failure(s):\n${listed.join('\n\n')}`);
      }
    },
  };
}

/**
 * A test file's suite: a gateway (rate limits raised out of the way), the face's endpoints from
 * `setup` (which seeds through the API), one test per endpoint name, a test that every endpoint
 * `setup` describes is fuzzed, and the request counts and status histogram printed at the end.
 */
export function fuzzSuite(face: string, names: string[], setup: (gw: TestGateway) => Promise<Endpoint[]>): void {
  let gw: TestGateway | undefined;
  let fuzz: Fuzzer | undefined;
  let endpoints: Endpoint[] = [];
  beforeAll(async () => {
    // No delivery worker or sweeper: their rows appear on their own time, not a request's.
    gw = await startGateway({ RATE_LIMIT_MAX: '100000000', RATE_LIMIT_ANONYMOUS_MAX: '100000000', WEBHOOK_WORKER: 'off' });
    fuzz = await fuzzer(gw);
    endpoints = await setup(gw);
    console.log(`fuzz ${face}: FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${FUZZ_RUNS}`);
  });
  afterAll(async () => {
    fuzz?.stats.print(face);
    await gw?.close();
  });
  describe(`${face} fuzzing`, () => {
    names.forEach((name, index) => {
      it(`${name}: never a 5xx, the face's error shape, no row left by a refusal`, async () => {
        const endpoint = endpoints.find((e) => e.name === name);
        if (!endpoint || !fuzz) throw new Error(`no endpoint ${name}`);
        await fuzz.run(endpoint, index);
      });
    });
    it('fuzzes every create and update endpoint the face describes', () => {
      const missing = endpoints.map((e) => e.name).filter((n) => !names.includes(n));
      if (missing.length || endpoints.length === 0) throw new Error(`not fuzzed: ${missing.join(', ') || 'nothing set up'}`);
    });
  });
}
