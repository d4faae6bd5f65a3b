// Redis down: the rate limits fail fast (short connect/command timeouts, no offline queue), fall
// back to counting in the process with a logged warning, and /readyz reports the degraded
// dependency (200, `redis: "degraded"`). Once with a Redis URL on a closed port, once with a
// private redis-server killed mid-run.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

const gateways: TestGateway[] = [];
let server: ChildProcess | undefined;
let dir: string | undefined;
afterAll(async () => {
  server?.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
  for (const gw of gateways) await gw.close();
});

async function gatewayOn(redisUrl: string): Promise<TestGateway> {
  const gw = await startGateway({ REDIS_URL: redisUrl, RATE_LIMIT_MAX: '5', RATE_LIMIT_NAMESPACE: `rd-${Date.now()}:` });
  gateways.push(gw);
  return gw;
}

/** Times `n` keyed requests; returns their statuses and the slowest duration. */
async function burst(gw: TestGateway, key: string, n: number): Promise<{ statuses: number[]; slowestMs: number }> {
  const statuses: number[] = [];
  let slowestMs = 0;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    statuses.push((await gw.graphql('{ viewer { mode } }', {}, key)).status);
    slowestMs = Math.max(slowestMs, performance.now() - started);
  }
  return { statuses, slowestMs };
}

const readyz = async (gw: TestGateway) => {
  const res = await gw.inject({ method: 'GET', url: '/readyz' });
  return { status: res.statusCode, body: res.json() };
};

async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Redis down', () => {
  it('on a closed port: every request answers fast, limits count in the process, /readyz says degraded', async () => {
    const gw = await gatewayOn(`redis://127.0.0.1:${await freePort()}`);
    const key = await gw.keyWith(['product:read']);
    const { statuses, slowestMs } = await burst(gw, key, 7);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(slowestMs).toBeLessThan(1_500);
    expect(await readyz(gw)).toEqual({ status: 200, body: { status: 'ready', redis: 'degraded' } });
  });

  it('a private redis-server killed mid-run: shared counts, then process counts and degraded, then ok again', async () => {
    const port = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'cg-redis-'));
    const startRedis = () =>
      spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir as string], { stdio: 'ignore' });
    server = startRedis();
    const gw = await gatewayOn(`redis://127.0.0.1:${port}`);
    await waitFor(async () => (await readyz(gw)).body.redis === 'ok');
    const key = await gw.keyWith(['product:read']);
    expect((await burst(gw, key, 2)).statuses).toEqual([200, 200]);

    server.kill('SIGKILL');
    await waitFor(async () => (await readyz(gw)).body.redis === 'degraded');
    const down = await burst(gw, key, 6);
    expect(down.slowestMs).toBeLessThan(1_500);
    // Counted in the process (what it counted while Redis was slow counts too): never more than 5 pass.
    expect(down.statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(5);
    expect(down.statuses.at(-1)).toBe(429);
    expect((await readyz(gw)).status).toBe(200);

    server = startRedis();
    await waitFor(async () => (await readyz(gw)).body.redis === 'ok', 15_000);
    // Back on Redis: its count (2 before the crash was lost with the server) starts again.
    expect((await burst(gw, key, 1)).statuses).toEqual([200]);
  }, 60_000);
});
