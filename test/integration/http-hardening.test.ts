// The HTTP edge under abuse: oversized and malformed bodies, expensive queries, CSRF, CORS for
// Sandbox, health, unknown routes; no answer ever leaks a stack trace or SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
const bodies: string[] = [];
const statuses: number[] = [];

beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

/** POST /graphql with a raw body; every answer is kept for the leak check at the end. */
async function raw(payload: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const res = await gw.inject({
    method: 'POST',
    url: '/graphql',
    payload,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gw.orgA.testKey}`, ...headers },
  });
  bodies.push(res.body);
  statuses.push(res.statusCode);
  return res;
}

const query = (q: string, variables: Record<string, unknown> = {}) => raw(JSON.stringify({ query: q, variables }));
const errorsOf = (res: LightMyRequestResponse): { message: string; extensions?: { code?: string } }[] => (res.json() as { errors?: [] }).errors ?? [];

describe('request bodies', () => {
  it('answers a body over 1 MiB with 413, not 500', async () => {
    const big = JSON.stringify({ query: '{ viewer { mode } }', variables: { pad: 'x'.repeat(1024 * 1024) } });
    const res = await raw(big);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ errors: [{ message: expect.stringMatching(/too large/i), extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    const justUnder = JSON.stringify({ query: '{ viewer { mode } }', variables: { pad: 'x'.repeat(1000 * 1000) } });
    expect((await raw(justUnder)).statusCode).toBe(200);
  });

  it("answers malformed JSON with 400 in GraphQL's error shape", async () => {
    for (const payload of ['{"query": "{ viewer { mode } }"', 'not json', '{"query": 42}', '[]', '']) {
      const res = await raw(payload);
      expect(res.statusCode, payload).toBe(400);
      expect(errorsOf(res)[0], payload).toMatchObject({ message: expect.any(String), extensions: { code: expect.any(String) } });
    }
  });
});

describe('query limits', () => {
  it('refuses a query deeper than 12 levels', async () => {
    // products.nodes.defaultPrice.product.defaultPrice.product … (each hop one level deeper)
    let nested = 'id';
    for (let i = 0; i < 8; i++) nested = `defaultPrice { product { ${nested} } }`;
    const res = await query(`{ products { nodes { ${nested} } } }`);
    expect(res.statusCode).toBe(400);
    expect(errorsOf(res)[0]?.message).toMatch(/depth/i);
  });

  it('refuses too many aliases and a huge query', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: viewer { mode }`).join(' ');
    const res = await query(`{ ${aliases} }`);
    expect(res.statusCode).toBe(400);
    expect(errorsOf(res)[0]?.message).toMatch(/alias/i);

    const fields = Array.from({ length: 5000 }, () => 'mode').join(' ');
    const huge = await query(`{ viewer { ${fields} } }`);
    expect(huge.statusCode).toBe(400);
    expect(errorsOf(huge)[0]).toMatchObject({ message: expect.stringMatching(/4000 tokens/), extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
  });

  it('refuses a query that costs too much', async () => {
    const leaf = 'id name description active createdAt updatedAt livemode kind';
    let nested = leaf;
    for (let i = 0; i < 4; i++) nested = `${leaf} defaultPrice { id currency unitAmount product { ${nested} } }`;
    const res = await query(`{ ${Array.from({ length: 15 }, (_, i) => `a${i}: products(first: 100) { nodes { ${nested} } }`).join(' ')} }`);
    expect(res.statusCode).toBe(400);
    expect(errorsOf(res)[0]?.message).toMatch(/cost limit/i);
  });

  it('refuses a page size over the maximum', async () => {
    const res = await query('{ products(first: 1000) { totalCount } }');
    expect(errorsOf(res)[0]?.extensions?.code).toBe('VALIDATION');
    expect(res.statusCode).toBeLessThan(500);
    const negative = await query('{ prices(last: -1) { totalCount } }');
    expect(errorsOf(negative)[0]?.extensions?.code).toBe('VALIDATION');
  });
});

describe('browsers', () => {
  it('refuses a GraphQL GET without a CSRF-safe header, and a text/plain POST', async () => {
    const get = await gw.inject({ method: 'GET', url: '/graphql?query=%7B__typename%7D' });
    bodies.push(get.body);
    expect(get.statusCode).toBe(400);
    expect(get.body).toMatch(/CSRF/i);
    const plain = await raw(JSON.stringify({ query: '{ __typename }' }), { 'content-type': 'text/plain' });
    expect(plain.statusCode).toBe(400);
    expect(plain.body).toMatch(/CSRF/i);
    const ok = await gw.inject({ method: 'GET', url: '/graphql?query=%7B__typename%7D', headers: { 'apollo-require-preflight': 'true' } });
    expect(ok.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('serves the Sandbox landing page to a browser', async () => {
    const res = await gw.inject({ method: 'GET', url: '/graphql', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toMatch(/<html|<!DOCTYPE/i);
  });

  it('answers a CORS preflight from Apollo Studio', async () => {
    const res = await gw.inject({
      method: 'OPTIONS',
      url: '/graphql',
      headers: {
        origin: 'https://studio.apollographql.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });
    expect(res.statusCode).toBeLessThan(300);
    expect(res.headers['access-control-allow-origin']).toBe('https://studio.apollographql.com');
    expect(String(res.headers['access-control-allow-methods'])).toContain('POST');
  });
});

describe('routes', () => {
  it('answers /healthz and /readyz with 200', async () => {
    expect((await gw.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await gw.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
  });

  it('answers an unknown route with a 404 JSON error', async () => {
    const res = await gw.inject({ method: 'GET', url: '/nope/../etc?x=1' });
    bodies.push(res.body);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('never answers with a stack trace or SQL', async () => {
    // A few more odd requests, then a look at every body this file received.
    bodies.push((await raw('{"query": "{ product(id: \\"00000000-0000-0000-0000-00000000000x\\") { id } }"}')).body);
    bodies.push((await query('query ($id: ID!) { product(id: $id) { id } }', { id: "'; drop table product; --" })).body);
    bodies.push((await query('{ products(after: "AAAA") { totalCount } }')).body);
    bodies.push((await raw('{"query": "{ viewer { mode } }", "variables": "nope"}')).body);
    bodies.push((await raw(JSON.stringify({ query: '{ viewer { mode } }' }), { 'content-type': 'application/json; charset=latin9' })).body);
    for (const type of ['application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']) {
      const res = await raw('a=b', { 'content-type': type });
      expect(res.statusCode, type).toBeGreaterThanOrEqual(400);
      bodies.push(res.body);
    }
    expect(bodies.length).toBeGreaterThan(15);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    for (const body of bodies) {
      expect(body).not.toMatch(/^\s*at .+:\d+:\d+/m);
      expect(body).not.toMatch(/\bat [\w.<>]+ \(.*:\d+:\d+\)/);
      expect(body).not.toMatch(/\b(select|insert|update|delete) .* (from|into|set)\b/i);
      expect(body).not.toMatch(/stacktrace|node_modules/);
    }
  });
});
