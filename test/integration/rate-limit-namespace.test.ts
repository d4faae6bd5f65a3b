// RATE_LIMIT_NAMESPACE: the prefix of every rate-limit count in Redis. Gateways on one Redis share
// counts only when they share the prefix, so two deployments (or test runs) can use one Redis.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { ADMIN_TOKEN, startGateway, type TestGateway } from '../support/gateway.ts';

const REDIS_URL = process.env.REDIS_URL;

describe('RATE_LIMIT_NAMESPACE (config)', () => {
  it('defaults to cg-rl: and takes printable characters without spaces', () => {
    expect(loadConfig({}).rateLimit.namespace).toBe('cg-rl:');
    expect(loadConfig({ RATE_LIMIT_NAMESPACE: '' }).rateLimit.namespace).toBe('cg-rl:');
    expect(loadConfig({ RATE_LIMIT_NAMESPACE: 'shop-eu:rl:' }).rateLimit.namespace).toBe('shop-eu:rl:');
    for (const bad of ['has space', 'x'.repeat(101), 'tab\t', 'ümlaut']) {
      expect(() => loadConfig({ RATE_LIMIT_NAMESPACE: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ RATE_LIMIT_NAMESPACE: bad }), bad).toThrow(/RATE_LIMIT_NAMESPACE/);
    }
  });
});

// Redis is where the prefix shows; without REDIS_URL the counts live in each process's memory.
describe.skipIf(!REDIS_URL)('RATE_LIMIT_NAMESPACE in Redis (needs REDIS_URL)', () => {
  const run = randomUUID();
  const ns = { a: `cg-rl-test:${run}:a:`, b: `cg-rl-test:${run}:b:` };
  const env = { RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_MS: '60000', REDIS_URL: REDIS_URL as string };
  let gw: TestGateway;
  let sameNamespace: FastifyInstance;
  let otherNamespace: FastifyInstance;
  let redis: Redis;
  const appWith = async (namespace: string) =>
    buildApp({
      config: loadConfig({ PUBLIC_URL: gw.publicUrl, ADMIN_TOKEN, LOG_LEVEL: 'silent', ...env, RATE_LIMIT_NAMESPACE: namespace }),
      orm: gw.db.orm,
      logger: false,
    });
  beforeAll(async () => {
    gw = await startGateway({ ...env, RATE_LIMIT_NAMESPACE: ns.a });
    sameNamespace = await appWith(ns.a);
    otherNamespace = await appWith(ns.b);
    redis = new Redis(REDIS_URL as string);
  });
  afterAll(async () => {
    const left = await redis?.keys(`cg-rl-test:${run}:*`);
    if (left?.length) await redis.del(...left);
    await redis?.quit();
    await sameNamespace?.close();
    await otherNamespace?.close();
    await gw?.close();
  });

  const viewer = (app: FastifyInstance | TestGateway, key: string) =>
    app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      payload: { query: '{ viewer { apiKeyId } }' },
    });

  it('counts under the prefix: the same prefix shares a count, another prefix has its own', async () => {
    const key = await gw.keyWith(['product:read']);
    const first = await viewer(gw, key);
    const keyId = (first.json() as { data: { viewer: { apiKeyId: string } } }).data.viewer.apiKeyId;
    expect((await viewer(sameNamespace, key)).statusCode).toBe(200);
    expect((await viewer(gw, key)).statusCode, 'two gateways, one prefix: one count').toBe(429);
    expect(await redis.get(`${ns.a}k:${keyId}`)).toBe('3');
    const other = await viewer(otherNamespace, key);
    expect([other.statusCode, other.headers['x-ratelimit-remaining']], 'another prefix').toEqual([200, '1']);
    expect(await redis.get(`${ns.b}k:${keyId}`)).toBe('1');
    expect(await redis.exists(`cg-rl:k:${keyId}`), 'nothing under the default prefix').toBe(0);
  });
});
