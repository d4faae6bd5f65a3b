import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { counts, expectHydraError, expectProblem, fynn } from './helpers.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

describe('Fynn request handling', () => {
  it('answers a body over 1 MiB with 413 and an unsupported Content-Type with 415, in each API shape', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) });
    expectProblem(await fynn(gw, 'POST', '/api/plans', undefined, gw.orgA.testKey, big), 413);
    expectHydraError(await fynn(gw, 'POST', '/checkout-links', undefined, gw.orgA.testKey, big), 413);
    const plain = await gw.inject({
      method: 'POST',
      url: '/fynn/api/plans',
      headers: { authorization: `Bearer ${gw.orgA.testKey}`, 'content-type': 'text/plain' },
      payload: 'code=x',
    });
    expectProblem(plain, 415);
    const classic = await gw.inject({
      method: 'POST',
      url: '/fynn/checkout-links',
      headers: { authorization: `Bearer ${gw.orgA.testKey}`, 'content-type': 'text/plain' },
      payload: 'x',
    });
    expectHydraError(classic, 415);
  });

  it('checks the token and the permission before the body: 401/403 even for a malformed or invalid body', async () => {
    expectProblem(await fynn(gw, 'POST', '/api/plans/0190a1b2-0000-7000-8000-000000000000/checkout-links', {}, null), 401);
    expectProblem(await fynn(gw, 'POST', '/api/plans', undefined, null, '{"broken'), 401);
    expectHydraError(await fynn(gw, 'POST', '/checkout-links', { items: 'nope' }, null), 401);
    const reader = await gw.keyWith(['checkout-link:read', 'plan:read']);
    expectProblem(await fynn(gw, 'POST', '/api/plans', { code: 'Bad Code' }, reader), 403);
    expectHydraError(await fynn(gw, 'PUT', '/checkout-links/x', undefined, reader, '{"broken'), 403);
  });

  it('accepts an empty JSON body on action endpoints (curl -X POST -H content-type:application/json)', async () => {
    const res = await fynn(gw, 'POST', '/api/plans/0190a1b2-0000-7000-8000-000000000000/activate', undefined, gw.orgA.testKey, '');
    expectProblem(res, 404, 'PLAN__NOT_FOUND');
  });

  it('refuses a JSON body that is not an object, without a row left', async () => {
    const before = await counts(gw);
    const v2 = await fynn(gw, 'POST', '/api/plans', 'a string');
    expect(v2.statusCode).toBe(422);
    expect(v2.json().violations[0]).toMatchObject({ propertyPath: '', message: expect.any(String) });
    const classic = await fynn(gw, 'POST', '/checkout-links', [1, 2, 3]);
    expect(classic.statusCode).toBe(422);
    expect(classic.json()['@type']).toBe('ConstraintViolationList');
    expect(await counts(gw)).toEqual(before);
  });
});
