import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { leanrails, productWithPrice, type LeanRails } from './client.ts';

let gw: TestGateway;
let lr: LeanRails;
let price: string;
beforeAll(async () => {
  gw = await startGateway();
  lr = leanrails(gw);
  ({ price } = await productWithPrice(lr));
});
afterAll(async () => {
  await gw?.close();
});

const linkCount = async (key = gw.orgA.testKey): Promise<number> =>
  (
    (await gw.graphql<{ checkoutLinks: { totalCount: number } }>('{ checkoutLinks { totalCount } }', {}, key)).body.data as {
      checkoutLinks: { totalCount: number };
    }
  ).checkoutLinks.totalCount;

describe('LeanRails authentication', () => {
  it('accepts Basic (key as user name) and Bearer', async () => {
    expect((await lr.get('/v1/checkout_links')).status).toBe(200);
    const bearer = await gw.inject({ method: 'GET', url: '/leanrails/v1/checkout_links', headers: { authorization: `Bearer ${gw.orgA.testKey}` } });
    expect(bearer.statusCode).toBe(200);
  });

  it('answers missing and bad credentials with 401 authentication_error, before reading the body', async () => {
    for (const key of [null, 'sk_test_wrong', '']) {
      const res = await lr.post('/v1/checkout_links', { title: 'x' }, { key });
      expect(res.status, String(key)).toBe(401);
      expect(res.body.error).toMatchObject({ type: 'authentication_error', param: null });
      expect(res.body.error.doc_url).toContain('/leanrails/docs/errors#');
    }
    const garbled = await gw.inject({ method: 'GET', url: '/leanrails/v1/products', headers: { authorization: 'Basic %%%' } });
    expect(garbled.statusCode).toBe(401);
    const badJson = await lr.post('/v1/checkout_links', undefined, { key: 'sk_test_nope', raw: '{"title":', headers: { 'content-type': 'application/json' } });
    expect(badJson.status).toBe(401);
  });
});

describe('LeanRails idempotency', () => {
  it('requires Idempotency-Key on every POST (max 255)', async () => {
    const before = await linkCount();
    const missing = await lr.post('/v1/checkout_links', { title: 'No key', line_items: [{ price, quantity: 1 }] }, { idem: null });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ type: 'invalid_request_error', code: 'parameter_missing', param: 'Idempotency-Key' });
    const long = await lr.post('/v1/checkout_links', { title: 'Long key', line_items: [{ price, quantity: 1 }] }, { idem: 'k'.repeat(256) });
    expect(long.status).toBe(400);
    expect(long.body.error.param).toBe('Idempotency-Key');
    const update = await lr.post('/v1/products/prod_x', { name: 'y' }, { idem: null });
    expect(update.body.error.code).toBe('parameter_missing');
    expect(await linkCount()).toBe(before);
  });

  it('replays the stored response, refuses another body (422) under the same key', async () => {
    const idem = randomUUID();
    const body = { title: 'Idempotent', line_items: [{ price, quantity: 1 }] };
    const first = await lr.post('/v1/checkout_links', body, { idem });
    expect(first.status).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await lr.post('/v1/checkout_links', body, { idem });
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await lr.post('/v1/checkout_links', { ...body, title: 'Other' }, { idem });
    expect(other.status).toBe(422);
    expect(other.body.error).toMatchObject({ type: 'invalid_request_error', code: 'idempotency_key_reused' });
    // Keys are scoped to organisation and mode: the same key is new for the live key.
    const live = await productWithPrice(lr, 'usd', 100, gw.orgA.liveKey);
    const liveRes = await lr.post('/v1/checkout_links', { ...body, line_items: [{ price: live.price, quantity: 1 }] }, { idem, key: gw.orgA.liveKey });
    expect(liveRes.status).toBe(200);
    expect(liveRes.body.id).not.toBe(first.body.id);
  });

  it('50 concurrent POSTs with one key create exactly one link and return one body', async () => {
    const key = gw.orgB.testKey;
    const own = await productWithPrice(lr, 'usd', 700, key);
    const before = await linkCount(key);
    const idem = randomUUID();
    const body = { title: 'Concurrent', line_items: [{ price: own.price, quantity: 1 }] };
    const results = await Promise.all(Array.from({ length: 50 }, () => lr.post('/v1/checkout_links', body, { idem, key })));
    const ok = results.filter((r) => r.status === 200);
    const conflicts = results.filter((r) => r.status !== 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((r) => JSON.stringify(r.body))).size).toBe(1);
    for (const r of conflicts) {
      expect(r.status).toBe(409);
      expect(r.body.error).toMatchObject({ type: 'idempotency_error', code: 'idempotency_key_in_use' });
    }
    expect(await linkCount(key)).toBe(before + 1);
    const replay = await lr.post('/v1/checkout_links', body, { idem, key });
    expect(replay.body).toEqual(ok[0]?.body);
  });
});

describe('LeanRails versions, bodies and documents', () => {
  it('accepts X-API-Version 2026-03-09, refuses unknown versions and ignores Stripe-Version', async () => {
    expect((await lr.get('/v1/products', { headers: { 'x-api-version': '2026-03-09' } })).status).toBe(200);
    const bad = await lr.get('/v1/products', { headers: { 'x-api-version': '2020-01-01' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ type: 'invalid_request_error', code: 'api_version_invalid' });
    expect((await lr.get('/v1/products', { headers: { 'stripe-version': '2026-10-28.endive' } })).status).toBe(200);
  });

  it('refuses malformed JSON and form bodies with 400, not 500, and leaves no row', async () => {
    const before = await linkCount();
    const json = await lr.post('/v1/checkout_links', undefined, { raw: '{"title": "x", ', headers: { 'content-type': 'application/json' } });
    expect(json.status).toBe(400);
    expect(json.body.error.type).toBe('invalid_request_error');
    for (const raw of ['title=x&line_items[0][price=abc', 'title=%E0%A4%A', 'a[b]c=1']) {
      const form = await lr.post('/v1/checkout_links', undefined, { raw, form: true });
      expect(form.status, raw).toBe(400);
      expect(form.body.error.type).toBe('invalid_request_error');
    }
    const deep = await lr.post('/v1/checkout_links', undefined, { raw: 'a[b][c][d][e][f][g][h][i]=1', form: true });
    expect(deep.status).toBe(400);
    expect(await linkCount()).toBe(before);
  });

  it('answers unknown routes in its own shape and serves an OpenAPI 3.1 document', async () => {
    const nope = await lr.get('/v1/nope');
    expect(nope.status).toBe(404);
    expect(nope.body.error).toMatchObject({ type: 'invalid_request_error', code: 'resource_missing' });
    const doc = await gw.inject({ method: 'GET', url: '/leanrails/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const openapi = doc.json();
    expect(openapi.openapi).toBe('3.1.0');
    expect(openapi.servers[0].url).toBe(`${gw.publicUrl}/leanrails`);
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/v1/checkout_links',
        '/v1/checkout_links/{id}',
        '/v1/checkout_links/{id}/line_items',
        '/v1/products',
        '/v1/products/{id}',
        '/v1/prices',
        '/v1/prices/{id}',
      ]),
    );
  });
});
