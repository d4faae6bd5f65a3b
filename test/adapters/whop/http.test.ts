// The Whop dialect over raw HTTP: the seed's shapes per version, idempotency, public retrieve,
// GraphQL visibility, bad input (documented error, no 500, no row left), OpenAPI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId, encodeId } from '../../../src/contract/ids.ts';
import { startGateway, type TestGateway } from '../../support/gateway.ts';

let gw: TestGateway;
let biz: string;
beforeAll(async () => {
  gw = await startGateway();
  biz = encodeId('biz', gw.orgA.id);
});
afterAll(async () => {
  await gw?.close();
});

const BASE = '/whop/api/v1';
const post = (path: string, body: unknown, headers: Record<string, string> = {}, key: string | null = gw.orgA.testKey) =>
  gw.inject({
    method: 'POST',
    url: BASE + path,
    payload: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
  });
const get = (path: string, headers: Record<string, string> = {}, key: string | null = gw.orgA.testKey) =>
  gw.inject({ method: 'GET', url: BASE + path, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } });

/** The seed's request body (docs "Create a checkout configuration"), with real values. */
const seedBody = () => ({
  company_id: biz,
  plan: {
    company_id: biz,
    currency: 'usd',
    initial_price: 25,
    renewal_price: 25,
    plan_type: 'renewal',
    billing_period: 30,
    trial_period_days: 3,
    release_method: 'buy_now',
    title: 'Seed plan',
    description: 'from the seed',
    visibility: 'visible',
    unlimited_stock: true,
    metadata: {},
    force_create_new_plan: false,
  },
  currency: 'usd',
  affiliate_code: 'aff',
  metadata: { ref: 'seed' },
  redirect_url: 'https://example.test/done',
  three_ds_level: 'frictionless',
  payment_method_configuration: { enabled: ['card'], disabled: ['crypto'], include_platform_defaults: true },
});

const counts = async () =>
  (await gw.graphql('{ checkoutLinks { totalCount } plans { totalCount } products(filter: { includePlanOnly: true }) { totalCount } prices { totalCount } }'))
    .body.data;

describe('versions', () => {
  it('answers the seed shape without a version header (company_id, unix seconds)', async () => {
    const res = await post('/checkout_configurations', seedBody());
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual([
      'affiliate_code',
      'company_id',
      'created_at',
      'currency',
      'id',
      'metadata',
      'mode',
      'payment_method_configuration',
      'plan',
      'purchase_url',
      'redirect_url',
      'three_ds_level',
      'updated_at',
    ]);
    expect(body).toMatchObject({
      company_id: biz,
      mode: 'payment',
      currency: 'usd',
      affiliate_code: 'aff',
      metadata: { ref: 'seed' },
      redirect_url: 'https://example.test/done',
      three_ds_level: 'frictionless',
      payment_method_configuration: { enabled: ['card'], disabled: ['crypto'], include_platform_defaults: true },
      plan: { renewal_price: 25, initial_price: 25, billing_period: 30, trial_period_days: 3, plan_type: 'renewal', currency: 'usd' },
    });
    expect(Number.isInteger(body.created_at)).toBe(true);
    expect(Number.isInteger(body.updated_at)).toBe(true);
    expect(Math.abs(body.created_at - Date.now() / 1000)).toBeLessThan(120);
  });

  it('answers account_id and ISO timestamps at 2026-07-20, plus the effective configuration at 2026-08-21-1', async () => {
    const { company_id: _c, plan, ...rest } = seedBody();
    const { company_id: _p, ...inline } = plan;
    const body = { ...rest, account_id: biz, plan: { ...inline, account_id: biz } };
    const res = await post('/checkout_configurations', body, { 'api-version-date': '2026-07-20' });
    expect(res.statusCode).toBe(201);
    const config = res.json();
    expect(config.account_id).toBe(biz);
    expect(config).not.toHaveProperty('company_id');
    expect(config).not.toHaveProperty('effective_payment_method_configuration');
    expect(new Date(config.created_at).toISOString()).toBe(config.created_at);
    const latest = await get(`/checkout_configurations/${config.id}`, { 'api-version-date': '2026-08-21-1' });
    expect(latest.json().effective_payment_method_configuration).toEqual({ enabled: ['card'], disabled: ['crypto'], include_platform_defaults: true });
    const old = await get(`/checkout_configurations/${config.id}`);
    expect(old.json()).toMatchObject({ company_id: biz, created_at: Math.floor(Date.parse(config.created_at) / 1000) });
  });

  it('refuses an unknown version with a 400 naming the supported versions', async () => {
    const res = await post('/checkout_configurations', { mode: 'setup' }, { 'api-version-date': '2026-07-21' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.type).toBe('invalid_request');
    expect(res.json().error.message).toContain('2025-01-01, 2026-06-08, 2026-06-09, 2026-06-20, 2026-07-01, 2026-07-08-1, 2026-07-20, 2026-08-21-1');
  });
});

describe('idempotency', () => {
  it('replays byte for byte with Idempotent-Replayed, refuses any difference (incl. the version) with 400', async () => {
    const headers = { 'idempotency-key': 'whop-idem-1', 'api-version-date': '2026-07-20' };
    const first = await post('/checkout_configurations', { mode: 'setup', metadata: { n: 1 } }, headers);
    expect(first.statusCode).toBe(201);
    const before = await counts();
    const replay = await post('/checkout_configurations', { mode: 'setup', metadata: { n: 1 } }, headers);
    expect(replay.statusCode).toBe(201);
    expect(replay.body).toBe(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await counts()).toEqual(before);
    const otherBody = await post('/checkout_configurations', { mode: 'setup', metadata: { n: 2 } }, headers);
    expect(otherBody.statusCode).toBe(400);
    expect(otherBody.json().error.type).toBe('idempotency_key_reused');
    const otherVersion = await post('/checkout_configurations', { mode: 'setup', metadata: { n: 1 } }, { ...headers, 'api-version-date': '2026-08-21-1' });
    expect(otherVersion.statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('replays a stored 4xx too', async () => {
    const headers = { 'idempotency-key': 'whop-idem-2' };
    const first = await post('/checkout_configurations', { plan_id: 'plan_nope' }, headers);
    expect(first.statusCode).toBe(404);
    const again = await post('/checkout_configurations', { plan_id: 'plan_nope' }, headers);
    expect(again.statusCode).toBe(404);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });
});

describe('public retrieve and other faces', () => {
  it('retrieves without a key (metadata null); another organisation sees metadata null too', async () => {
    const config = (await post('/checkout_configurations', { mode: 'setup', metadata: { secret: 'x' } }, { 'api-version-date': '2026-07-20' })).json();
    const anonymous = await get(`/checkout_configurations/${config.id}`, { 'api-version-date': '2026-07-20' }, null);
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ ...config, metadata: null });
    const other = await get(`/checkout_configurations/${config.id}`, { 'api-version-date': '2026-07-20' }, gw.orgB.testKey);
    expect(other.json()).toMatchObject({ id: config.id, metadata: null });
    const owner = await get(`/checkout_configurations/${config.id}`, { 'api-version-date': '2026-07-20' });
    expect(owner.json().metadata).toEqual({ secret: 'x' });
    const badKey = await get(`/checkout_configurations/${config.id}`, {}, 'sk_test_nope');
    expect(badKey.statusCode).toBe(200);
  });

  it('retrieves an inline plan publicly with its prices', async () => {
    const config = (await post('/checkout_configurations', { plan: { initial_price: 9.5, currency: 'eur', title: 'Public' } })).json();
    const anonymous = (await get(`/checkout_configurations/${config.id}`, {}, null)).json();
    expect(anonymous.plan).toEqual(config.plan);
    expect(anonymous.plan.initial_price).toBe(9.5);
  });

  it('is visible through GraphQL by id', async () => {
    const config = (await post('/checkout_configurations', { plan: { initial_price: 1, currency: 'usd', title: 'GQL' }, affiliate_code: 'g' })).json();
    const id = decodeId('ch', config.id);
    const { body } = await gw.graphql('query ($id: ID) { checkoutLink(id: $id) { id url affiliateCode plan { id name } } }', { id });
    expect((body.data as any).checkoutLink).toMatchObject({
      id,
      url: config.purchase_url,
      affiliateCode: 'g',
      plan: { id: decodeId('plan', config.plan.id), name: 'GQL' },
    });
    const open = await gw.graphql('query ($id: ID!) { publicCheckoutLink(id: $id) { id organisationId metadata plan { name } } }', { id }, null);
    expect((open.body.data as any).publicCheckoutLink).toEqual({ id, organisationId: gw.orgA.id, metadata: {}, plan: { name: 'GQL' } });
    const basic = Buffer.from(`${gw.orgA.testKey}:`).toString('base64');
    const lean = await gw.inject({
      method: 'GET',
      url: `/leanrails/v1/checkout_links/${encodeId('cl', id as string)}`,
      headers: { authorization: `Basic ${basic}` },
    });
    expect(lean.statusCode).toBe(200);
    expect(lean.json()).toMatchObject({ id: encodeId('cl', id as string), url: config.purchase_url });
  });
});

describe('bad input: the documented error, no 500, no row left', () => {
  const cases: [string, () => Promise<{ statusCode: number; json(): any; headers: Record<string, unknown> }>, number, string?][] = [
    ['plan_id and plan together', () => post('/checkout_configurations', { plan_id: 'plan_x', plan: { initial_price: 1 } }), 400, 'plan__conflict'],
    ['neither in payment mode', () => post('/checkout_configurations', { metadata: {} }), 400, 'plan__missing'],
    ['a plan in setup mode', () => post('/checkout_configurations', { mode: 'setup', plan_id: 'plan_x' }), 400, 'plan__not_allowed'],
    ['unknown plan_id', () => post('/checkout_configurations', { plan_id: encodeId('plan', '01900000-0000-7000-8000-000000000000') }), 404],
    ['malformed plan_id', () => post('/checkout_configurations', { plan_id: 'plan_x' }), 404],
    ['price with too many decimals', () => post('/checkout_configurations', { plan: { initial_price: 10.435, currency: 'usd' } }), 422, 'amount__invalid'],
    ['decimals for a currency without any', () => post('/checkout_configurations', { plan: { initial_price: 10.5, currency: 'jpy' } }), 422, 'amount__invalid'],
    ['unknown currency', () => post('/checkout_configurations', { plan: { initial_price: 1, currency: 'zzz' } }), 422, 'currency__unknown'],
    ['a bad enum', () => post('/checkout_configurations', { mode: 'subscribe' }), 400],
    ['unknown version', () => post('/checkout_configurations', { mode: 'setup' }, { 'api-version-date': 'latest' }), 400, 'unsupported_api_version'],
    ['no key', () => post('/checkout_configurations', { mode: 'setup' }, {}, null), 401],
    ['bad key', () => post('/checkout_configurations', { mode: 'setup' }, {}, 'sk_test_invalid'), 401],
    [
      'another organisation as owner',
      () => post('/checkout_configurations', { mode: 'setup', account_id: encodeId('biz', gw.orgB.id) }, { 'api-version-date': '2026-07-20' }),
      404,
    ],
    ['malformed JSON', () => post('/checkout_configurations', '{"mode": "setup",'), 400, 'body__invalid_json'],
    ['JSON of the wrong type', () => post('/checkout_configurations', '[1,2]'), 400],
    ['product without title', () => post('/products', { description: 'x' }), 400],
  ];

  for (const [name, run, status, code] of cases) {
    it(name, async () => {
      const before = await counts();
      const res = await run();
      expect(res.statusCode).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const body = res.json();
      expect(typeof body.error.type).toBe('string');
      expect(typeof body.error.message).toBe('string');
      if (code) expect(body.error.code).toBe(code);
      expect(await counts()).toEqual(before);
    });
  }

  it('a key without the scope gets 403, and nothing is written', async () => {
    const key = await gw.keyWith(['checkout-link:read']);
    const before = await counts();
    const res = await post('/checkout_configurations', { plan: { initial_price: 1, currency: 'usd' } }, {}, key);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.type).toBe('forbidden');
    expect(await counts()).toEqual(before);
    expect((await get('/checkout_configurations', {}, await gw.keyWith(['plan:read']))).statusCode).toBe(403);
  });

  it('unknown routes and ids answer in Whop shape', async () => {
    expect((await get('/nope')).json().error.type).toBe('not_found');
    expect((await get('/checkout_configurations/ch_bad')).statusCode).toBe(404);
    expect((await get('/plans/plan_bad')).statusCode).toBe(404);
    expect((await get('/products/prod_bad')).statusCode).toBe(404);
    const unknown = await get(`/checkout_configurations/${encodeId('ch', '01900000-0000-7000-8000-000000000000')}`, {}, null);
    expect(unknown.json()).toEqual({ error: { type: 'not_found', message: 'Checkout configuration not found.' } });
  });

  it('a conflict is a 409 the SDK must not retry', async () => {
    const product = (await post('/products', { title: 'Used' })).json();
    expect((await post('/plans', { product_id: product.id, initial_price: 2, currency: 'usd' })).statusCode).toBe(201);
    const res = await gw.inject({ method: 'DELETE', url: `${BASE}/products/${product.id}`, headers: { authorization: `Bearer ${gw.orgA.testKey}` } });
    expect(res.statusCode).toBe(409);
    expect(res.headers['x-should-retry']).toBe('false');
    expect(res.json().error.type).toBe('conflict');
  });
});

describe('lists and docs', () => {
  it('filters by plan_id and created_after, pages with before, and refuses a bad page size', async () => {
    const made = (await post('/checkout_configurations', { plan: { initial_price: 3, currency: 'usd', title: 'Filter' } })).json();
    const byPlan = (await get(`/checkout_configurations?plan_id=${made.plan.id}`)).json();
    expect(byPlan.data.map((c: any) => c.id)).toEqual([made.id]);
    const future = Math.floor(Date.now() / 1000) + 3600;
    expect((await get(`/checkout_configurations?created_after=${future}`)).json().data).toEqual([]);
    const page1 = (await get('/checkout_configurations?first=2')).json();
    expect(page1.data.length).toBe(2);
    expect(page1.page_info.has_next_page).toBe(true);
    const page2 = (await get(`/checkout_configurations?first=2&after=${page1.page_info.end_cursor}`)).json();
    const back = (await get(`/checkout_configurations?first=2&before=${page2.page_info.start_cursor}`)).json();
    expect(back.data.map((c: any) => c.id)).toEqual(page1.data.map((c: any) => c.id));
    expect((await get('/checkout_configurations?first=0')).statusCode).toBe(400);
    expect((await get('/checkout_configurations?direction=sideways')).statusCode).toBe(400);
  });

  it('serves OpenAPI 3.1 generated from the routes', async () => {
    const doc = (await get('/openapi.json', {}, null)).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/whop/api/v1/checkout_configurations',
        '/whop/api/v1/checkout_configurations/{id}',
        '/whop/api/v1/plans',
        '/whop/api/v1/plans/{id}',
        '/whop/api/v1/products',
        '/whop/api/v1/products/{id}',
      ]),
    );
  });
});
