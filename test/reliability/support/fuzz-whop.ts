// Whop endpoints for the fuzz suite: seeds products and plans through the API and describes every
// create and update route (/checkout_configurations, /plans, /products), with generated
// Api-Version-Date and Idempotency-Key headers.
import fc from 'fast-check';
import { encodeId } from '../../../src/contract/ids.ts';
import type { TestGateway } from '../../support/gateway.ts';
import { whopError } from './error-shapes.ts';
import type { Endpoint } from './fuzz-harness.ts';
import { hasFields, pathId, restEndpoints, type RestRoute } from './fuzz-rest.ts';
import { jsonBodies, type Json } from './fuzz-values.ts';

const BASE = '/whop/api/v1';
const VERSIONS = ['2025-01-01', '2026-06-08', '2026-06-09', '2026-06-20', '2026-07-01', '2026-07-08-1', '2026-07-20', '2026-08-21-1'];

async function post(gw: TestGateway, path: string, body: unknown, key: string): Promise<Record<string, any>> {
  const res = await gw.inject({
    method: 'POST',
    url: BASE + path,
    payload: JSON.stringify(body),
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  });
  if (res.statusCode !== 201) throw new Error(`seed ${path}: ${res.statusCode} ${res.body}`);
  return res.json();
}

export interface WhopSeed {
  biz: string;
  product: string;
  updatableProduct: string;
  plan: string;
  updatablePlan: string;
  webhook: string;
  otherOrg: string[];
}

export async function seedWhop(gw: TestGateway): Promise<WhopSeed> {
  const key = gw.orgA.testKey;
  const product = (await post(gw, '/products', { title: 'Fuzz product' }, key)).id;
  const updatableProduct = (await post(gw, '/products', { title: 'Updatable product' }, key)).id;
  const plan = (await post(gw, '/plans', { product_id: product, initial_price: 10, currency: 'usd', plan_type: 'one_time' }, key)).id;
  const updatablePlan = (
    await post(gw, '/plans', { product_id: product, initial_price: 5, renewal_price: 5, billing_period: 30, currency: 'usd', plan_type: 'renewal' }, key)
  ).id;
  const bKey = gw.orgB.testKey;
  const bProduct = (await post(gw, '/products', { title: 'B product' }, bKey)).id;
  const bPlan = (await post(gw, '/plans', { product_id: bProduct, initial_price: 1, currency: 'usd' }, bKey)).id;
  const webhook = (await post(gw, '/webhooks', { url: 'https://hooks.example.com/whop', events: ['payment.succeeded'] }, key)).id;
  const bWebhook = (await post(gw, '/webhooks', { url: 'https://hooks.example.com/whop-b' }, bKey)).id;
  return {
    biz: encodeId('biz', gw.orgA.id),
    product,
    updatableProduct,
    plan,
    updatablePlan,
    webhook,
    otherOrg: [bProduct, bPlan, encodeId('biz', gw.orgB.id), bWebhook],
  };
}

let idem = 0;
let unique = 0;
const headersFor = (key: string): fc.Arbitrary<Record<string, string>> =>
  fc
    .tuple(
      fc.oneof(
        { weight: 6, arbitrary: fc.constant<string | undefined>(undefined) },
        { weight: 6, arbitrary: fc.constantFrom(...VERSIONS) },
        { weight: 1, arbitrary: fc.constantFrom('latest', '2026-07-21', '', '2026-07-20 ') },
      ),
      fc.oneof(
        { weight: 6, arbitrary: fc.constant<string | undefined>(undefined) },
        { weight: 6, arbitrary: fc.constant(null).map(() => `whop-fuzz-${++idem}`) },
        { weight: 1, arbitrary: fc.constantFrom('', 'k'.repeat(256), 'whop-reused') },
      ),
      fc.oneof(
        { weight: 60, arbitrary: fc.constant<string | undefined>(`Bearer ${key}`) },
        { weight: 1, arbitrary: fc.constantFrom<string | undefined>(undefined, 'Bearer sk_test_nope') },
      ),
    )
    .map(([version, idempotencyKey, authorization]) => {
      const headers: Record<string, string> = {};
      if (authorization !== undefined) headers.authorization = authorization;
      if (version !== undefined) headers['api-version-date'] = version;
      if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
      return headers;
    });

export function whopEndpoints(gw: TestGateway, seed: WhopSeed): Endpoint[] {
  const bad = [
    ...seed.otherOrg,
    'plan_0000000000000000000000',
    'prod_0000000000000000000000',
    'hook_0000000000000000000000',
    'promo_0000000000000000000000',
    'nope',
  ];
  const inlinePlan = (): Record<string, Json> => ({
    company_id: seed.biz,
    product_id: seed.product,
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
    override_tax_type: 'exclusive',
  });
  const configurations = [
    (): Json => ({
      company_id: seed.biz,
      plan: inlinePlan(),
      currency: 'usd',
      affiliate_code: 'aff',
      metadata: { ref: 'seed' },
      redirect_url: 'https://example.test/done',
      three_ds_level: 'frictionless',
      payment_method_configuration: { enabled: ['card'], disabled: ['crypto'], include_platform_defaults: true },
    }),
    (): Json => ({ account_id: seed.biz, plan_id: seed.plan, metadata: { n: 1 }, redirect_url: 'https://example.test/done' }),
    (): Json => ({ mode: 'setup', metadata: { n: 2 }, currency: 'eur' }),
  ];
  const product = (): Json => ({
    title: 'Fuzz product',
    description: 'A product.',
    visibility: 'visible',
    route: `fuzz-route-${++unique}`,
    headline: 'Headline',
    metadata: { a: 'b' },
  });
  const routes: RestRoute[] = [
    {
      name: 'POST /whop/api/v1/checkout_configurations',
      method: 'POST',
      url: () => `${BASE}/checkout_configurations`,
      shape: whopError,
      status: 201,
      body: jsonBodies(() => (configurations[++unique % configurations.length] as () => Json)()),
      success: hasFields({ id: 'string', mode: 'string', purchase_url: 'string' }),
    },
    {
      name: 'POST /whop/api/v1/plans',
      method: 'POST',
      url: () => `${BASE}/plans`,
      shape: whopError,
      status: 201,
      body: jsonBodies(() => {
        const { company_id: _owner, ...plan } = inlinePlan();
        return { ...plan, account_id: seed.biz, stock: 10 };
      }),
      success: hasFields({ id: 'string' }),
    },
    {
      name: 'PATCH /whop/api/v1/plans/{id}',
      method: 'PATCH',
      url: (id) => `${BASE}/plans/${id}`,
      ids: pathId(() => [seed.updatablePlan], bad),
      shape: whopError,
      status: 200,
      body: jsonBodies(() => ({
        title: 'Renamed plan',
        description: 'x',
        initial_price: 12,
        renewal_price: 12,
        billing_period: 30,
        visibility: 'hidden',
        metadata: { a: 'b' },
        stock: 5,
        unlimited_stock: false,
        internal_notes: 'n',
      })),
      success: hasFields({ id: 'string' }),
    },
    {
      name: 'POST /whop/api/v1/products',
      method: 'POST',
      url: () => `${BASE}/products`,
      shape: whopError,
      status: 201,
      body: jsonBodies(product),
      success: hasFields({ id: 'string', title: 'string' }),
    },
    {
      name: 'PATCH /whop/api/v1/products/{id}',
      method: 'PATCH',
      url: (id) => `${BASE}/products/${id}`,
      ids: pathId(() => [seed.updatableProduct], bad),
      shape: whopError,
      status: 200,
      body: jsonBodies(() => ({ title: 'Renamed product', description: 'Updated.', visibility: 'hidden', headline: 'New', metadata: { c: 'd' } })),
      success: hasFields({ id: 'string', title: 'string' }),
    },
    {
      name: 'POST /whop/api/v1/webhooks',
      method: 'POST',
      url: () => `${BASE}/webhooks`,
      shape: whopError,
      status: 201,
      success: hasFields({ id: 'string', url: 'string', webhook_secret: 'string' }),
      body: jsonBodies(() => ({
        url: `https://hooks.example.com/whop-${++unique}`,
        events: ['payment.succeeded', 'membership.activated'],
        enabled: true,
        api_version: 'v1',
        resource_id: seed.biz,
        child_resource_events: false,
      })),
    },
    {
      name: 'PATCH /whop/api/v1/webhooks/{id}',
      method: 'PATCH',
      url: (id) => `${BASE}/webhooks/${id}`,
      ids: pathId(() => [seed.webhook], bad),
      shape: whopError,
      status: 200,
      body: jsonBodies(() => ({ url: 'https://hooks.example.com/whop-2', events: ['payment.succeeded'], enabled: false, child_resource_events: false })),
      success: hasFields({ id: 'string', url: 'string' }),
    },
    {
      name: 'POST /whop/api/v1/promo_codes',
      method: 'POST',
      url: () => `${BASE}/promo_codes`,
      shape: whopError,
      status: 201,
      success: hasFields({ id: 'string', code: 'string' }),
      body: jsonBodies(() => ({
        code: `FUZZ${++unique}`,
        amount_off: 15,
        base_currency: 'usd',
        promo_type: 'percentage',
        company_id: seed.biz,
        new_users_only: false,
        promo_duration_months: 3,
        expires_at: '2040-01-01T00:00:00Z',
        one_per_customer: false,
        plan_ids: [],
        product_id: seed.product,
        stock: 50,
        unlimited_stock: false,
      })),
    },
  ];
  return restEndpoints(routes, headersFor(gw.orgA.testKey));
}
