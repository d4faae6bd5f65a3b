// Rate limits (issue 7, Robustness 5): per API key (per IP without one), with @fastify/rate-limit.
// Over the limit every face answers 429 in its own error shape with Retry-After and X-RateLimit-*;
// RATE_LIMIT_MAX, RATE_LIMIT_ANONYMOUS_MAX and RATE_LIMIT_WINDOW_MS set the limits; the counts live
// in memory per process unless REDIS_URL is set, and then two gateways count against one limit.
// In Redis, each run counts under a RATE_LIMIT_NAMESPACE of its own, so parallel runs on one Redis
// never share a bucket; in memory, tests that need a fresh anonymous bucket send from a made-up address.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { SCOPES } from '../../src/domain/principal.ts';
import { buildApiKey } from '../../src/domain/services/organisations/api-keys.ts';
import { buildApp } from '../../src/http/app.ts';
import { ADMIN_TOKEN, startGateway, type TestGateway } from '../support/gateway.ts';

const REDIS_URL = process.env.REDIS_URL;
const basic = (key: string): string => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
let addresses = 0;
/** A client address no other test sends from (as the socket's: X-Forwarded-For is not trusted), for an anonymous bucket of its own. */
const freshIp = (): string => `192.0.2.${++addresses}`;
const auth = (key: string | null, scheme: 'bearer' | 'basic' = 'bearer'): Record<string, string> =>
  key === null ? {} : { authorization: scheme === 'basic' ? basic(key) : `Bearer ${key}` };

interface Face {
  name: string;
  request: (key: string | null) => InjectOptions;
  /** The body of this face's 429. */
  shape: (res: LightMyRequestResponse) => void;
}

const RATE_MESSAGE = expect.stringMatching(/^Rate limit exceeded: \d+ requests per .+\. Try again in \d+ seconds?\.$/);
const FACES: Face[] = [
  {
    name: 'Fynn V2',
    request: (key) => ({ url: '/fynn/api/plans', headers: auth(key) }),
    shape: (res) => {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toEqual({ status: 429, type: 'REQUEST__RATE_LIMITED', title: 'An error occurred', detail: RATE_MESSAGE });
    },
  },
  {
    name: 'Fynn classic',
    request: (key) => ({ url: '/fynn/checkout-links', headers: auth(key) }),
    shape: (res) => expect(res.json()).toEqual({ '@type': 'hydra:Error', 'hydra:title': 'An error occurred', 'hydra:description': RATE_MESSAGE, status: 429 }),
  },
  {
    name: 'LeanRails',
    request: (key) => ({ url: '/leanrails/v1/products', headers: auth(key, 'basic') }),
    shape: (res) =>
      expect(res.json()).toEqual({
        error: {
          type: 'rate_limit_error',
          code: 'rate_limit_exceeded',
          message: RATE_MESSAGE,
          param: null,
          doc_url: 'http://gateway.test/leanrails/docs/errors#rate_limit_exceeded',
        },
      }),
  },
  {
    name: 'Whop',
    request: (key) => ({ url: '/whop/api/v1/products', headers: auth(key) }),
    shape: (res) => expect(res.json()).toEqual({ error: { type: 'rate_limit_exceeded', message: RATE_MESSAGE } }),
  },
  {
    name: 'GraphQL',
    request: (key) => ({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...auth(key) },
      payload: { query: '{ viewer { mode } }' },
    }),
    shape: (res) => expect(res.json()).toEqual({ errors: [{ message: RATE_MESSAGE, extensions: { code: 'RATE_LIMITED' } }] }),
  },
];
const GRAPHQL = FACES[4] as Face;

const send = (app: FastifyInstance | TestGateway, options: InjectOptions, ip?: string) => app.inject({ ...options, ...(ip ? { remoteAddress: ip } : {}) });

/** X-RateLimit-* and Retry-After of an answer, as numbers (NaN when missing). */
const limits = (res: LightMyRequestResponse) => ({
  status: res.statusCode,
  limit: Number(res.headers['x-ratelimit-limit']),
  remaining: Number(res.headers['x-ratelimit-remaining']),
  reset: Number(res.headers['x-ratelimit-reset']),
  retryAfter: Number(res.headers['retry-after']),
});

/** `max` answers within the limit (counting down), then a 429 with every header; returns the 429. */
async function exhaust(app: FastifyInstance | TestGateway, face: Face, key: string | null, max: number, windowSeconds: number, ip?: string) {
  for (let i = 1; i <= max; i++) {
    const res = await send(app, face.request(key), ip);
    const l = limits(res);
    expect(l.status, `${face.name} #${i}: ${res.body.slice(0, 200)}`).toBeLessThan(300);
    expect([l.limit, l.remaining], `${face.name} #${i}`).toEqual([max, max - i]);
    expect(l.reset).toBeGreaterThan(0);
    expect(l.reset).toBeLessThanOrEqual(windowSeconds);
  }
  const over = await send(app, face.request(key), ip);
  const l = limits(over);
  expect(l.status, `${face.name} over the limit: ${over.body.slice(0, 200)}`).toBe(429);
  expect([l.limit, l.remaining], face.name).toEqual([max, 0]);
  expect(l.retryAfter).toBeGreaterThan(0);
  expect(l.retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(l.reset).toBe(l.retryAfter);
  return over;
}

/** The id of every key a pool made, by secret (a valid key's bucket is `k:<id>`). */
const keyIds = new Map<string, string>();

/**
 * Fresh keys of org A (test mode), made 20 per flush: every flush that creates a key waits for
 * the gateway's key-change signal (src/db/api-key-signal.ts, up to 1 s), and the tests need ~40.
 */
function keyPool(gw: TestGateway, scopes: string[] = [...SCOPES]): () => Promise<string> {
  let pending: string[] = [];
  return async () => {
    if (pending.length === 0) {
      const em = gw.db.orm.em.fork();
      const made = Array.from({ length: 20 }, () => buildApiKey(em, gw.orgA.id, 'test', scopes, 'rate-limits'));
      await em.flush();
      for (const { apiKey, secret } of made) keyIds.set(secret, apiKey.id);
      pending = made.map((m) => m.secret);
    }
    return pending.shift() as string;
  };
}

describe('rate limits in memory (no REDIS_URL)', () => {
  let gw: TestGateway;
  let everyScope: () => Promise<string>;
  let scopelessKey: () => Promise<string>;
  beforeAll(async () => {
    gw = await startGateway({ RATE_LIMIT_MAX: '3', RATE_LIMIT_ANONYMOUS_MAX: '2', RATE_LIMIT_WINDOW_MS: '60000' });
    everyScope = keyPool(gw);
    scopelessKey = keyPool(gw, ['api-key:write']);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it.each(FACES.map((f) => [f.name, f] as const))('%s: 429 in its own error shape with Retry-After and X-RateLimit-*', async (_name, face) => {
    face.shape(await exhaust(gw, face, await everyScope(), 3, 60));
  });

  it('limits each key on its own, the same in every face: key A exhausted does not limit key B', async () => {
    const spent = await everyScope();
    await exhaust(gw, FACES[0] as Face, spent, 3, 60);
    for (const face of FACES) {
      expect((await send(gw, face.request(spent))).statusCode, `${face.name}, spent key`).toBe(429);
      expect((await send(gw, face.request(await everyScope()))).statusCode, `${face.name}, another key of the same tenant`).toBe(200);
    }
    expect((await send(gw, GRAPHQL.request(gw.orgB.testKey))).statusCode, "org B's key").toBe(200);
    for (let i = 0; i < 5; i++) expect((await gw.inject({ url: '/healthz' })).statusCode, 'health is never limited').toBe(200);
  });

  it.each(FACES.map((f) => [f.name, f] as const))('%s: refused requests count too (no key: 401 per IP; a key without the scope: 403)', async (_name, face) => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await send(gw, face.request(null), ip)).statusCode);
    expect(statuses, 'anonymous, RATE_LIMIT_ANONYMOUS_MAX=2').toEqual([statuses[0], statuses[0], 429]);
    const scopeless = await scopelessKey();
    const refused: number[] = [];
    for (let i = 0; i < 4; i++) refused.push((await send(gw, face.request(scopeless))).statusCode);
    expect(refused.slice(3), 'a key refused three times, RATE_LIMIT_MAX=3').toEqual([429]);
  });

  it('keeps separate counts in two gateways on one database (in memory by default)', async () => {
    const second = await buildApp({
      config: loadConfig({ PUBLIC_URL: gw.publicUrl, ADMIN_TOKEN, LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '3' }),
      orm: gw.db.orm,
      logger: false,
    });
    try {
      const key = await everyScope();
      await exhaust(gw, GRAPHQL, key, 3, 60);
      expect(limits(await send(second, GRAPHQL.request(key)))).toMatchObject({ status: 200, limit: 3, remaining: 2 });
    } finally {
      await second.close();
    }
  });
});

describe('configurable limits', () => {
  let gw: TestGateway;
  let everyScope: () => Promise<string>;
  beforeAll(async () => {
    gw = await startGateway({ RATE_LIMIT_MAX: '2', RATE_LIMIT_ANONYMOUS_MAX: '1', RATE_LIMIT_WINDOW_MS: '1000' });
    everyScope = keyPool(gw);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('follows RATE_LIMIT_MAX, RATE_LIMIT_ANONYMOUS_MAX and RATE_LIMIT_WINDOW_MS (a new window allows again)', async () => {
    const key = await everyScope();
    const face = FACES[2] as Face;
    expect((await exhaust(gw, face, key, 2, 1)).headers['retry-after']).toBe('1');
    const ip = freshIp();
    await exhaust(gw, { ...face, request: () => ({ url: '/docs/json' }) }, null, 1, 1, ip);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(limits(await send(gw, face.request(key)))).toMatchObject({ status: 200, limit: 2, remaining: 1 });
    expect((await send(gw, { url: '/docs/json' }, ip)).statusCode).toBe(200);
  });
});

describe.skipIf(!REDIS_URL)('rate limits shared through Redis (needs REDIS_URL)', () => {
  let gw: TestGateway;
  let second: FastifyInstance;
  let redis: Redis;
  let everyScope: () => Promise<string>;
  /** This run's own counts: parallel runs on one Redis never share a bucket, and cleaning up is one SCAN. */
  const namespace = `cg-rl-test:${randomUUID()}:`;
  const env = {
    RATE_LIMIT_MAX: '4',
    RATE_LIMIT_ANONYMOUS_MAX: '2',
    RATE_LIMIT_WINDOW_MS: '60000',
    REDIS_URL: REDIS_URL as string,
    RATE_LIMIT_NAMESPACE: namespace,
  };
  const bucket = (key: string): string => `${namespace}k:${keyIds.get(key)}`;
  beforeAll(async () => {
    gw = await startGateway(env);
    second = await buildApp({ config: loadConfig({ PUBLIC_URL: gw.publicUrl, ADMIN_TOKEN, LOG_LEVEL: 'silent', ...env }), orm: gw.db.orm, logger: false });
    await second.ready();
    redis = new Redis(REDIS_URL as string);
    everyScope = keyPool(gw);
  });
  afterAll(async () => {
    const left = await redis?.keys(`${namespace}*`);
    if (left?.length) await redis.del(...left);
    await redis?.quit();
    await second?.close();
    await gw?.close();
  });

  it('counts the requests of two gateways against one limit per key, in every face', async () => {
    for (const face of FACES) {
      const key = await everyScope();
      const seen = [];
      for (let i = 0; i < 5; i++) seen.push(limits(await send(i % 2 ? second : gw, face.request(key))));
      expect(
        seen.map((l) => [l.status, l.remaining]),
        face.name,
      ).toEqual([
        [200, 3],
        [200, 2],
        [200, 1],
        [200, 0],
        [429, 0],
      ]);
      expect((await send(gw, face.request(key))).statusCode, `${face.name}: the first gateway agrees`).toBe(429);
      const ttl = await redis.pttl(bucket(key));
      expect(ttl, `${face.name}: the count lives in Redis`).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
      expect(Number(await redis.get(bucket(key)))).toBe(6);
    }
    expect((await send(second, GRAPHQL.request(await everyScope()))).statusCode, 'another key is not limited').toBe(200);
  });

  it('shares the anonymous (per IP) limit too', async () => {
    const statuses = [];
    for (const app of [gw, second, gw]) statuses.push((await send(app, { url: '/docs/json' })).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(await redis.get(`${namespace}ip:127.0.0.1`))).toBe(3);
  });
});
