// The fuzz harness itself: it must fail when a refusal leaves a row, when an accepted write lands
// in the watched organisation (B), and when an error is not in the face's shape. Each case feeds
// it requests whose answer is known.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { fynnV2Error, leanrailsError } from './support/error-shapes.ts';
import { fuzzer, type Endpoint, type Fuzzer } from './support/fuzz-harness.ts';
import { judgeGraphql } from './support/fuzz-graphql.ts';
import { restJudge } from './support/fuzz-rest.ts';

let gw: TestGateway;
let fuzz: Fuzzer;
beforeAll(async () => {
  gw = await startGateway();
  fuzz = await fuzzer(gw);
});
afterAll(async () => {
  await gw?.close();
});

const createProduct = (key: string) => ({
  method: 'POST' as const,
  url: '/graphql',
  headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  payload: JSON.stringify({ query: 'mutation { createProduct(input: { name: "Harness" }) { product { id } userErrors { code reason message path } } }' }),
});
const failureOf = (endpoint: Endpoint) =>
  fuzz.run(endpoint, 0).then(
    () => 'no failure',
    (e: Error) => e.message,
  );

describe('fuzz harness', () => {
  it('passes a refusal in the right shape that leaves nothing', async () => {
    const url = '/leanrails/v1/products';
    const headers = { authorization: `Bearer ${gw.orgA.testKey}`, 'content-type': 'application/json', 'idempotency-key': 'harness-1' };
    const endpoint: Endpoint = {
      name: 'refused',
      runs: 3,
      judge: restJudge(leanrailsError, [200], () => null),
      request: fc.constant({ method: 'POST', url, headers, payload: '{"name": 42}' }),
    };
    expect(await failureOf(endpoint)).toBe('no failure');
  });

  it('fails when a "refused" request left a row', async () => {
    const endpoint: Endpoint = {
      name: 'leftover',
      runs: 2,
      judge: () => ({ refused: true, problem: null }),
      request: fc.constant(createProduct(gw.orgA.testKey)),
    };
    expect(await failureOf(endpoint)).toMatch(/rows left behind by a refused request: (.*, )?product: \d+ -> \d+/);
  });

  it("fails when an accepted write changes organisation B's rows", async () => {
    const endpoint: Endpoint = { name: 'other tenant', runs: 2, judge: judgeGraphql, request: fc.constant(createProduct(gw.orgB.testKey)) };
    expect(await failureOf(endpoint)).toContain("organisation B's rows changed");
  });

  it("fails when a refusal is not in the face's error shape", async () => {
    const headers = { authorization: `Bearer ${gw.orgA.testKey}`, 'content-type': 'application/json', 'idempotency-key': 'harness-2' };
    const endpoint: Endpoint = {
      name: 'wrong shape',
      runs: 2,
      judge: restJudge(fynnV2Error, [200], () => null),
      request: fc.constant({ method: 'POST', url: '/leanrails/v1/products', headers, payload: '{}' }),
    };
    expect(await failureOf(endpoint)).toContain('error shape: content-type application/json');
  });
});
