// One load run of a scenario with autocannon: a warm-up (discarded), then the measured run,
// with the RSS of the server process sampled throughout. Every connection sends its own API key,
// so per-key rate limits apply as they would to that many clients; and like a client that keeps
// within its limit, a connection moves on to a fresh key of its own after REQUESTS_PER_KEY
// requests (keys[c], then keys[c + connections], ...). The gateway counts every request all the
// same; without the switch a fast machine measured refusals: on a quiet hour (baseline retrieve
// at 7,265 req/s) the LeanRails retrieve's 50 keys reached RATE_LIMIT_MAX (1,500 a minute) within
// the 15 s of warm-up and run, and 119,452 of its 163,322 answers were 429s.
import autocannon from 'autocannon';
import { cpuMsOf, sampleRss } from './processes.ts';
import type { Scenario } from './scenarios.ts';

export interface LoadSettings {
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
}

export interface LoadResult {
  /** Every answer per second (autocannon's average), 429s included. */
  requestsPerSecond: number;
  /** Answers with the scenario's expected status per second: what ratios compare. */
  okPerSecond: number;
  /** 429 answers (rate limited) in the measured run. */
  rateLimited: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Answers other than the scenario's expected status, plus connection errors and timeouts. */
  failures: number;
  /** What the failures were, e.g. "3 timeouts, 2 × 500". */
  failureDetail: string;
  /** Answers by status code. */
  statusCodes: Record<string, number>;
  peakRssMb: number;
  /** Server CPU time (user + system) per answered request, in ms: less sensitive to a busy machine than req/s. */
  cpuMsPerRequest: number | null;
}

/** Requests a connection sends with one key: two thirds of RATE_LIMIT_MAX's default (1,500 a minute). */
export const REQUESTS_PER_KEY = 1_000;
/** Keys per connection a scenario gets: enough for 200 requests a second per connection for 15 s. */
export const KEYS_PER_CONNECTION = 3;

/** Each connection's own keys, used one after another, REQUESTS_PER_KEY requests each (its last key keeps going). */
export class KeyRing {
  readonly #keys: readonly string[];
  readonly #connections: number;
  readonly #sent: number[];
  constructor(keys: readonly string[], connections: number) {
    if (keys.length < connections) throw new Error(`${connections} connections need as many API keys (got ${keys.length})`);
    this.#keys = keys;
    this.#connections = connections;
    this.#sent = new Array<number>(connections).fill(0);
  }
  /** The key of connection `c`'s next request. */
  next(c: number): string {
    const turn = Math.floor((this.#sent[c] as number) / REQUESTS_PER_KEY);
    this.#sent[c] = (this.#sent[c] as number) + 1;
    const last = Math.floor((this.#keys.length - 1 - c) / this.#connections);
    return this.#keys[c + Math.min(turn, last) * this.#connections] as string;
  }
}

function fire(baseUrl: string, scenario: Scenario, ring: KeyRing, connections: number, seconds: number): Promise<autocannon.Result> {
  const url = new URL(baseUrl);
  let connection = 0;
  const requestsOf = (c: number) => [
    {
      setupRequest: (request: autocannon.Request) => {
        const r = scenario.next(ring.next(c));
        return { ...request, method: r.method, path: r.path, headers: { ...r.headers, host: url.host }, body: r.body };
      },
    },
  ];
  return autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    timeout: 10,
    requests: requestsOf(0),
    // Called once per connection: from here on that connection sends its own keys.
    setupClient: (client) => client.setRequests(requestsOf(connection++ % connections)),
  });
}

/**
 * Waits until the server is idle again: requests still in flight when autocannon stops are
 * abandoned by the client but still worked off by the server, and would slow the next run.
 */
async function drain(baseUrl: string, path: string): Promise<void> {
  const until = performance.now() + 15_000;
  let quick = 0;
  while (quick < 3 && performance.now() < until) {
    const t = performance.now();
    await (await fetch(baseUrl + path)).arrayBuffer();
    quick = performance.now() - t < 50 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function runLoad(
  baseUrl: string,
  pid: number,
  scenario: Scenario,
  keys: readonly string[],
  settings: LoadSettings,
  readyPath = '/readyz',
): Promise<LoadResult> {
  // One ring for the warm-up and the run: a key's count goes on across both, as the gateway's does.
  const ring = new KeyRing(keys, settings.connections);
  if (settings.warmupSeconds > 0) {
    await fire(baseUrl, scenario, ring, settings.connections, settings.warmupSeconds);
    await drain(baseUrl, readyPath);
  }
  const rss = sampleRss(pid);
  const cpuBefore = cpuMsOf(pid);
  const result = await fire(baseUrl, scenario, ring, settings.connections, settings.durationSeconds);
  const cpuAfter = cpuMsOf(pid);
  const peakRssMb = rss.stop();
  await drain(baseUrl, readyPath);
  if (process.env.BENCH_DEBUG)
    console.log(
      JSON.stringify({ requests: result.requests, latency: result.latency, errors: result.errors, timeouts: result.timeouts, codes: result.statusCodeStats }),
    );
  const expected = result.statusCodeStats?.[String(scenario.expect) as `${number}`]?.count ?? 0;
  const answered = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, v]) => [code, v?.count ?? 0]));
  const failureDetail = [
    ...(result.timeouts > 0 ? [`${result.timeouts} timeouts`] : []),
    ...(result.errors - result.timeouts > 0 ? [`${result.errors - result.timeouts} connection errors`] : []),
    ...Object.entries(statusCodes)
      .filter(([code]) => code !== String(scenario.expect))
      .map(([code, n]) => `${n} × ${code}`),
  ].join(', ');
  return {
    statusCodes,
    failureDetail,
    requestsPerSecond: result.requests.average,
    okPerSecond: expected / (result.duration || settings.durationSeconds),
    rateLimited: statusCodes['429'] ?? 0,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: answered,
    failures: answered - expected + result.errors,
    peakRssMb,
    cpuMsPerRequest: cpuBefore !== null && cpuAfter !== null && answered > 0 ? (cpuAfter - cpuBefore) / answered : null,
  };
}
