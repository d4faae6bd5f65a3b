// Which bucket a request counts against: a valid key its own (per key id, however it is sent, from
// any address), the operator token one of its own, and everything else (no key, a made-up or
// malformed key) the client address's, with RATE_LIMIT_ANONYMOUS_MAX. Guessing keys is therefore
// limited like any anonymous traffic. Each test sends from its own (made-up) client address.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ADMIN_TOKEN, startGateway, type TestGateway } from '../support/gateway.ts';

const MAX = 6;
const ANONYMOUS_MAX = 4;
let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway({ RATE_LIMIT_MAX: String(MAX), RATE_LIMIT_ANONYMOUS_MAX: String(ANONYMOUS_MAX), RATE_LIMIT_WINDOW_MS: '60000' });
});
afterAll(async () => {
  await gw?.close();
});

const basic = (key: string): string => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
const inventedKey = (): string => `sk_test_${randomBytes(24).toString('base64url').replace(/[-_]/g, 'x').slice(0, 32)}`;

function viewer(from: string, authorization?: string): Promise<LightMyRequestResponse> {
  const options: InjectOptions = {
    method: 'POST',
    url: '/graphql',
    remoteAddress: from,
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    payload: { query: '{ viewer { mode } }' },
  };
  return gw.inject(options);
}

const limitOf = (res: LightMyRequestResponse) => [res.statusCode, Number(res.headers['x-ratelimit-limit']), Number(res.headers['x-ratelimit-remaining'])];

describe('rate-limit buckets', () => {
  it("counts 1,000 invented keys from one address in that address's one bucket: 429 after RATE_LIMIT_ANONYMOUS_MAX", async () => {
    const from = '198.51.100.1';
    const seen: number[][] = [];
    for (let i = 0; i < 1000; i++) seen.push(limitOf(await viewer(from, `Bearer ${inventedKey()}`)));
    expect(seen.slice(0, ANONYMOUS_MAX)).toEqual(Array.from({ length: ANONYMOUS_MAX }, (_, i) => [401, ANONYMOUS_MAX, ANONYMOUS_MAX - 1 - i]));
    expect(
      seen.slice(ANONYMOUS_MAX).filter(([status]) => status !== 429),
      'every guess after the limit',
    ).toEqual([]);
    // The same bucket as requests without a key or with a malformed one; another address is not limited.
    expect((await viewer(from)).statusCode).toBe(429);
    expect((await viewer(from, 'Bearer nope')).statusCode).toBe(429);
    expect(limitOf(await viewer('198.51.100.2', `Bearer ${inventedKey()}`))).toEqual([401, ANONYMOUS_MAX, ANONYMOUS_MAX - 1]);
  });

  it('does not let guesses from an address use up a valid key sent from it', async () => {
    const from = '198.51.100.3';
    for (let i = 0; i <= ANONYMOUS_MAX; i++) await viewer(from, `Bearer ${inventedKey()}`);
    expect((await viewer(from, `Bearer ${inventedKey()}`)).statusCode).toBe(429);
    expect(limitOf(await viewer(from, `Bearer ${gw.orgA.testKey}`))).toEqual([200, MAX, MAX - 1]);
  });

  it('counts a valid key under its id: Bearer and Basic, from any address, share one bucket with RATE_LIMIT_MAX', async () => {
    const key = await gw.keyWith(['product:read']);
    const seen: number[][] = [];
    for (let i = 0; i < MAX; i++) seen.push(limitOf(await viewer(`198.51.100.${10 + i}`, i % 2 ? basic(key) : `Bearer ${key}`)));
    expect(seen).toEqual(Array.from({ length: MAX }, (_, i) => [200, MAX, MAX - 1 - i]));
    expect((await viewer('198.51.100.99', basic(key))).statusCode).toBe(429);
    expect((await viewer('198.51.100.99', `Bearer ${gw.orgB.testKey}`)).statusCode, 'another key').toBe(200);
    expect((await viewer('198.51.100.99')).statusCode, 'the address without a key').toBe(200);
  });

  it('counts the operator token in one bucket of its own with RATE_LIMIT_MAX', async () => {
    const seen: number[][] = [];
    for (let i = 0; i < MAX; i++) seen.push(limitOf(await viewer(`198.51.100.${30 + i}`, `Bearer ${ADMIN_TOKEN}`)));
    expect(seen).toEqual(Array.from({ length: MAX }, (_, i) => [200, MAX, MAX - 1 - i]));
    expect((await viewer('198.51.100.40', `Bearer ${ADMIN_TOKEN}`)).statusCode).toBe(429);
    expect((await viewer('198.51.100.40')).statusCode, 'the address without a key').toBe(200);
  });
});
