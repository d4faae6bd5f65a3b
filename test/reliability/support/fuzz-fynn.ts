// Fynn endpoints for the fuzz suite: seeds a catalog, plans and links through the API, and
// describes every create/update route of V2 (/fynn/api/plans…) and classic (/fynn/checkout-links…).
import fc from 'fast-check';
import type { TestGateway } from '../../support/gateway.ts';
import { fynnClassicError, fynnV2Error } from './error-shapes.ts';
import type { Endpoint } from './fuzz-harness.ts';
import { authorization, hasFields, pathId, queryEndpoint, restEndpoints, type RestRoute } from './fuzz-rest.ts';
import { jsonBodies, type Json, type WireBody } from './fuzz-values.ts';

const UNKNOWN_UUID = '0190a1b2-0000-7000-8000-000000000000';

async function call(gw: TestGateway, method: 'POST' | 'PUT', url: string, body: unknown, key: string): Promise<Record<string, any>> {
  const res = await gw.inject({
    method,
    url: `/fynn${url}`,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    payload: JSON.stringify(body ?? {}),
  });
  if (res.statusCode >= 300) throw new Error(`seed ${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function price(gw: TestGateway, key: string, name: string): Promise<{ productId: string; priceId: string }> {
  const r = await gw.graphql<any>(
    'mutation ($input: CreateProductInput!) { createProduct(input: $input) { product { id defaultPrice { id } } userErrors { message } } }',
    { input: { name, defaultPrice: { currency: 'EUR', unitAmount: 4900, recurring: { interval: 'MONTH' } } } },
    key,
  );
  const product = r.body.data?.createProduct?.product;
  if (!product) throw new Error(`seed product: ${JSON.stringify(r.body)}`);
  return { productId: product.id, priceId: product.defaultPrice.id };
}

export interface FynnSeed {
  seat: { productId: string; priceId: string };
  extra: { productId: string; priceId: string };
  activePlan: Record<string, any>;
  draftPlanIds: string[];
  linkId: string;
  cartLinkId: string;
  webhookId: string;
  otherOrg: { planId: string; linkId: string; webhookId: string };
  /** Classic catalog: a product and a price plan to update, and ones to archive. */
  catalog: { productId: string; pricePlanId: string; archiveProductIds: string[]; archivePriceIds: string[] };
  /** Classic coupons: one with a code to update, one without (a PUT may give it a code), and organisation B's. */
  coupons: { withCode: string; withoutCode: string; otherOrg: string };
}

const planBody = (seed: Pick<FynnSeed, 'seat' | 'extra'>, code: string): Json => ({
  code,
  name: 'Pro Plan',
  description: 'For teams.',
  tiers: [
    { name: 'Basic', position: 0, items: [{ productId: seed.seat.productId, pricePlanId: seed.seat.priceId, defaultQuantity: 1 }] },
    {
      name: 'Pro',
      position: 1,
      items: [
        { productId: seed.extra.productId, pricePlanId: seed.extra.priceId, defaultQuantity: 3, minQuantity: 1, maxQuantity: 10, quantityEditable: true },
      ],
    },
  ],
});

const classicBody = (seed: Pick<FynnSeed, 'seat'>): Json => ({
  name: 'Spring offer',
  isEnabled: '1',
  items: [
    { type: 'product', product: seed.seat.productId, price: seed.seat.priceId, quantity: '2', periods: [{ contractPeriod: '12M', cancellationPeriod: '1M' }] },
  ],
  options: { allowCoupons: '1', forceCompany: '', quantityEditable: '1', trialDays: '14' },
  afterCheckout: { action: 'redirect', url: 'https://example.com/thanks', confirmationMessage: 'Thank you!', backToProviderUrl: 'https://example.com' },
});

export async function seedFynn(gw: TestGateway): Promise<FynnSeed> {
  const key = gw.orgA.testKey;
  const seat = await price(gw, key, 'Seat');
  const extra = await price(gw, key, 'Storage');
  const activePlan = await call(gw, 'POST', '/api/plans', planBody({ seat, extra }, 'fuzz-active'), key);
  await call(gw, 'POST', `/api/plans/${activePlan.id}/activate`, {}, key);
  const draftPlanIds: string[] = [];
  for (const code of ['fuzz-draft-1', 'fuzz-draft-2', 'fuzz-draft-3'])
    draftPlanIds.push((await call(gw, 'POST', '/api/plans', planBody({ seat, extra }, code), key)).id);
  const linkId = (await call(gw, 'POST', '/checkout-links', classicBody({ seat }), key)).id;
  const cartLinkId = (await call(gw, 'POST', '/checkout-links', classicBody({ seat }), key)).id;
  const bKey = gw.orgB.testKey;
  const bPrice = await price(gw, bKey, 'B seat');
  const bPlan = await call(gw, 'POST', '/api/plans', planBody({ seat: bPrice, extra: bPrice }, 'b-plan'), bKey);
  const bLink = await call(gw, 'POST', '/checkout-links', classicBody({ seat: bPrice }), bKey);
  const classicProduct = async (name: string) => (await call(gw, 'POST', '/products', { name, type: 'product' }, key)).id as string;
  const classicPrice = async (productId: string) =>
    (await call(gw, 'POST', '/price-plans', { product: productId, currencyCode: 'EUR', billingInterval: '1M', price: { amount: 1900 } }, key)).id as string;
  const catalogProduct = await classicProduct('Catalog');
  const catalog = {
    productId: catalogProduct,
    pricePlanId: await classicPrice(catalogProduct),
    archiveProductIds: [await classicProduct('Archive 1'), await classicProduct('Archive 2')],
    archivePriceIds: [await classicPrice(catalogProduct), await classicPrice(catalogProduct)],
  };
  const coupons = {
    withCode: (await call(gw, 'POST', '/coupons', { name: 'Fuzz', code: 'FUZZ-SEED', discountType: 'percentage', value: 20, products: [catalogProduct] }, key))
      .id as string,
    withoutCode: (await call(gw, 'POST', '/coupons', { discountType: 'fixed', value: 500, currencyCode: 'EUR', duration: 'forever' }, key)).id as string,
    otherOrg: (await call(gw, 'POST', '/coupons', { discountType: 'percentage', value: 5 }, bKey)).id as string,
  };
  const webhookId = (await call(gw, 'POST', '/webhooks', { url: 'https://hooks.example.com/fynn', events: ['cart.completed'] }, key)).id;
  const bWebhook = (await call(gw, 'POST', '/webhooks', { url: 'https://hooks.example.com/fynn-b' }, bKey)).id;
  return {
    seat,
    extra,
    activePlan,
    draftPlanIds,
    linkId,
    cartLinkId,
    webhookId,
    otherOrg: { planId: bPlan.id, linkId: bLink.id, webhookId: bWebhook },
    catalog,
    coupons,
  };
}

/** JSON bodies, one in eight sent as JSON-LD (Fynn takes both). */
function fynnBodies(template: () => Json): fc.Arbitrary<WireBody> {
  return fc
    .tuple(jsonBodies(template), fc.nat(7))
    .map(([body, n]) => (n === 0 && body.contentType === 'application/json' ? { ...body, contentType: 'application/ld+json' } : body));
}

/** Bodies for routes that take none (activate, archive): mostly none, else anything. */
const noBody = (): fc.Arbitrary<WireBody> => fc.oneof({ weight: 3, arbitrary: fc.constant<WireBody>({}) }, { weight: 2, arbitrary: fynnBodies(() => ({})) });

let unique = 0;
const next = (prefix: string) => `${prefix}-${++unique}`;

export function fynnEndpoints(gw: TestGateway, seed: FynnSeed): Endpoint[] {
  const auth = authorization(gw.orgA.testKey);
  const plan = hasFields({ id: 'string', code: 'string', status: 'string', tiers: 'array' });
  const classic = hasFields({ id: 'string', slug: 'string', url: 'string', items: 'array' });
  const classicProductShape = hasFields({ id: 'string', name: 'string', type: 'string', customFields: 'object' });
  const pricePlanShape = hasFields({ id: 'string', status: 'string', currencyCode: 'string', price: 'object', product: 'string' });
  const badIds = [UNKNOWN_UUID, seed.otherOrg.planId, seed.otherOrg.linkId, seed.otherOrg.webhookId, seed.coupons.otherOrg, 'not-a-uuid'];
  const couponShape = hasFields({
    id: 'string',
    discountType: 'string',
    value: 'number',
    duration: 'string',
    products: 'array',
    codes: 'array',
    status: 'string',
  });
  const webhook = hasFields({ id: 'string', url: 'string', events: 'array', enabled: 'boolean' });
  const planIds = pathId(() => [seed.activePlan.id, ...seed.draftPlanIds], badIds);
  const tiers = seed.activePlan.tiers as { id: string }[];
  const routes: RestRoute[] = [
    {
      name: 'POST /fynn/api/plans',
      method: 'POST',
      url: () => '/fynn/api/plans',
      body: fynnBodies(() => planBody(seed, next('fuzz-plan'))),
      shape: fynnV2Error,
      status: 201,
      success: plan,
    },
    {
      name: 'PUT /fynn/api/plans/{id}',
      method: 'PUT',
      url: (id) => `/fynn/api/plans/${id}`,
      ids: pathId(() => seed.draftPlanIds.slice(0, 2), badIds),
      body: fynnBodies(() => planBody(seed, 'fuzz-draft-1')),
      shape: fynnV2Error,
      status: 200,
      success: plan,
    },
    {
      name: 'POST /fynn/api/plans/{id}/activate',
      method: 'POST',
      url: (id) => `/fynn/api/plans/${id}/activate`,
      ids: planIds,
      body: noBody(),
      shape: fynnV2Error,
      status: 200,
      success: plan,
    },
    {
      name: 'POST /fynn/api/plans/{id}/archive',
      method: 'POST',
      url: (id) => `/fynn/api/plans/${id}/archive`,
      ids: pathId(() => [seed.draftPlanIds[2] as string], badIds),
      body: noBody(),
      shape: fynnV2Error,
      status: 200,
      success: plan,
    },
    {
      name: 'POST /fynn/api/plans/{id}/checkout-links',
      method: 'POST',
      url: (id) => `/fynn/api/plans/${id}/checkout-links`,
      ids: pathId(() => [seed.activePlan.id], badIds),
      body: fynnBodies(() => ({ planTierId: tiers[unique++ % tiers.length]?.id ?? '', couponsAllowed: false, isEnabled: true, salesChannel: 'default' })),
      shape: fynnV2Error,
      status: 201,
      success: hasFields({ id: 'string', slug: 'string', url: 'string', planTierId: 'string' }),
    },
    {
      name: 'POST /fynn/checkout-links',
      method: 'POST',
      url: () => '/fynn/checkout-links',
      body: fynnBodies(() => classicBody(seed)),
      shape: fynnClassicError,
      status: 201,
      success: classic,
    },
    {
      name: 'PUT /fynn/checkout-links/{id}',
      method: 'PUT',
      url: (id) => `/fynn/checkout-links/${id}`,
      ids: pathId(() => [seed.linkId], badIds),
      body: fynnBodies(() => ({ ...(classicBody(seed) as Record<string, Json>), name: 'Renamed', slug: 'fuzz-updated-link' })),
      shape: fynnClassicError,
      status: 200,
      success: classic,
    },
    {
      name: 'POST /fynn/checkout-links/{id}/cart',
      method: 'POST',
      url: (id) => `/fynn/checkout-links/${id}/cart`,
      ids: pathId(() => [seed.cartLinkId], badIds),
      body: fc.oneof(
        { weight: 1, arbitrary: fc.constant<WireBody>({}) },
        { weight: 6, arbitrary: fynnBodies(() => ({ customerId: 'cus_42', metadata: { ref: 'fuzz' } })) },
      ),
      shape: fynnClassicError,
      status: 201,
      success: hasFields({ cartId: 'string', url: 'string' }),
    },
    // Classic products and price plans.
    {
      name: 'POST /fynn/products',
      method: 'POST',
      url: () => '/fynn/products',
      body: fynnBodies(() => ({
        name: 'Basic',
        description: 'For small teams.',
        type: 'product',
        invoiceVisibility: 'always',
        customFields: { field1: 'value1' },
      })),
      shape: fynnClassicError,
      status: 201,
      success: classicProductShape,
    },
    {
      name: 'PUT /fynn/products/{id}',
      method: 'PUT',
      url: (id) => `/fynn/products/${id}`,
      ids: pathId(() => [seed.catalog.productId], badIds),
      body: fynnBodies(() => ({ name: 'Catalog 2', description: 'Renamed.', invoiceVisibility: 'only_if_charged', customFields: { a: 'b' } })),
      shape: fynnClassicError,
      status: 200,
      success: classicProductShape,
    },
    {
      name: 'POST /fynn/products/{id}/archive',
      method: 'POST',
      url: (id) => `/fynn/products/${id}/archive`,
      ids: pathId(() => seed.catalog.archiveProductIds, badIds),
      body: noBody(),
      shape: fynnClassicError,
      status: 200,
      success: classicProductShape,
    },
    {
      name: 'POST /fynn/price-plans',
      method: 'POST',
      url: () => '/fynn/price-plans',
      body: fynnBodies(() => ({
        product: seed.catalog.productId,
        internalName: 'Monthly EUR',
        type: 'per_unit',
        billingInterval: '1M',
        currencyCode: 'EUR',
        price: { amount: 4900 },
        applyTrial: true,
        salesChannel: 'default',
        status: 'active',
      })),
      shape: fynnClassicError,
      status: 201,
      success: pricePlanShape,
    },
    {
      name: 'PUT /fynn/price-plans/{id}',
      method: 'PUT',
      url: (id) => `/fynn/price-plans/${id}`,
      ids: pathId(() => [seed.catalog.pricePlanId], badIds),
      body: fynnBodies(() => ({
        internalName: 'Monthly (EUR)',
        status: 'active',
        currencyCode: 'EUR',
        billingInterval: '1M',
        price: { amount: 1900 },
        product: seed.catalog.productId,
      })),
      shape: fynnClassicError,
      status: 200,
      success: pricePlanShape,
    },
    {
      name: 'POST /fynn/price-plans/{id}/archive',
      method: 'POST',
      url: (id) => `/fynn/price-plans/${id}/archive`,
      ids: pathId(() => seed.catalog.archivePriceIds, badIds),
      body: noBody(),
      shape: fynnClassicError,
      status: 200,
      success: pricePlanShape,
    },
    // Classic coupons: a new code each time (codes are unique per organisation and mode).
    {
      name: 'POST /fynn/coupons',
      method: 'POST',
      url: () => '/fynn/coupons',
      shape: fynnClassicError,
      status: 201,
      success: couponShape,
      body: fynnBodies(() => ({
        name: 'Spring',
        code: next('FUZZ'),
        discountType: 'percentage',
        value: 12.5,
        duration: 'repeating',
        durationInMonths: 3,
        maxRedemptions: 100,
        validUntil: '2099-01-01T00:00:00+00:00',
        products: [seed.catalog.productId],
      })),
    },
    {
      name: 'PUT /fynn/coupons/{id}',
      method: 'PUT',
      url: (id) => `/fynn/coupons/${id}`,
      ids: pathId(() => [seed.coupons.withCode, seed.coupons.withoutCode], badIds),
      shape: fynnClassicError,
      status: 200,
      success: couponShape,
      body: fynnBodies(() => ({ name: 'Renamed', code: unique++ % 2 === 0 ? 'FUZZ-SEED' : `FUZZ-PUT-${unique}`, status: 'active', timesRedeemed: 0 })),
    },
    {
      name: 'POST /fynn/webhooks',
      method: 'POST',
      url: () => '/fynn/webhooks',
      shape: fynnClassicError,
      status: 201,
      success: webhook,
      body: fynnBodies(() => ({
        url: `https://hooks.example.com/${next('fynn-hook')}`,
        events: ['cart.completed', 'cart.paid'],
        enabled: true,
        version: 'v1',
      })),
    },
    {
      name: 'PUT /fynn/webhooks/{id}',
      method: 'PUT',
      url: (id) => `/fynn/webhooks/${id}`,
      ids: pathId(() => [seed.webhookId], badIds),
      shape: fynnClassicError,
      status: 200,
      success: webhook,
      body: fynnBodies(() => ({ url: 'https://hooks.example.com/fynn-2', events: ['product.created'], enabled: false })),
    },
  ];
  // V2 list paging: page and limit on the bare arrays (X-Total-Count and Link beside them).
  const array = (body: unknown) => (Array.isArray(body) ? null : `not a bare array: ${JSON.stringify(body).slice(0, 100)}`);
  const paging = { page: ['1', '2', '1000', '1001'], limit: ['1', '2', '100', '101'] };
  const queries = [
    queryEndpoint(
      {
        name: 'GET /fynn/api/plans?page&limit',
        url: (q) => `/fynn/api/plans?${q}`,
        shape: fynnV2Error,
        success: array,
        params: { ...paging, status: ['draft', 'active', 'archived'] },
      },
      auth,
    ),
    queryEndpoint(
      {
        name: 'GET /fynn/api/plans/{id}/checkout-links?page&limit',
        url: (q) => `/fynn/api/plans/${seed.activePlan.id}/checkout-links?${q}`,
        shape: fynnV2Error,
        success: array,
        params: paging,
      },
      auth,
    ),
  ];
  return [...restEndpoints(routes, auth), ...queries];
}
