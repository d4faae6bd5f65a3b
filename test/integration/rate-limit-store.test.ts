// The Redis rate-limit store (src/http/rate-limit-store.ts) on a real Redis: the counts of one
// event-loop turn leave in one write (the socket stays corked until the turn ends) and each still
// gets its own, exact answer; a Redis that stops answering falls back to counting in the process
// within the command timeout.
import { randomUUID } from 'node:crypto';
import { connect, createServer, type Server } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { fallbackStore, fastFailRedis, firstConnection, RedisHealth } from '../../src/http/rate-limit-store.ts';

const REDIS_URL = process.env.REDIS_URL;
const quiet = { warn() {} } as unknown as FastifyBaseLogger;
const clients: Redis[] = [];
let stalled: Server | undefined;
afterAll(() => {
  for (const c of clients) c.disconnect();
  stalled?.close();
});

interface Counted {
  current: number;
  ttl: number;
}
type Store = { incr(key: string, cb: (error: Error | null, result?: Counted) => void, timeWindow: number, max: number): void };

function storeOn(url: string, commandMs = 500): { store: Store; redis: Redis; health: RedisHealth } {
  const health = new RedisHealth(quiet);
  const redis = fastFailRedis(url, { connect: 1000, command: commandMs }, health);
  clients.push(redis);
  const Ctor = fallbackStore(redis, `cg-rl-test:${randomUUID()}:`, health) as unknown as new (params: object) => Store;
  return { store: new Ctor({}), redis, health };
}

const incr = (store: Store, key: string) =>
  new Promise<Counted>((resolve, reject) =>
    // Copied when answered: the in-process store hands back one object per key that it keeps counting on.
    store.incr(key, (error, result) => (error || !result ? reject(error) : resolve({ current: result.current, ttl: result.ttl })), 60_000, 1000),
  );

describe.skipIf(!REDIS_URL)('rate-limit store on Redis (needs REDIS_URL)', () => {
  it("one turn's counts: one corked write, every count exact and shared", async () => {
    const { store, redis } = storeOn(REDIS_URL as string);
    await firstConnection(redis, 2000);
    expect(redis.status).toBe('ready');
    const counts = Array.from({ length: 20 }, () => incr(store, 'k:same'));
    // Still held back: the turn has not ended.
    expect(redis.stream.writableCorked).toBeGreaterThan(0);
    const answers = await Promise.all(counts);
    expect(answers.map((a) => a.current).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(redis.stream.writableCorked).toBe(0);
    // A later turn goes on from the shared count.
    expect((await incr(store, 'k:same')).current).toBe(21);
  });

  it('a Redis that stops answering: each count falls back to the process within the command timeout', async () => {
    // A proxy to the real Redis that stops passing answers back on demand.
    const target = new URL(REDIS_URL as string);
    let stall = false;
    stalled = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      client.on('data', (chunk) => upstream.write(chunk));
      upstream.on('data', (chunk) => {
        if (!stall) client.write(chunk);
      });
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.on('error', () => {});
      upstream.on('error', () => {});
    });
    await new Promise<void>((resolve) => stalled?.listen(0, '127.0.0.1', resolve));
    const address = stalled.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const { store, redis, health } = storeOn(`redis://127.0.0.1:${port}`, 200);
    await firstConnection(redis, 2000);
    expect(redis.status).toBe('ready');
    expect((await incr(store, 'k:stalled')).current).toBe(1);
    stall = true;
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 5 }, () => incr(store, 'k:stalled')));
    expect(performance.now() - started).toBeLessThan(1000);
    // Counted in the process from here (Redis' count of 1 is not known to it).
    expect(answers.map((a) => a.current).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(health.state).toBe('degraded');
  });
});
