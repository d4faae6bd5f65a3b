// The smaller defects of issue 16: strict Authorization parsing, keys in URLs refused and
// redacted from logs, introspection behind a key in production, and the scheduled purge of
// expired idempotency keys and abandoned sessions.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeRequest } from '../../src/http/url-secrets.ts';
import { linkApi } from '../support/checkout-link-fixtures.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
let prod: TestGateway;
const api = linkApi(() => gw);

beforeAll(async () => {
  gw = await startGateway({ PURGE_INTERVAL_MS: '200', SESSION_RETENTION_DAYS: '7' });
  prod = await startGateway({ NODE_ENV: 'production' });
});
afterAll(async () => {
  await gw?.close();
  await prod?.close();
});

const viewer = (authorization: string) =>
  gw.inject({ method: 'POST', url: '/graphql', headers: { authorization, 'content-type': 'application/json' }, payload: { query: '{ viewer { mode } }' } });

describe('strict credentials', () => {
  it('refuses "Bearer <key> extra" and a Basic password; accepts the plain forms', async () => {
    const key = gw.orgA.testKey;
    expect((await viewer(`Bearer ${key}`)).statusCode).toBe(200);
    expect((await viewer(`Basic ${Buffer.from(`${key}:`).toString('base64')}`)).statusCode).toBe(200);
    expect((await viewer(`Bearer ${key} extra`)).statusCode).toBe(401);
    expect((await viewer(`Basic ${Buffer.from(`${key}:secret`).toString('base64')}`)).statusCode).toBe(401);
    const lr = await gw.inject({ method: 'GET', url: '/leanrails/v1/checkout_links', headers: { authorization: `Bearer ${key} extra` } });
    expect(lr.statusCode).toBe(401);
  });
});

describe('keys in URLs', () => {
  it("refuses a secret key in the query string, in the face's shape", async () => {
    const res = await gw.inject({ method: 'GET', url: `/leanrails/v1/checkout_links?api_key=${gw.orgA.testKey}` });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain(gw.orgA.testKey);
    const graphql = await gw.inject({
      method: 'GET',
      url: `/graphql?query=%7Bviewer%7Bmode%7D%7D&key=${gw.orgA.testKey}`,
      headers: { 'apollo-require-preflight': '1' },
    });
    expect(graphql.statusCode).toBe(400);
  });

  it('logs URLs with the key redacted', () => {
    const logged = serializeRequest({ method: 'GET', url: `/x?api_key=${gw.orgA.testKey}&b=sk%5Flive%5Fabc123`, host: 'h', ip: '1.2.3.4' } as never);
    expect(JSON.stringify(logged)).not.toMatch(/sk_test_[A-Za-z0-9]|sk%5Flive/);
    expect(logged.url).toBe('/x?api_key=sk_…[REDACTED]&b=sk_…[REDACTED]');
  });
});

describe('introspection in production', () => {
  it('needs a key', async () => {
    const anonymous = await prod.graphql('{ __schema { queryType { name } } }', {}, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const keyed = await prod.graphql('{ __schema { queryType { name } } }', {}, prod.orgA.testKey);
    expect(keyed.status).toBe(200);
    expect((keyed.body.data as any).__schema.queryType.name).toBe('Query');
    expect((await gw.graphql('{ __type(name: "Query") { name } }', {}, null)).status).toBe(200); // outside production: open
  });
});

describe('form-encoded metadata keys', () => {
  const post = (form: string) =>
    gw.inject({
      method: 'POST',
      url: '/leanrails/v1/products',
      payload: form,
      headers: {
        authorization: `Bearer ${gw.orgA.testKey}`,
        'idempotency-key': randomUUID(),
        'content-type': 'application/x-www-form-urlencoded',
      },
    });

  it('keeps toString, valueOf and constructor as JSON does, and refuses prototype-polluting names', async () => {
    const kept = await post('name=Form&metadata[toString]=a&metadata[valueOf]=b&metadata[constructor]=c&metadata[hasOwnProperty]=d');
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().metadata).toEqual({ toString: 'a', valueOf: 'b', constructor: 'c', hasOwnProperty: 'd' });
    for (const form of [
      'name=Bad&metadata[__proto__][polluted]=1',
      'name=Bad&__proto__[polluted]=1',
      'name=Bad&metadata[constructor][prototype][polluted]=1',
    ]) {
      const refused = await post(form);
      expect(refused.statusCode, form).toBe(400);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });
});

describe('scheduled purge', () => {
  it('deletes expired idempotency keys and long-abandoned sessions on its timer, and nothing else', async () => {
    const sql = (q: string, p: unknown[] = []) => gw.db.orm.em.getConnection().execute(q, p);
    const product = await api.product('Purge', 'EUR', 100);
    const link = await api.createOk({ lineItems: [{ priceId: product.priceId }] });
    const cart = async () =>
      ((await gw.graphql('mutation ($l: ID!) { createCart(input: { checkoutLinkId: $l }) { checkoutSession { id } } }', { l: link.id })).body.data as any)
        .createCart.checkoutSession.id as string;
    const [old, recent] = [await cart(), await cart()];
    await sql(`update checkout_session set expires_at = now() - interval '8 days' where id = ?`, [old]);
    await sql(`update checkout_session set expires_at = now() - interval '1 day', status = 'expired' where id = ?`, [recent]);
    const idem = randomUUID();
    const res = await gw.inject({
      method: 'POST',
      url: '/leanrails/v1/products',
      headers: { authorization: `Bearer ${gw.orgA.testKey}`, 'idempotency-key': idem, 'content-type': 'application/json' },
      payload: { name: 'Purged key' },
    });
    expect(res.statusCode).toBe(200);
    await sql(`update idempotency_key set expires_at = now() - interval '1 minute' where key = ?`, [idem]);
    const until = Date.now() + 10_000;
    let left: any[] = [];
    while (Date.now() < until) {
      left = await sql(
        `select (select count(*) from checkout_session where id = ?) as old, (select count(*) from checkout_session where id = ?) as recent,
        (select count(*) from idempotency_key where key = ?) as idem`,
        [old, recent, idem],
      );
      if (Number(left[0].old) === 0 && Number(left[0].idem) === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect({ old: Number(left[0].old), recent: Number(left[0].recent), idem: Number(left[0].idem) }).toEqual({ old: 0, recent: 1, idem: 0 });
  });
});
