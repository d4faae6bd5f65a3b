import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway({ RATE_LIMIT_MAX: '5', RATE_LIMIT_ANONYMOUS_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' });
});
afterAll(async () => {
  await gw?.close();
});

const ask = (key?: string) =>
  gw.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    payload: { query: '{ viewer { mode } }' },
  });

describe('rate limits', () => {
  it('limits each key on its own, with X-RateLimit-* headers and Retry-After on 429', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 6; i++) {
      last = await ask(gw.orgA.testKey);
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(last?.headers['retry-after']).toBeDefined();
    expect(last?.headers['x-ratelimit-limit']).toBe('5');
    expect(last?.json()).toEqual({ errors: [{ message: expect.stringMatching(/^Rate limit exceeded/), extensions: { code: 'RATE_LIMITED' } }] });
    // Another key has its own budget.
    expect((await ask(gw.orgB.testKey)).statusCode).toBe(200);
  });

  it('limits anonymous callers per IP with the lower anonymous limit; health is never limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await ask()).statusCode);
    expect(statuses.slice(0, 3).every((s) => s === 200)).toBe(true);
    expect(statuses[3]).toBe(429);
    for (let i = 0; i < 5; i++) expect((await gw.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});
