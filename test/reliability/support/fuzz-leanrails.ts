// LeanRails endpoints for the fuzz suite: seeds products, prices and a link through the API and
// describes every POST that creates or updates (links, products, prices), in JSON and in form
// encoding (Stripe's bracket notation), each with an Idempotency-Key.
import fc from 'fast-check';
import qs from 'qs';
import type { TestGateway } from '../../support/gateway.ts';
import { leanrailsError } from './error-shapes.ts';
import type { Endpoint } from './fuzz-harness.ts';
import { hasFields, isObject, pathId, queryEndpoint, restEndpoints, type RestRoute, type SuccessCheck } from './fuzz-rest.ts';
import { hostileString, jsonBodies, type Json, type WireBody } from './fuzz-values.ts';

const FORM = 'application/x-www-form-urlencoded';
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

let seeded = 0;
async function post(gw: TestGateway, path: string, body: unknown, key: string): Promise<Record<string, any>> {
  const res = await gw.inject({
    method: 'POST',
    url: `/leanrails${path}`,
    payload: JSON.stringify(body),
    headers: { authorization: basic(key), 'content-type': 'application/json', 'idempotency-key': `seed-${++seeded}` },
  });
  if (res.statusCode !== 200) throw new Error(`seed ${path}: ${res.statusCode} ${res.body}`);
  return res.json();
}

export interface LeanRailsSeed {
  product: string;
  linkPrice: string;
  updatablePrice: string;
  updatableProduct: string;
  updatableProductPrice: string;
  link: string;
  /** Products without prices: DELETE /v1/products/{id} may remove them. */
  deletable: string[];
  webhookEndpoint: string;
  coupon: string;
  promotionCode: string;
  otherOrg: string[];
}

export async function seedLeanRails(gw: TestGateway): Promise<LeanRailsSeed> {
  const key = gw.orgA.testKey;
  const product = (await post(gw, '/v1/products', { name: 'Widget' }, key)).id;
  const linkPrice = (await post(gw, '/v1/prices', { product, currency: 'usd', unit_amount: 2500 }, key)).id;
  const updatablePrice = (await post(gw, '/v1/prices', { product, currency: 'usd', unit_amount: 999, recurring: { interval: 'month' } }, key)).id;
  const updatable = await post(gw, '/v1/products', { name: 'Gadget', default_price_data: { currency: 'usd', unit_amount: 1500 } }, key);
  const link = (await post(gw, '/v1/checkout_links', { title: 'Fuzz link', line_items: [{ price: linkPrice, quantity: 1 }] }, key)).id;
  const bKey = gw.orgB.testKey;
  const bProduct = (await post(gw, '/v1/products', { name: 'B widget' }, bKey)).id;
  const bPrice = (await post(gw, '/v1/prices', { product: bProduct, currency: 'usd', unit_amount: 100 }, bKey)).id;
  const bLink = (await post(gw, '/v1/checkout_links', { title: 'B link', line_items: [{ price: bPrice, quantity: 1 }] }, bKey)).id;
  const deletable: string[] = [];
  for (const name of ['Spare 1', 'Spare 2', 'Spare 3']) deletable.push((await post(gw, '/v1/products', { name }, key)).id);
  const webhookEndpoint = (await post(gw, '/v1/webhook_endpoints', { url: 'https://hooks.example.com/lr', enabled_events: ['*'] }, key)).id;
  const bEndpoint = (await post(gw, '/v1/webhook_endpoints', { url: 'https://hooks.example.com/lr-b', enabled_events: ['*'] }, bKey)).id;
  const coupon = (await post(gw, '/v1/coupons', { name: 'Fuzz coupon', percent_off: 10 }, key)).id;
  const promotionCode = (await post(gw, '/v1/promotion_codes', { coupon, code: 'FUZZ-SEED' }, key)).id;
  const bCoupon = (await post(gw, '/v1/coupons', { percent_off: 5 }, bKey)).id;
  const bCode = (await post(gw, '/v1/promotion_codes', { coupon: bCoupon, code: 'FUZZ-B' }, bKey)).id;
  return {
    deletable,
    product,
    linkPrice,
    updatablePrice,
    updatableProduct: updatable.id,
    updatableProductPrice: updatable.default_price,
    link,
    webhookEndpoint,
    coupon,
    promotionCode,
    otherOrg: [bProduct, bPrice, bLink, bEndpoint, bCoupon, bCode],
  };
}

/** Form texts a bracket-notation parser must refuse or survive. */
const RAW_FORMS = [
  '',
  '=',
  '&&&',
  'a',
  'a=1&a=2',
  '%',
  '%zz=1',
  'name=%E0%A4%A',
  'a[=1',
  'a]=1',
  'a[b]]=1',
  'a[][]=1',
  `${'a'.padEnd(5, '[b]')}=1`,
  `x${'[a]'.repeat(10)}=1`,
  Array.from({ length: 150 }, (_, i) => `line_items[${i}][price]=p`).join('&'),
  'line_items[999999999]=x',
  Array.from({ length: 2500 }, (_, i) => `m${i}=1`).join('&'),
  '__proto__[polluted]=1',
  'constructor[prototype][polluted]=1',
  'name=%00',
  'name=%ED%A0%80',
  'metadata=',
  'metadata[]=1',
  'metadata[a][b]=1',
  'line_items=',
  'line_items[0]=x',
  'line_items[0][quantity]=1e3',
  'active=1',
  'active=TRUE',
  'unit_amount=-0',
];

/** JSON bodies, or the same kinds of bodies form-encoded (one in three), or raw form texts. */
function leanBodies(template: () => Json): fc.Arbitrary<WireBody> {
  const form = (body: WireBody): WireBody => {
    if (body.contentType !== 'application/json' || body.payload === undefined) return body;
    let value: unknown;
    try {
      value = JSON.parse(body.payload);
    } catch {
      return { payload: body.payload, contentType: FORM };
    }
    if (!value || typeof value !== 'object') return { payload: String(value), contentType: FORM };
    try {
      return { payload: qs.stringify(value, { encodeValuesOnly: true }), contentType: FORM };
    } catch {
      // Deeper than qs.stringify recurses: the same nesting, written by hand.
      return { payload: `metadata${'[a]'.repeat(1_000)}=1`, contentType: FORM };
    }
  };
  return fc.oneof(
    { weight: 12, arbitrary: jsonBodies(template) },
    { weight: 6, arbitrary: jsonBodies(template).map(form) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.constantFrom(...RAW_FORMS),
          hostileString.map((s) => `name=${s}`),
        )
        .map((payload) => ({ payload, contentType: FORM })),
    },
  );
}

/** Idempotency-Key: fresh for almost every request; sometimes missing, empty, too long or reused. */
let idem = 0;
const headersFor = (key: string): fc.Arbitrary<Record<string, string>> =>
  fc
    .tuple(
      fc.oneof(
        { weight: 40, arbitrary: fc.constant(null).map(() => `fuzz-${++idem}`) },
        { weight: 1, arbitrary: fc.constantFrom<string | undefined>(undefined, '', 'k'.repeat(256), 'fuzz-reused', '\u00e9t\u00e9') },
      ),
      fc.oneof(
        { weight: 30, arbitrary: fc.constant<string | undefined>(undefined) },
        { weight: 2, arbitrary: fc.constantFrom('2026-03-09', '2020-01-01', 'latest', '') },
      ),
      fc.oneof(
        { weight: 60, arbitrary: fc.constant(basic(key)) },
        { weight: 1, arbitrary: fc.constantFrom<string | undefined>(undefined, basic('sk_test_nope'), `Bearer ${key}`) },
      ),
    )
    .map(([idempotencyKey, version, authorization]) => {
      const headers: Record<string, string> = {};
      if (authorization !== undefined) headers.authorization = authorization;
      if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
      if (version !== undefined) headers['x-api-version'] = version;
      return headers;
    });

const object =
  (name: string): SuccessCheck =>
  (body) =>
    body.object === name ? hasFields({ id: 'string', livemode: 'boolean' })(body) : `object is ${String(body.object)}`;

export function leanRailsEndpoints(gw: TestGateway, seed: LeanRailsSeed): Endpoint[] {
  const bad = [
    ...seed.otherOrg,
    'cl_0000000000000000000000',
    'prod_0000000000000000000000',
    'price_0000000000000000000000',
    'we_0000000000000000000000',
    'co_0000000000000000000000',
    'promo_0000000000000000000000',
    'nope',
  ];
  let code = 0;
  const route = (name: string, url: (id: string) => string, body: () => Json, success: SuccessCheck, ids?: () => string[]): RestRoute => ({
    name,
    method: 'POST',
    url,
    body: leanBodies(body),
    shape: leanrailsError,
    status: 200,
    success,
    ...(ids ? { ids: pathId(ids, bad) } : {}),
  });
  const routes: RestRoute[] = [
    route(
      'POST /leanrails/v1/products',
      () => '/leanrails/v1/products',
      () => ({
        name: 'Widget',
        description: 'A widget.',
        active: true,
        images: ['https://example.com/a.png'],
        shippable: false,
        metadata: { sku: 'w-1' },
        default_price_data: { currency: 'usd', unit_amount: 1500, recurring: { interval: 'month', interval_count: 1 }, tax_behavior: 'exclusive' },
      }),
      object('product'),
    ),
    route(
      'POST /leanrails/v1/products/{id}',
      (id) => `/leanrails/v1/products/${id}`,
      () => ({
        name: 'Gadget 2',
        description: 'Updated.',
        active: true,
        shippable: true,
        metadata: { sku: 'g-2' },
        default_price: seed.updatableProductPrice,
      }),
      object('product'),
      () => [seed.updatableProduct],
    ),
    route(
      'POST /leanrails/v1/prices',
      () => '/leanrails/v1/prices',
      () => ({
        product: seed.product,
        currency: 'usd',
        unit_amount: 999,
        recurring: { interval: 'month', interval_count: 3 },
        tax_behavior: 'exclusive',
        active: true,
        nickname: 'Quarterly',
        metadata: { tier: '2' },
      }),
      object('price'),
    ),
    // product_data: the product is made with the price, in its transaction (a refusal leaves neither).
    route(
      'POST /leanrails/v1/prices (product_data)',
      () => '/leanrails/v1/prices',
      () => ({
        product_data: {
          name: 'Inline product',
          description: 'Made with its price.',
          active: true,
          images: ['https://example.com/p.png'],
          metadata: { sku: 'i-1' },
        },
        currency: 'eur',
        unit_amount: 1200,
        recurring: { interval: 'year' },
        lookup_key: null,
        metadata: { tier: '3' },
      }),
      object('price'),
    ),
    route(
      'POST /leanrails/v1/prices/{id}',
      (id) => `/leanrails/v1/prices/${id}`,
      () => ({
        active: true,
        nickname: 'Monthly',
        lookup_key: null,
        metadata: { extra: 'x' },
      }),
      object('price'),
      () => [seed.updatablePrice],
    ),
    route(
      'POST /leanrails/v1/checkout_links',
      () => '/leanrails/v1/checkout_links',
      () => ({
        line_items: [
          { price: seed.linkPrice, quantity: 1 } as Json,
          { quantity: 2, price_data: { currency: 'usd', product: seed.product, unit_amount: 1, tax_behavior: 'inclusive' } },
        ],
        title: 'Premium Headphones',
        mode: 'payment',
        description: 'Noise-cancelling.',
        currency: 'usd',
        after_completion: { type: 'redirect', redirect: { url: 'https://shop.example.com/thanks?s={CHECKOUT_SESSION_ID}' } },
        billing_address_collection: 'auto',
        metadata: { campaign: 'spring' },
        inactive_message: 'Sold out.',
        payment_method_types: ['card'],
        allow_promotion_codes: false,
        restrictions: { completed_sessions: { limit: 2 } },
        submit_type: 'auto',
        expand: ['line_items'],
      }),
      object('checkout_link'),
    ),
    route(
      'POST /leanrails/v1/checkout_links/{id}',
      (id) => `/leanrails/v1/checkout_links/${id}`,
      () => ({
        active: true,
        metadata: { campaign: 'summer' },
        after_completion: { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'Thanks!' } },
        billing_address_collection: 'required',
        inactive_message: 'Closed.',
        payment_method_types: ['card', 'sepa_debit'],
        restrictions: { completed_sessions: { limit: 5 } },
        submit_type: 'pay',
        allow_promotion_codes: true,
        expand: ['line_items'],
      }),
      object('checkout_link'),
      () => [seed.link],
    ),
    {
      // No body; a product with prices (seed.product) is refused 400 resource_in_use, a deleted one is 404 after.
      name: 'DELETE /leanrails/v1/products/{id}',
      method: 'DELETE',
      url: (id) => `/leanrails/v1/products/${id}`,
      ids: pathId(() => [...seed.deletable, seed.product], bad),
      body: fc.constant<WireBody>({}),
      shape: leanrailsError,
      status: 200,
      success: (body) => (body.object === 'product' && body.deleted === true ? null : `not a deleted product: ${JSON.stringify(body).slice(0, 100)}`),
    },
    route(
      'POST /leanrails/v1/webhook_endpoints',
      () => '/leanrails/v1/webhook_endpoints',
      () => ({
        url: 'https://hooks.example.com/orders',
        enabled_events: ['checkout.session.completed', 'checkout_link.*'],
        description: 'Orders',
        metadata: { team: 'ops' },
        api_version: '2026-03-09',
      }),
      object('webhook_endpoint'),
    ),
    route(
      'POST /leanrails/v1/webhook_endpoints/{id}',
      (id) => `/leanrails/v1/webhook_endpoints/${id}`,
      () => ({
        url: 'https://hooks.example.com/orders-2',
        enabled_events: ['*'],
        description: null,
        metadata: { team: '' },
        disabled: false,
      }),
      object('webhook_endpoint'),
      () => [seed.webhookEndpoint],
    ),
    route(
      'POST /leanrails/v1/coupons',
      () => '/leanrails/v1/coupons',
      () => ({
        name: 'Spring',
        percent_off: 12.5,
        duration: 'repeating',
        duration_in_months: 3,
        max_redemptions: 100,
        redeem_by: 2208988800,
        applies_to: { products: [seed.product] },
        metadata: { campaign: 'spring' },
      }),
      object('coupon'),
    ),
    route(
      'POST /leanrails/v1/coupons/{id}',
      (id) => `/leanrails/v1/coupons/${id}`,
      () => ({ name: 'Summer', metadata: { campaign: 'summer' } }),
      object('coupon'),
      () => [seed.coupon],
    ),
    route(
      'POST /leanrails/v1/promotion_codes',
      () => '/leanrails/v1/promotion_codes',
      () => ({
        coupon: seed.coupon,
        code: `FUZZ-${++code}`,
        active: true,
        max_redemptions: 10,
        expires_at: 2208988800,
        metadata: { channel: 'mail' },
      }),
      object('promotion_code'),
    ),
    route(
      'POST /leanrails/v1/promotion_codes/{id}',
      (id) => `/leanrails/v1/promotion_codes/${id}`,
      () => ({ active: false, metadata: { channel: '' } }),
      object('promotion_code'),
      () => [seed.promotionCode],
    ),
  ];
  const list = (body: unknown) =>
    isObject(body) && body.object === 'list' && Array.isArray(body.data) ? null : `not a list: ${JSON.stringify(body).slice(0, 100)}`;
  const paging = { limit: ['1', '10', '100'], starting_after: [seed.linkPrice, seed.link], ending_before: [seed.linkPrice, seed.link] };
  const queries = [
    queryEndpoint(
      {
        name: 'GET /leanrails/v1/prices?filters',
        url: (q) => `/leanrails/v1/prices?${q}`,
        shape: leanrailsError,
        success: list,
        params: {
          ...paging,
          currency: ['usd', 'EUR'],
          product: [seed.product, ...bad],
          active: ['true', 'false'],
          type: ['one_time', 'recurring'],
          'lookup_keys[]': ['k1', 'hp-monthly'],
        },
      },
      headersFor(gw.orgA.testKey),
    ),
    queryEndpoint(
      {
        name: 'GET /leanrails/v1/checkout_links?expand',
        url: (q) => `/leanrails/v1/checkout_links?${q}`,
        shape: leanrailsError,
        success: list,
        params: { ...paging, active: ['true', 'false'], 'expand[]': ['data.line_items', 'line_items', 'data.line_items.data.price'] },
      },
      headersFor(gw.orgA.testKey),
    ),
    queryEndpoint(
      {
        name: 'GET /leanrails/v1/checkout_links/{id}?expand',
        url: (q) => `/leanrails/v1/checkout_links/${seed.link}?${q}`,
        shape: leanrailsError,
        success: (body) => (isObject(body) ? object('checkout_link')(body) : 'not an object'),
        params: { 'expand[]': ['line_items', 'data.line_items'], expand: ['line_items'] },
      },
      headersFor(gw.orgA.testKey),
    ),
  ];
  return [...restEndpoints(routes, headersFor(gw.orgA.testKey)), ...queries];
}
