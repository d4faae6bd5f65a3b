// Isolation sweep (issue 7, Robustness 4). Three tenants get objects of every kind through the
// faces: org A test, org A live, org B test. Every route and GraphQL root field is then called
// with one tenant's key and another tenant's ids (B's with A's key; test ids with a live key and
// live ids with a test key): the answer must be the one an unknown id gets (same status, same
// body once the id is masked), carry none of the owner's data, and leave the owner's objects as
// they were. Lists show only the caller's objects. The same requests on the caller's own objects
// must succeed, so the sweep cannot pass by refusing everything. Routes and fields are collected
// from the running app: one that is neither swept nor exempted below fails the first test.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../src/contract/ids.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { collectGraphQLFields, routeKey, withRouteRecording, type RouteId } from './support/routes.ts';
import { ghostIds, gq, ID_KINDS, leaks, mask, seedTenant, showsAnyId, snapshot, type Ids, type Tenant } from './support/seed-tenants.ts';

type Req = { url: string; body?: unknown } | { query: string; variables: Record<string, unknown> };
/** A status (REST), 'missing' (GraphQL: null / NOT_FOUND), 'list' (no status asked: only the caller's data), 'create' (takes no id). */
type Expect = number | 'missing' | 'list' | 'create';
interface Spec {
  route: string;
  expect: Expect;
  build: (t: Ids, me: Ids) => Req;
  crossOrgOnly?: boolean;
}

const e = encodeId;
const R = (route: string, expect: Expect, build: Spec['build'], crossOrgOnly = false): Spec => ({ route, expect, build, crossOrgOnly });
const G = (field: string, expect: Expect, query: string, vars: (t: Ids, me: Ids) => Record<string, unknown>, crossOrgOnly = false): Spec => ({
  route: field,
  expect,
  build: (t, me) => ({ query, variables: vars(t, me) }),
  crossOrgOnly,
});
const fynnTiers = (me: Ids, product = me.product, price = me.price) => [
  { id: me.tier, name: 'sweep tier', items: [{ id: me.tierItem, productId: product, pricePlanId: price }] },
];
const gqlTiers = (me: Ids, product = me.product, price = me.price) => [
  { id: me.tier, name: 'sweep tier', items: [{ id: me.tierItem, productId: product, priceId: price }] },
];
const pl = (entity: string): string => `{ ${entity} { id } userErrors { code } }`;
const DELETED = '{ deletedId userErrors { code } }';
/** Every seeded kind but organisation, API key, vendor account alias, webhook endpoints and events, which node(id) does not resolve even for their owner (asked 16 at a time: the alias limit is 20). */
const NODE_KINDS = ID_KINDS.filter((k) => k !== 'org' && k !== 'apiKey' && k !== 'alias' && k !== 'event' && !/hook/i.test(k));

// Spare objects (seed-tenants.ts) are the ones a positive control may archive or delete.
const SPECS: Spec[] = [
  // Fynn V2 (problem+json); an unknown reference in a body is a 422 violation list (README).
  R('POST /fynn/api/plans', 422, (t) => ({
    url: '/fynn/api/plans',
    body: { code: 'sweep-fynn', name: 'sweep', tiers: [{ name: 'x', items: [{ productId: t.product, pricePlanId: t.price }] }] },
  })),
  R('GET /fynn/api/plans', 'list', () => ({ url: '/fynn/api/plans' })),
  R('GET /fynn/api/plans/:id', 404, (t) => ({ url: `/fynn/api/plans/${t.plan}` })),
  R('PUT /fynn/api/plans/:id', 404, (t, me) => ({ url: `/fynn/api/plans/${t.plan}`, body: { code: me.planCode, name: 'sweep', tiers: fynnTiers(me) } })),
  R('PUT /fynn/api/plans/:id', 422, (t, me) => ({
    url: `/fynn/api/plans/${me.plan}`,
    body: { code: me.planCode, name: 'sweep', tiers: fynnTiers(me, t.product, t.price) },
  })),
  R('POST /fynn/api/plans/:id/activate', 404, (t) => ({ url: `/fynn/api/plans/${t.draft1}/activate` })),
  R('POST /fynn/api/plans/:id/archive', 404, (t) => ({ url: `/fynn/api/plans/${t.sparePlan1}/archive` })),
  R('POST /fynn/api/plans/:id/checkout-links', 404, (t) => ({ url: `/fynn/api/plans/${t.plan}/checkout-links`, body: { planTierId: t.tier } })),
  R('POST /fynn/api/plans/:id/checkout-links', 422, (t, me) => ({ url: `/fynn/api/plans/${me.plan}/checkout-links`, body: { planTierId: t.tier } })),
  R('GET /fynn/api/plans/:id/checkout-links', 404, (t) => ({ url: `/fynn/api/plans/${t.plan}/checkout-links` })),
  // V2 paging (page/limit, X-Total-Count counts the caller's rows only: checked in the list test).
  R('GET /fynn/api/plans', 'list', () => ({ url: '/fynn/api/plans?page=1&limit=100' })),
  R('GET /fynn/api/plans/:id/checkout-links', 404, (t) => ({ url: `/fynn/api/plans/${t.plan}/checkout-links?page=1&limit=1` })),
  // Fynn classic (hydra errors).
  R('POST /fynn/checkout-links', 422, (t) => ({
    url: '/fynn/checkout-links',
    body: { name: 'sweep', items: [{ type: 'product', product: t.product, price: t.price, quantity: 1 }] },
  })),
  R('POST /fynn/checkout-links', 422, (t) => ({
    url: '/fynn/checkout-links',
    body: { name: 'sweep', items: [{ type: 'plan', plan: t.plan, price: t.price }] },
  })),
  R('GET /fynn/checkout-links', 'list', () => ({ url: '/fynn/checkout-links?itemsPerPage=100' })),
  R('GET /fynn/checkout-links/:id', 404, (t) => ({ url: `/fynn/checkout-links/${t.classicLink}` })),
  R('GET /fynn/checkout-links/:id', 404, (t) => ({ url: `/fynn/checkout-links/${t.lrLink}` })),
  R('PUT /fynn/checkout-links/:id', 404, (t) => ({ url: `/fynn/checkout-links/${t.classicLink}`, body: { name: 'pwned' } })),
  R('PUT /fynn/checkout-links/:id', 422, (t, me) => ({
    url: `/fynn/checkout-links/${me.spareLink4}`,
    body: { items: [{ type: 'product', product: t.product, price: t.price, quantity: 1 }] },
  })),
  R('DELETE /fynn/checkout-links/:id', 404, (t) => ({ url: `/fynn/checkout-links/${t.spareLink1}` })),
  R('POST /fynn/checkout-links/:id/cart', 404, (t) => ({ url: `/fynn/checkout-links/${t.classicLink}/cart`, body: {} })),
  R('GET /fynn/checkout-link-items/:id', 404, (t) => ({ url: `/fynn/checkout-link-items/${t.classicItem}` })),
  R('GET /fynn/checkout-link-items/:id', 404, (t) => ({ url: `/fynn/checkout-link-items/${t.lrLineItem}` })),
  // Fynn classic products and price plans (hydra errors; an unknown product in a body is a 422 violation).
  R('POST /fynn/products', 'create', () => ({ url: '/fynn/products', body: { name: 'sweep' } })),
  R('GET /fynn/products', 'list', () => ({ url: '/fynn/products?itemsPerPage=100' })),
  R('GET /fynn/products/:id', 404, (t) => ({ url: `/fynn/products/${t.product}` })),
  R('PUT /fynn/products/:id', 404, (t) => ({ url: `/fynn/products/${t.product}`, body: { name: 'pwned' } })),
  R('POST /fynn/products/:id/archive', 404, (t) => ({ url: `/fynn/products/${t.spareProduct5}/archive` })),
  R('POST /fynn/price-plans', 422, (t) => ({ url: '/fynn/price-plans', body: { product: t.product, currencyCode: 'EUR', price: { amount: 100 } } })),
  R('GET /fynn/price-plans', 'list', () => ({ url: '/fynn/price-plans?itemsPerPage=100' })),
  R('GET /fynn/price-plans', 'list', (t) => ({ url: `/fynn/price-plans?product=${t.product}` })),
  R('GET /fynn/price-plans/:id', 404, (t) => ({ url: `/fynn/price-plans/${t.price}` })),
  R('PUT /fynn/price-plans/:id', 404, (t) => ({ url: `/fynn/price-plans/${t.price}`, body: { internalName: 'pwned' } })),
  R('POST /fynn/price-plans/:id/archive', 404, (t) => ({ url: `/fynn/price-plans/${t.sparePrice}/archive` })),
  // Fynn classic coupons (hydra errors; an unknown product in the body is a 422 violation on products[0]).
  R('POST /fynn/coupons', 'create', () => ({ url: '/fynn/coupons', body: { discountType: 'percentage', value: 10 } })),
  R('POST /fynn/coupons', 422, (t) => ({ url: '/fynn/coupons', body: { discountType: 'percentage', value: 10, products: [t.product] } })),
  R('GET /fynn/coupons', 'list', () => ({ url: '/fynn/coupons?itemsPerPage=100' })),
  R('GET /fynn/coupons/:id', 404, (t) => ({ url: `/fynn/coupons/${t.fynnCoupon}` })),
  R('GET /fynn/coupons/:id', 404, (t) => ({ url: `/fynn/coupons/${t.coupon}` })),
  R('PUT /fynn/coupons/:id', 404, (t) => ({ url: `/fynn/coupons/${t.fynnCoupon}`, body: { name: 'pwned' } })),
  R('PUT /fynn/coupons/:id', 404, (t) => ({ url: `/fynn/coupons/${t.spareCoupon2}`, body: { code: `sweep-${randomUUID().slice(0, 8)}` } })),
  R('DELETE /fynn/coupons/:id', 404, (t) => ({ url: `/fynn/coupons/${t.spareCoupon3}` })),
  // LeanRails (Stripe style): unknown objects in the URL or the body are 404 resource_missing (README).
  R('DELETE /leanrails/v1/products/:id', 404, (t) => ({ url: `/leanrails/v1/products/${e('prod', t.spareProduct4)}` })),
  R('POST /leanrails/v1/products', 'create', () => ({ url: '/leanrails/v1/products', body: { name: 'sweep' } })),
  R('GET /leanrails/v1/products', 'list', () => ({ url: '/leanrails/v1/products?limit=100' })),
  R('GET /leanrails/v1/products/:id', 404, (t) => ({ url: `/leanrails/v1/products/${e('prod', t.lrProduct)}` })),
  R('POST /leanrails/v1/products/:id', 404, (t) => ({ url: `/leanrails/v1/products/${e('prod', t.lrProduct)}`, body: { name: 'pwned' } })),
  R('POST /leanrails/v1/products/:id', 404, (t, me) => ({
    url: `/leanrails/v1/products/${e('prod', me.lrProduct)}`,
    body: { default_price: e('price', t.lrPrice) },
  })),
  R('POST /leanrails/v1/prices', 404, (t) => ({ url: '/leanrails/v1/prices', body: { product: e('prod', t.lrProduct), currency: 'usd', unit_amount: 100 } })),
  R('GET /leanrails/v1/prices', 'list', () => ({ url: '/leanrails/v1/prices?limit=100' })),
  R('GET /leanrails/v1/prices', 'list', (t) => ({ url: `/leanrails/v1/prices?product=${e('prod', t.lrProduct)}` })),
  R('GET /leanrails/v1/prices/:id', 404, (t) => ({ url: `/leanrails/v1/prices/${e('price', t.lrPrice)}` })),
  R('POST /leanrails/v1/prices/:id', 404, (t) => ({ url: `/leanrails/v1/prices/${e('price', t.lrPrice)}`, body: { nickname: 'pwned' } })),
  R('POST /leanrails/v1/checkout_links', 404, (t) => ({
    url: '/leanrails/v1/checkout_links',
    body: { title: 'sweep', line_items: [{ price: e('price', t.lrPrice), quantity: 1 }] },
  })),
  R('POST /leanrails/v1/checkout_links', 404, (t) => ({
    url: '/leanrails/v1/checkout_links',
    body: { title: 'sweep', line_items: [{ price_data: { product: e('prod', t.lrProduct), currency: 'usd', unit_amount: 1 }, quantity: 1 }] },
  })),
  R('GET /leanrails/v1/checkout_links', 'list', () => ({ url: '/leanrails/v1/checkout_links?limit=100' })),
  R('GET /leanrails/v1/checkout_links', 'list', (t) => ({ url: `/leanrails/v1/checkout_links?starting_after=${e('cl', t.lrLink)}` })),
  R('GET /leanrails/v1/checkout_links/:id', 404, (t) => ({ url: `/leanrails/v1/checkout_links/${e('cl', t.lrLink)}` })),
  R('POST /leanrails/v1/checkout_links/:id', 404, (t) => ({ url: `/leanrails/v1/checkout_links/${e('cl', t.lrLink)}`, body: { metadata: { pwned: 'yes' } } })),
  // expand[]=line_items / data.line_items: the expanded items are the caller's only.
  R('GET /leanrails/v1/checkout_links/:id', 404, (t) => ({ url: `/leanrails/v1/checkout_links/${e('cl', t.lrLink)}?expand[]=line_items` })),
  R('POST /leanrails/v1/checkout_links/:id', 404, (t) => ({
    url: `/leanrails/v1/checkout_links/${e('cl', t.lrLink)}`,
    body: { metadata: { pwned: 'yes' }, expand: ['line_items'] },
  })),
  R('GET /leanrails/v1/checkout_links', 'list', () => ({ url: '/leanrails/v1/checkout_links?limit=100&expand[]=data.line_items' })),
  R('POST /leanrails/v1/checkout_links', 404, (t) => ({
    url: '/leanrails/v1/checkout_links',
    body: { title: 'sweep', line_items: [{ price: e('price', t.lrPrice), quantity: 1 }], expand: ['line_items'] },
  })),
  // Price filters and product_data (takes no id).
  R('GET /leanrails/v1/prices', 'list', () => ({ url: '/leanrails/v1/prices?limit=100&currency=usd&active=true&type=one_time' })),
  R('POST /leanrails/v1/prices', 'create', () => ({
    url: '/leanrails/v1/prices',
    body: { product_data: { name: 'sweep' }, currency: 'usd', unit_amount: 100 },
  })),
  R('GET /leanrails/v1/checkout_links/:id/line_items', 404, (t) => ({ url: `/leanrails/v1/checkout_links/${e('cl', t.lrLink)}/line_items` })),
  // Whop: unknown objects and another account_id are 404 not_found.
  R('POST /whop/api/v1/checkout_configurations', 404, (t) => ({ url: '/whop/api/v1/checkout_configurations', body: { plan_id: e('plan', t.whopPlan) } })),
  R(
    'POST /whop/api/v1/checkout_configurations',
    404,
    (t, me) => ({ url: '/whop/api/v1/checkout_configurations', body: { account_id: e('biz', t.org), plan_id: e('plan', me.whopPlan) } }),
    true,
  ),
  R('GET /whop/api/v1/checkout_configurations', 'list', () => ({ url: '/whop/api/v1/checkout_configurations?first=100' })),
  R('GET /whop/api/v1/checkout_configurations', 'list', (t) => ({ url: `/whop/api/v1/checkout_configurations?plan_id=${e('plan', t.whopPlan)}` })),
  R('DELETE /whop/api/v1/checkout_configurations/:id', 404, (t) => ({ url: `/whop/api/v1/checkout_configurations/${e('ch', t.spareLink2)}` })),
  R('POST /whop/api/v1/plans', 404, (t) => ({
    url: '/whop/api/v1/plans',
    body: { product_id: e('prod', t.whopProduct), initial_price: 1, currency: 'usd', title: 'sweep' },
  })),
  R(
    'POST /whop/api/v1/plans',
    404,
    (t, me) => ({ url: '/whop/api/v1/plans', body: { account_id: e('biz', t.org), product_id: e('prod', me.whopProduct), initial_price: 1, currency: 'usd' } }),
    true,
  ),
  R('GET /whop/api/v1/plans', 'list', () => ({ url: '/whop/api/v1/plans?first=100' })),
  R('GET /whop/api/v1/plans', 'list', (t) => ({ url: `/whop/api/v1/plans?product_ids=${e('prod', t.whopProduct)}` })),
  R('GET /whop/api/v1/plans/:id', 404, (t) => ({ url: `/whop/api/v1/plans/${e('plan', t.whopPlan)}` })),
  R('PATCH /whop/api/v1/plans/:id', 404, (t) => ({ url: `/whop/api/v1/plans/${e('plan', t.whopPlan)}`, body: { title: 'pwned' } })),
  R('DELETE /whop/api/v1/plans/:id', 404, (t) => ({ url: `/whop/api/v1/plans/${e('plan', t.sparePlan2)}` })),
  R('POST /whop/api/v1/products', 404, (t) => ({ url: '/whop/api/v1/products', body: { title: 'sweep', account_id: e('biz', t.org) } }), true),
  R('GET /whop/api/v1/products', 'list', () => ({ url: '/whop/api/v1/products?first=100' })),
  R('GET /whop/api/v1/products', 'list', (t) => ({ url: `/whop/api/v1/products?company_id=${e('biz', t.org)}` }), true),
  R('GET /whop/api/v1/products/:id', 404, (t) => ({ url: `/whop/api/v1/products/${e('prod', t.whopProduct)}` })),
  R('PATCH /whop/api/v1/products/:id', 404, (t) => ({ url: `/whop/api/v1/products/${e('prod', t.whopProduct)}`, body: { title: 'pwned' } })),
  R('DELETE /whop/api/v1/products/:id', 404, (t) => ({ url: `/whop/api/v1/products/${e('prod', t.spareProduct1)}` })),
  // Webhooks and events: LeanRails (404 resource_missing), Whop (404), Fynn classic (404); each face sees its own format only.
  R('POST /leanrails/v1/webhook_endpoints', 'create', (_t, me) => ({
    url: '/leanrails/v1/webhook_endpoints',
    body: { url: `https://93.184.215.14/sweep-${me.org}`, enabled_events: ['*'] },
  })),
  R('GET /leanrails/v1/webhook_endpoints', 'list', () => ({ url: '/leanrails/v1/webhook_endpoints?limit=100' })),
  R('GET /leanrails/v1/webhook_endpoints/:id', 404, (t) => ({ url: `/leanrails/v1/webhook_endpoints/${e('we', t.lrHook)}` })),
  R('POST /leanrails/v1/webhook_endpoints/:id', 404, (t) => ({
    url: `/leanrails/v1/webhook_endpoints/${e('we', t.lrHook)}`,
    body: { url: 'https://93.184.215.14/pwned', disabled: true },
  })),
  R('DELETE /leanrails/v1/webhook_endpoints/:id', 404, (t) => ({ url: `/leanrails/v1/webhook_endpoints/${e('we', t.spareHook1)}` })),
  R('GET /leanrails/v1/events', 'list', () => ({ url: '/leanrails/v1/events?limit=100' })),
  R('GET /leanrails/v1/events/:id', 404, (t) => ({ url: `/leanrails/v1/events/${e('evt', t.event)}` })),
  R('GET /leanrails/v1/checkout/sessions', 'list', () => ({ url: '/leanrails/v1/checkout/sessions?limit=100' })),
  R('GET /leanrails/v1/checkout/sessions', 'list', (t) => ({ url: `/leanrails/v1/checkout/sessions?checkout_link=${e('cl', t.classicLink)}` })),
  R('GET /leanrails/v1/checkout/sessions/:id', 404, (t) => ({ url: `/leanrails/v1/checkout/sessions/${e('cs', t.session)}` })),
  R(
    'POST /whop/api/v1/webhooks',
    404,
    (t, me) => ({ url: '/whop/api/v1/webhooks', body: { url: `https://93.184.215.14/sweep-${me.org}`, resource_id: e('biz', t.org) } }),
    true,
  ),
  R('GET /whop/api/v1/webhooks', 'list', () => ({ url: '/whop/api/v1/webhooks?first=100' })),
  R('GET /whop/api/v1/webhooks', 'list', (t) => ({ url: `/whop/api/v1/webhooks?company_id=${e('biz', t.org)}` }), true),
  R('GET /whop/api/v1/webhooks/:id', 404, (t) => ({ url: `/whop/api/v1/webhooks/${e('hook', t.whopHook)}` })),
  R('PATCH /whop/api/v1/webhooks/:id', 404, (t) => ({ url: `/whop/api/v1/webhooks/${e('hook', t.whopHook)}`, body: { enabled: false } })),
  R('DELETE /whop/api/v1/webhooks/:id', 404, (t) => ({ url: `/whop/api/v1/webhooks/${e('hook', t.spareHook2)}` })),
  R('POST /fynn/webhooks', 'create', (_t, me) => ({
    url: '/fynn/webhooks',
    body: { url: `https://93.184.215.14/sweep-${me.org}`, events: ['cart.completed'] },
  })),
  R('GET /fynn/webhooks', 'list', () => ({ url: '/fynn/webhooks?itemsPerPage=100' })),
  R('GET /fynn/webhooks/:id', 404, (t) => ({ url: `/fynn/webhooks/${t.fynnHook}` })),
  R('PUT /fynn/webhooks/:id', 404, (t) => ({ url: `/fynn/webhooks/${t.fynnHook}`, body: { enabled: false } })),
  R('DELETE /fynn/webhooks/:id', 404, (t) => ({ url: `/fynn/webhooks/${t.spareHook3}` })),
  // Coupons and promotion codes: LeanRails (404 resource_missing, also for a coupon or product in a body), Whop (404 not_found).
  R('POST /leanrails/v1/coupons', 'create', () => ({ url: '/leanrails/v1/coupons', body: { percent_off: 10 } })),
  R('POST /leanrails/v1/coupons', 404, (t) => ({
    url: '/leanrails/v1/coupons',
    body: { percent_off: 10, applies_to: { products: [e('prod', t.lrProduct)] } },
  })),
  R('GET /leanrails/v1/coupons', 'list', () => ({ url: '/leanrails/v1/coupons?limit=100' })),
  R('GET /leanrails/v1/coupons', 'list', (t) => ({ url: `/leanrails/v1/coupons?starting_after=${e('co', t.lrCoupon)}` })),
  R('GET /leanrails/v1/coupons/:id', 404, (t) => ({ url: `/leanrails/v1/coupons/${e('co', t.lrCoupon)}` })),
  R('POST /leanrails/v1/coupons/:id', 404, (t) => ({
    url: `/leanrails/v1/coupons/${e('co', t.lrCoupon)}`,
    body: { name: 'pwned', metadata: { pwned: 'yes' } },
  })),
  R('DELETE /leanrails/v1/coupons/:id', 404, (t) => ({ url: `/leanrails/v1/coupons/${e('co', t.spareCoupon1)}` })),
  R('POST /leanrails/v1/promotion_codes', 404, (t) => ({
    url: '/leanrails/v1/promotion_codes',
    body: { coupon: e('co', t.lrCoupon), code: `sweep-${randomUUID().slice(0, 8)}` },
  })),
  R('GET /leanrails/v1/promotion_codes', 'list', () => ({ url: '/leanrails/v1/promotion_codes?limit=100' })),
  R('GET /leanrails/v1/promotion_codes', 'list', (t) => ({ url: `/leanrails/v1/promotion_codes?coupon=${e('co', t.lrCoupon)}` })),
  R('GET /leanrails/v1/promotion_codes/:id', 404, (t) => ({ url: `/leanrails/v1/promotion_codes/${e('promo', t.lrPromo)}` })),
  R('POST /leanrails/v1/promotion_codes/:id', 404, (t) => ({ url: `/leanrails/v1/promotion_codes/${e('promo', t.lrPromo)}`, body: { active: false } })),
  R('POST /whop/api/v1/promo_codes', 'create', () => ({
    url: '/whop/api/v1/promo_codes',
    body: { code: `sweep-${randomUUID().slice(0, 8)}`, amount_off: 10, base_currency: 'usd', promo_type: 'percentage' },
  })),
  R(
    'POST /whop/api/v1/promo_codes',
    404,
    (t) => ({
      url: '/whop/api/v1/promo_codes',
      body: { code: `sweep-${randomUUID().slice(0, 8)}`, amount_off: 10, base_currency: 'usd', promo_type: 'percentage', account_id: e('biz', t.org) },
    }),
    true,
  ),
  R('GET /whop/api/v1/promo_codes', 'list', () => ({ url: '/whop/api/v1/promo_codes?first=100' })),
  R('GET /whop/api/v1/promo_codes', 'list', (t) => ({ url: `/whop/api/v1/promo_codes?company_id=${e('biz', t.org)}` }), true),
  R('GET /whop/api/v1/promo_codes/:id', 404, (t) => ({ url: `/whop/api/v1/promo_codes/${e('promo', t.whopPromo)}` })),
  R('DELETE /whop/api/v1/promo_codes/:id', 404, (t) => ({ url: `/whop/api/v1/promo_codes/${e('promo', t.sparePromo)}` })),
  // GraphQL over GET (queries only).
  R('GET /graphql', 'missing', (t) => ({
    url: `/graphql?query=${encodeURIComponent('query ($id: ID!) { product(id: $id) { id name } }')}&variables=${encodeURIComponent(JSON.stringify({ id: t.product }))}`,
  })),
  // GraphQL queries: null for another tenant's id (README: "simply not there").
  G('Query.product', 'missing', 'query ($id: ID!) { product(id: $id) { id name metadata } }', (t) => ({ id: t.product })),
  G('Query.price', 'missing', 'query ($id: ID!) { price(id: $id) { id unitAmount nickname metadata product { name } } }', (t) => ({ id: t.price })),
  G('Query.plan', 'missing', 'query ($id: ID!) { plan(id: $id) { id name metadata tiers { name } } }', (t) => ({ id: t.plan })),
  G('Query.plan', 'missing', 'query ($c: String!) { plan(code: $c) { id name } }', (t) => ({ c: t.planCode })),
  G('Query.planTier', 'missing', 'query ($id: ID!) { planTier(id: $id) { id name plan { name } } }', (t) => ({ id: t.tier })),
  G('Query.checkoutLink', 'missing', 'query ($id: ID!) { checkoutLink(id: $id) { id title slug metadata } }', (t) => ({ id: t.classicLink })),
  G('Query.checkoutLink', 'missing', 'query ($s: String!) { checkoutLink(slug: $s) { id title } }', (t) => ({ s: t.slug })),
  G('Query.lineItem', 'missing', 'query ($id: ID!) { lineItem(id: $id) { id quantity product { name } } }', (t) => ({ id: t.classicItem })),
  G('Query.lineItems', 'list', 'query ($id: ID!) { lineItems(checkoutLinkId: $id) { totalCount nodes { id } } }', (t) => ({ id: t.classicLink })),
  G('Query.checkoutSession', 'missing', 'query ($id: ID!) { checkoutSession(id: $id) { id metadata } }', (t) => ({ id: t.session })),
  G('Query.salesChannel', 'missing', 'query ($id: ID!) { salesChannel(id: $id) { id name brandName } }', (t) => ({ id: t.channel })),
  G('Query.salesChannel', 'missing', 'query ($n: String!) { salesChannel(name: $n) { id name } }', (t) => ({ n: t.channelName })),
  ...Array.from({ length: Math.ceil(NODE_KINDS.length / 16) }, (_, i) => NODE_KINDS.slice(i * 16, i * 16 + 16)).map((kinds) =>
    G('Query.node', 'missing', `query (${kinds.map((k) => `$${k}: ID!`).join(', ')}) { ${kinds.map((k) => `${k}: node(id: $${k}) { id }`).join(' ')} }`, (t) =>
      Object.fromEntries(kinds.map((k) => [k, t[k]])),
    ),
  ),
  // GraphQL lists, plain and filtered by another tenant's id.
  G('Query.products', 'list', '{ products(first: 100, filter: { includePlanOnly: true }) { nodes { id name } } }', () => ({})),
  G('Query.prices', 'list', '{ prices(first: 100, filter: { includeInline: true }) { nodes { id } } }', () => ({})),
  G('Query.prices', 'list', 'query ($id: ID!) { prices(filter: { productId: $id }) { nodes { id } } }', (t) => ({ id: t.product })),
  G('Query.plans', 'list', '{ plans(first: 100) { nodes { id name } } }', () => ({})),
  G('Query.plans', 'list', 'query ($id: ID!) { plans(filter: { productId: $id }) { nodes { id } } }', (t) => ({ id: t.product })),
  G('Query.checkoutLinks', 'list', '{ checkoutLinks(first: 100) { nodes { id title } } }', () => ({})),
  G('Query.checkoutLinks', 'list', 'query ($p: ID!, $t: ID!) { checkoutLinks(filter: { planId: $p, planTierId: $t }) { nodes { id } } }', (t) => ({
    p: t.plan,
    t: t.tier,
  })),
  G('Query.checkoutSessions', 'list', '{ checkoutSessions(first: 100) { nodes { id } } }', () => ({})),
  G('Query.checkoutSessions', 'list', 'query ($id: ID!) { checkoutSessions(filter: { checkoutLinkId: $id }) { nodes { id } } }', (t) => ({
    id: t.classicLink,
  })),
  G('Query.salesChannels', 'list', '{ salesChannels { id name } }', () => ({})),
  G('Query.apiKeys', 'list', '{ apiKeys { id name } }', () => ({})),
  G('Query.organisation', 'list', '{ organisation { id name slug } }', () => ({})),
  G('Query.viewer', 'list', '{ viewer { organisation { id } apiKeyId } }', () => ({})),
  G('Query.vendorAccountAliases', 'list', '{ vendorAccountAliases { id accountId } organisation { vendorAccountAliases { id } } }', () => ({})),
  G('Query.webhookEndpoints', 'list', '{ webhookEndpoints(first: 100) { nodes { id url description metadata } } }', () => ({})),
  G('Query.webhookEndpoint', 'missing', 'query ($id: ID!) { webhookEndpoint(id: $id) { id url description metadata } }', (t) => ({ id: t.hook })),
  G('Query.events', 'list', '{ events(first: 100) { nodes { id type data } } }', () => ({})),
  G('Query.events', 'list', 'query ($id: ID!) { events(filter: { objectId: $id }) { nodes { id data } } }', (t) => ({ id: t.product })),
  G('Query.event', 'missing', 'query ($id: ID!) { event(id: $id) { id type data deliveries { id } } }', (t) => ({ id: t.event })),
  G('Query.coupons', 'list', '{ coupons(first: 100) { nodes { id name metadata promotionCodes { code } } } }', () => ({})),
  G('Query.coupon', 'missing', 'query ($id: ID!) { coupon(id: $id) { id name metadata promotionCodes { code } } }', (t) => ({ id: t.coupon })),
  G('Query.promotionCodes', 'list', '{ promotionCodes(first: 100) { nodes { id code metadata } } }', () => ({})),
  G('Query.promotionCodes', 'list', 'query ($id: ID!) { promotionCodes(filter: { couponId: $id }) { nodes { id code } } }', (t) => ({ id: t.coupon })),
  G('Query.promotionCode', 'missing', 'query ($id: ID!) { promotionCode(id: $id) { id code metadata coupon { name } } }', (t) => ({ id: t.promoCode })),
  // GraphQL mutations: a NOT_FOUND userError, no object.
  G(
    'Mutation.createApiKey',
    'missing',
    'mutation ($o: ID!) { createApiKey(input: { organisationId: $o, mode: TEST }) { secret userErrors { code } } }',
    (t) => ({ o: t.org }),
    true,
  ),
  G('Mutation.revokeApiKey', 'missing', `mutation ($id: ID!) { revokeApiKey(id: $id) ${pl('apiKey')} }`, (t) => ({ id: t.apiKey })),
  G('Mutation.createProduct', 'create', `mutation { createProduct(input: { name: "sweep" }) ${pl('product')} }`, () => ({})),
  G('Mutation.updateProduct', 'missing', `mutation ($id: ID!) { updateProduct(id: $id, input: { name: "pwned" }) ${pl('product')} }`, (t) => ({
    id: t.product,
  })),
  G(
    'Mutation.updateProduct',
    'missing',
    `mutation ($id: ID!, $p: ID!) { updateProduct(id: $id, input: { defaultPriceId: $p }) ${pl('product')} }`,
    (t, me) => ({ id: me.product, p: t.price }),
  ),
  G('Mutation.archiveProduct', 'missing', `mutation ($id: ID!) { archiveProduct(id: $id) ${pl('product')} }`, (t) => ({ id: t.spareProduct2 })),
  G('Mutation.deleteProduct', 'missing', `mutation ($id: ID!) { deleteProduct(id: $id) ${DELETED} }`, (t) => ({ id: t.spareProduct3 })),
  G(
    'Mutation.createPrice',
    'missing',
    `mutation ($id: ID!) { createPrice(input: { productId: $id, currency: "EUR", unitAmount: 1 }) ${pl('price')} }`,
    (t) => ({ id: t.product }),
  ),
  G(
    'Mutation.createPrice',
    'create',
    `mutation { createPrice(input: { productData: { name: "sweep" }, currency: "EUR", unitAmount: 1 }) ${pl('price')} }`,
    () => ({}),
  ),
  G('Mutation.updatePrice', 'missing', `mutation ($id: ID!) { updatePrice(id: $id, input: { nickname: "pwned" }) ${pl('price')} }`, (t) => ({ id: t.price })),
  G('Mutation.archivePrice', 'missing', `mutation ($id: ID!) { archivePrice(id: $id) ${pl('price')} }`, (t) => ({ id: t.price2 })),
  G('Mutation.createCheckoutLink', 'missing', `mutation ($id: ID!) { createCheckoutLink(input: { planTierId: $id }) ${pl('checkoutLink')} }`, (t) => ({
    id: t.tier,
  })),
  G('Mutation.createCheckoutLink', 'missing', `mutation ($id: ID!) { createCheckoutLink(input: { planId: $id }) ${pl('checkoutLink')} }`, (t) => ({
    id: t.whopPlan,
  })),
  G(
    'Mutation.createCheckoutLink',
    'missing',
    `mutation ($id: ID!) { createCheckoutLink(input: { lineItems: [{ priceId: $id }] }) ${pl('checkoutLink')} }`,
    (t) => ({ id: t.price }),
  ),
  G(
    'Mutation.createCheckoutLink',
    'missing',
    `mutation ($id: ID!) { createCheckoutLink(input: { lineItems: [{ priceData: { productId: $id, currency: "EUR", unitAmount: 1 } }] }) ${pl('checkoutLink')} }`,
    (t) => ({ id: t.product }),
  ),
  G(
    'Mutation.createCheckoutLink',
    'missing',
    `mutation ($id: ID!, $p: ID!) { createCheckoutLink(input: { lineItems: [{ type: PLAN, planId: $id, priceId: $p }] }) ${pl('checkoutLink')} }`,
    (t, me) => ({ id: t.plan, p: me.price }),
  ),
  G('Mutation.updateCheckoutLink', 'missing', `mutation ($id: ID!) { updateCheckoutLink(id: $id, input: { title: "pwned" }) ${pl('checkoutLink')} }`, (t) => ({
    id: t.classicLink,
  })),
  G(
    'Mutation.updateCheckoutLink',
    'missing',
    `mutation ($id: ID!, $p: ID!) { updateCheckoutLink(id: $id, input: { lineItems: [{ priceId: $p }] }) ${pl('checkoutLink')} }`,
    (t, me) => ({ id: me.spareLink4, p: t.price }),
  ),
  G('Mutation.enableCheckoutLink', 'missing', `mutation ($id: ID!) { enableCheckoutLink(id: $id) ${pl('checkoutLink')} }`, (t) => ({ id: t.classicLink })),
  G('Mutation.disableCheckoutLink', 'missing', `mutation ($id: ID!) { disableCheckoutLink(id: $id) ${pl('checkoutLink')} }`, (t) => ({ id: t.spareLink5 })),
  G('Mutation.deleteCheckoutLink', 'missing', `mutation ($id: ID!) { deleteCheckoutLink(id: $id) ${DELETED} }`, (t) => ({ id: t.spareLink3 })),
  G('Mutation.createCart', 'missing', 'mutation ($id: ID!) { createCart(input: { checkoutLinkId: $id }) { url userErrors { code } } }', (t) => ({
    id: t.classicLink,
  })),
  G('Mutation.createSalesChannel', 'create', `mutation { createSalesChannel(input: { name: "sweep-ch" }) ${pl('salesChannel')} }`, () => ({})),
  G(
    'Mutation.updateSalesChannel',
    'missing',
    `mutation ($id: ID!) { updateSalesChannel(id: $id, input: { brandName: "pwned" }) ${pl('salesChannel')} }`,
    (t) => ({ id: t.channel }),
  ),
  G('Mutation.createPlan', 'missing', `mutation ($i: CreatePlanInput!) { createPlan(input: $i) ${pl('plan')} }`, (t) => ({
    i: { code: 'sweep-gql', name: 'sweep', tiers: [{ name: 'x', items: [{ productId: t.product, priceId: t.price }] }] },
  })),
  G('Mutation.createPlan', 'missing', `mutation ($i: CreatePlanInput!) { createPlan(input: $i) ${pl('plan')} }`, (t, me) => ({
    i: { code: 'sweep-origin', name: 'sweep', originProductId: t.product, tiers: [{ name: 'x', items: [{ productId: me.product, priceId: me.price }] }] },
  })),
  G(
    'Mutation.createPlanWithCheckoutLink',
    'missing',
    `mutation ($i: CreatePlanWithCheckoutLinkInput!) { createPlanWithCheckoutLink(input: $i) ${pl('plan')} }`,
    (t) => ({
      i: {
        plan: { code: 'sweep-pwcl', name: 'sweep', activate: true, tiers: [{ name: 'x', items: [{ productId: t.product, priceId: t.price }] }] },
        checkoutLink: { title: 'sweep' },
      },
    }),
  ),
  G(
    'Mutation.createPlanWithCheckoutLink',
    'missing',
    `mutation ($i: CreatePlanWithCheckoutLinkInput!) { createPlanWithCheckoutLink(input: $i) ${pl('plan')} }`,
    (t) => ({
      i: {
        plan: {
          code: 'sweep-pwcl2',
          name: 'sweep',
          activate: true,
          tiers: [{ name: 'x', items: [{ productId: t.product, price: { currency: 'EUR', unitAmount: 1 } }] }],
        },
        checkoutLink: { title: 'sweep' },
      },
    }),
  ),
  G('Mutation.replacePlan', 'missing', `mutation ($id: ID!, $i: ReplacePlanInput!) { replacePlan(id: $id, input: $i) ${pl('plan')} }`, (t, me) => ({
    id: t.plan,
    i: { code: me.planCode, name: 'sweep', tiers: gqlTiers(me) },
  })),
  G('Mutation.replacePlan', 'missing', `mutation ($id: ID!, $i: ReplacePlanInput!) { replacePlan(id: $id, input: $i) ${pl('plan')} }`, (t, me) => ({
    id: me.plan,
    i: { code: me.planCode, name: 'sweep', tiers: gqlTiers(me, t.product, t.price) },
  })),
  G('Mutation.updatePlan', 'missing', `mutation ($id: ID!) { updatePlan(id: $id, input: { name: "pwned" }) ${pl('plan')} }`, (t) => ({ id: t.plan })),
  G('Mutation.activatePlan', 'missing', `mutation ($id: ID!) { activatePlan(id: $id) ${pl('plan')} }`, (t) => ({ id: t.draft2 })),
  G('Mutation.archivePlan', 'missing', `mutation ($id: ID!) { archivePlan(id: $id) ${pl('plan')} }`, (t) => ({ id: t.sparePlan3 })),
  G(
    'Mutation.addVendorAccountAlias',
    'create',
    'mutation { addVendorAccountAlias(input: { vendor: WHOP, accountId: "biz_sweep" }) { vendorAccountAlias { id } userErrors { code } } }',
    () => ({}),
  ),
  G('Mutation.removeVendorAccountAlias', 'missing', `mutation ($id: ID!) { removeVendorAccountAlias(id: $id) ${pl('vendorAccountAlias')} }`, (t) => ({
    id: t.alias,
  })),
  G(
    'Mutation.createWebhookEndpoint',
    'create',
    `mutation { createWebhookEndpoint(input: { url: "https://93.184.215.14/sweep", format: STANDARD }) { secret webhookEndpoint { id } userErrors { code } } }`,
    () => ({}),
  ),
  G(
    'Mutation.updateWebhookEndpoint',
    'missing',
    `mutation ($id: ID!) { updateWebhookEndpoint(id: $id, input: { description: "pwned" }) ${pl('webhookEndpoint')} }`,
    (t) => ({ id: t.hook }),
  ),
  G(
    'Mutation.rotateWebhookEndpointSecret',
    'missing',
    `mutation ($id: ID!) { rotateWebhookEndpointSecret(id: $id) { secret webhookEndpoint { id } userErrors { code } } }`,
    (t) => ({ id: t.hook }),
  ),
  G('Mutation.deleteWebhookEndpoint', 'missing', `mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) ${DELETED} }`, (t) => ({ id: t.spareHook4 })),
  G('Mutation.resendEvent', 'missing', 'mutation ($id: ID!) { resendEvent(id: $id) { deliveries { id } userErrors { code } } }', (t) => ({ id: t.event })),
  G(
    'Mutation.resendEvent',
    'missing',
    'mutation ($id: ID!, $e: ID!) { resendEvent(id: $id, endpointId: $e) { deliveries { id } userErrors { code } } }',
    (t, me) => ({ id: me.event, e: t.hook }),
  ),
  G('Mutation.deletePlan', 'missing', `mutation ($id: ID!) { deletePlan(id: $id) ${DELETED} }`, (t) => ({ id: t.sparePlan4 })),
  G('Mutation.createCoupon', 'create', `mutation { createCoupon(input: { percentOff: 10 }) ${pl('coupon')} }`, () => ({})),
  G('Mutation.createCoupon', 'missing', `mutation ($id: ID!) { createCoupon(input: { percentOff: 10, appliesToProducts: [$id] }) ${pl('coupon')} }`, (t) => ({
    id: t.product,
  })),
  G('Mutation.updateCoupon', 'missing', `mutation ($id: ID!) { updateCoupon(id: $id, input: { name: "pwned" }) ${pl('coupon')} }`, (t) => ({ id: t.coupon })),
  G('Mutation.deleteCoupon', 'missing', `mutation ($id: ID!) { deleteCoupon(id: $id) ${DELETED} }`, (t) => ({ id: t.spareCoupon2 })),
  G(
    'Mutation.createPromotionCode',
    'missing',
    `mutation ($id: ID!, $c: String!) { createPromotionCode(input: { couponId: $id, code: $c }) ${pl('promotionCode')} }`,
    (t) => ({ id: t.coupon, c: `sweep-${randomUUID().slice(0, 8)}` }),
  ),
  G(
    'Mutation.updatePromotionCode',
    'missing',
    `mutation ($id: ID!) { updatePromotionCode(id: $id, input: { active: false }) ${pl('promotionCode')} }`,
    (t) => ({ id: t.promoCode }),
  ),
  // Takes no id: sets the caller's own organisation's list.
  G(
    'Mutation.setStorefrontAllowedOrigins',
    'create',
    'mutation { setStorefrontAllowedOrigins(origins: ["https://sweep.example.com"]) { organisation { id } userErrors { code } } }',
    () => ({}),
  ),
];

/**
 * The storefront operations refuse secret keys (FORBIDDEN, test/storefront/operations.test.ts): they
 * are swept below with each tenant's publishable key and client secrets instead.
 */
const STOREFRONT = [
  'Query.storefrontCheckoutLink',
  'Query.storefrontSession',
  'Mutation.startCheckoutSession',
  'Mutation.updateCheckoutSession',
  'Mutation.completeCheckoutSession',
];

/** Reached without a key or the same for every caller: not swept, each with the reason. */
const EXEMPT: Record<string, string> = {
  'GET /healthz': 'liveness probe: a constant body',
  'HEAD /healthz': 'liveness probe',
  'GET /readyz': 'readiness probe: database reachable or not',
  'HEAD /readyz': 'readiness probe',
  'GET /fynn/openapi.json': 'OpenAPI document: static, the same for every caller (checked below)',
  'HEAD /fynn/openapi.json': 'OpenAPI document',
  'GET /leanrails/openapi.json': 'OpenAPI document (checked below)',
  'HEAD /leanrails/openapi.json': 'OpenAPI document',
  'GET /whop/api/v1/openapi.json': 'OpenAPI document (checked below)',
  'HEAD /whop/api/v1/openapi.json': 'OpenAPI document',
  'GET /docs': 'Swagger UI (checked below)',
  'GET /docs/*': 'Swagger UI, /docs/json, /docs/yaml: built on first use, forwarded to (checked below)',
  'HEAD /docs/*': 'Swagger UI',
  'HEAD /docs': 'Swagger UI',
  'GET /leanrails/docs/errors': 'the page doc_url opens: static, no key',
  'HEAD /leanrails/docs/errors': 'the doc_url page',
  'GET /graphiql': 'GraphiQL page: static, the key is typed in the browser',
  'HEAD /graphiql': 'GraphiQL page',
  'GET /graphiql/assets/:name': 'GraphiQL static assets from node_modules',
  'HEAD /graphiql/assets/:name': 'GraphiQL static assets',
  'GET /docs/graphql': 'GraphQL reference rendered from the schema: the same for every caller',
  'HEAD /docs/graphql': 'GraphQL reference',
  'GET /docs/graphql/schema.graphql': 'the SDL: the same for every caller',
  'HEAD /docs/graphql/schema.graphql': 'the SDL',
  'OPTIONS /*': 'CORS preflight (@fastify/cors): no body, no tenant',
  'OPTIONS /graphql': 'CORS preflight',
  'HEAD /graphql': 'Apollo executes no operation on HEAD (405)',
  'Mutation.createOrganisation': 'operator only (ADMIN_TOKEN), takes no tenant id; a key gets FORBIDDEN (test/integration/auth-tenancy.test.ts)',
  'Mutation._noop': 'placeholder field of the root Mutation type: returns null',
  'Query.webhookEventTypes': 'the event names of a format: static, the same for every caller (test/webhooks)',
  'GET /fynn/available-webhook-events': 'the event names Fynn webhooks take: static, the same for every caller (test/adapters/fynn/webhooks.test.ts)',
  'HEAD /fynn/available-webhook-events': 'the event names Fynn webhooks take',
};

/** Public by design (no key needed): swept by the "public" test below for what they may show. */
const PUBLIC = [
  'GET /checkout-link/:slug/cart',
  'POST /checkout-link/:slug/cart',
  'GET /checkout/:sessionId',
  'HEAD /checkout/:sessionId',
  'POST /checkout/:sessionId',
  'GET /whop/api/v1/checkout_configurations/:id',
  'HEAD /whop/api/v1/checkout_configurations/:id',
  'Query.publicCheckoutLink',
];

let gw: TestGateway;
let routes: RouteId[];
let aTest: Tenant, aLive: Tenant, bTest: Tenant;
let pairs: { name: string; caller: Tenant; owner: Tenant }[];
beforeAll(async () => {
  ({ built: gw, routes } = await withRouteRecording(() => startGateway()));
  aTest = await seedTenant(gw, gw.orgA.id, gw.orgA.testKey, 'TEST', 'tenant-acme-test');
  aLive = await seedTenant(gw, gw.orgA.id, gw.orgA.liveKey, 'LIVE', 'tenant-acme-live');
  bTest = await seedTenant(gw, gw.orgB.id, gw.orgB.testKey, 'TEST', 'tenant-globex-test');
  pairs = [
    { name: "org B's objects with org A's key", caller: aTest, owner: bTest },
    { name: 'test objects with a live key', caller: aLive, owner: aTest },
    { name: 'live objects with a test key', caller: aTest, owner: aLive },
  ];
});
afterAll(async () => {
  await gw?.close();
});

interface Answer {
  status: number;
  text: string;
  json: any;
  location?: string;
}
const answer = (res: LightMyRequestResponse): Answer => {
  let json: unknown = null;
  try {
    json = res.json();
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode, text: res.body, json, location: res.headers.location as string | undefined };
};

const verbOf = (spec: Spec): string => (spec.route.includes(' ') ? (spec.route.split(' ')[0] as string) : 'POST');

async function send(req: Req, key: string | null, verb = 'GET'): Promise<Answer> {
  if ('query' in req)
    return answer(
      await gw.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        payload: req,
      }),
    );
  const headers: Record<string, string> = { 'idempotency-key': randomUUID(), 'apollo-require-preflight': 'true' };
  if (key) headers.authorization = `Bearer ${key}`;
  return answer(
    await gw.inject({
      method: verb as 'GET',
      url: req.url,
      headers: { ...headers, ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(req.body !== undefined ? { payload: JSON.stringify(req.body) } : {}),
    }),
  );
}

/** Builds a request while recording which of `ids` it used. */
function build(spec: Spec, ids: Ids, me: Ids, used: Set<string>): Req {
  return spec.build(
    new Proxy(ids, {
      get: (o, k) => {
        used.add(String(k));
        return o[k as keyof Ids];
      },
    }),
    me,
  );
}

/** GraphQL's "not there": null fields, a NOT_FOUND error, or payloads with a NOT_FOUND userError and nothing else. */
function gqlMissing(body: any): boolean {
  const values = Object.values(body?.data ?? {});
  if (body?.errors?.length) return body.errors.every((x: any) => x.extensions?.code === 'NOT_FOUND') && values.every((v) => v === null);
  return (
    values.length > 0 &&
    values.every(
      (v: any) =>
        v === null || (v.userErrors?.some((u: any) => u.code === 'NOT_FOUND') && Object.entries(v).every(([k, x]) => k === 'userErrors' || x === null)),
    )
  );
}

const headOf = (spec: Spec): boolean =>
  spec.route.startsWith('GET ') && !(`HEAD ${spec.route.slice(4)}` in EXEMPT) && routes.some((r) => routeKey(r) === `HEAD ${spec.route.slice(4)}`);

describe('isolation sweep', () => {
  it('covers every route and GraphQL root field, or exempts it with a reason', async () => {
    const fields = await collectGraphQLFields(gw);
    const covered = new Set([
      ...SPECS.map((s) => s.route),
      ...SPECS.filter(headOf).map((s) => `HEAD ${s.route.slice(4)}`),
      ...PUBLIC,
      ...STOREFRONT,
      'POST /graphql' /* = the GraphQL fields */,
    ]);
    const all = [...routes.map(routeKey), ...fields];
    expect(
      all.filter((r) => !covered.has(r) && !(r in EXEMPT)),
      'neither swept nor exempted',
    ).toEqual([]);
    expect(
      [...covered, ...Object.keys(EXEMPT)].filter((r) => !all.includes(r)),
      'swept or exempted but not served',
    ).toEqual([]);
    expect(fields.filter((f) => f.startsWith('Mutation.')).length).toBeGreaterThan(20);
    // Exempted documents are the same for every caller and name no tenant.
    for (const url of ['/fynn/openapi.json', '/leanrails/openapi.json', '/whop/api/v1/openapi.json', '/docs', '/docs/json', '/docs/yaml']) {
      const [anon, a, b] = await Promise.all(
        [null, aTest.key, bTest.key].map((key) => gw.inject({ url, headers: key ? { authorization: `Bearer ${key}` } : {} })),
      );
      expect(anon?.statusCode, url).toBeLessThan(400);
      expect([a?.body, b?.body], url).toEqual([anon?.body, anon?.body]);
      for (const t of [aTest, aLive, bTest]) expect(anon?.body.includes(t.tag) || showsAnyId(anon?.body ?? '', t.ids), url).toBe(false);
    }
    const count = (keys: string[]) => `${keys.filter((k) => k.includes(' ')).length} routes, ${keys.filter((k) => !k.includes(' ')).length} fields`;
    console.info(
      `isolation sweep: served ${count(all)}; swept ${count(all.filter((r) => covered.has(r) && !PUBLIC.includes(r)))}; public ${count(PUBLIC)}; exempted ${count(Object.keys(EXEMPT))}; ${SPECS.length} requests per tenant pair`,
    );
  });

  it("answers another tenant's ids like unknown ids: no data, no change, lists show only the caller's objects", async () => {
    const before = await Promise.all([aTest, aLive, bTest].map((t) => snapshot(gw, t)));
    const failures: string[] = [];
    for (const spec of SPECS.filter((s) => s.expect !== 'create')) {
      for (const { name, caller, owner } of pairs) {
        if (spec.crossOrgOnly && caller.ids.org === owner.ids.org) continue;
        const used = new Set<string>();
        const req = build(spec, owner.ids, caller.ids, used);
        if (spec.expect !== 'list' && used.size === 0) failures.push(`${spec.route}: the spec uses no id of the owner`);
        const ghost = ghostIds(owner.ids);
        const [got, unknown] = [await send(req, caller.key, verbOf(spec)), await send(build(spec, ghost, caller.ids, new Set()), caller.key, verbOf(spec))];
        const where = `${spec.route} (${name}) ${JSON.stringify(req).slice(0, 160)}`;
        const masked = mask(got.text, owner.ids, used);
        if (masked !== mask(unknown.text, ghost, used))
          failures.push(
            `${where}: answer differs from an unknown id's\n  got     ${got.status} ${masked.slice(0, 300)}\n  unknown ${unknown.status} ${mask(unknown.text, ghost, used).slice(0, 300)}`,
          );
        const leaked = leaks(masked, owner, caller);
        if (leaked.length) failures.push(`${where}: shows the owner's ${leaked.join(', ')}`);
        if (typeof spec.expect === 'number' && got.status !== spec.expect)
          failures.push(`${where}: status ${got.status}, expected ${spec.expect}: ${got.text.slice(0, 200)}`);
        if (spec.expect === 'missing' && (got.status !== 200 || !gqlMissing(got.json)))
          failures.push(`${where}: not GraphQL's "not found": ${got.status} ${got.text.slice(0, 200)}`);
        if (headOf(spec)) {
          const head = await send(req, caller.key, 'HEAD');
          if (head.status !== got.status || head.text !== '')
            failures.push(`${where}: HEAD answered ${head.status} with ${head.text.length} bytes (GET: ${got.status})`);
        }
      }
    }
    const after = await Promise.all([aTest, aLive, bTest].map((t) => snapshot(gw, t)));
    expect(failures).toEqual([]);
    expect(after).toEqual(before);
  });

  it("succeeds with the same requests on the caller's own objects (the sweep can fail), and changes no other tenant", async () => {
    const before = await Promise.all([aLive, bTest].map((t) => snapshot(gw, t)));
    const failures: string[] = [];
    const destructive = (s: Spec): boolean => /^(DELETE |Mutation\.delete)/.test(s.route);
    for (const spec of [...SPECS.filter((s) => !destructive(s)), ...SPECS.filter(destructive)]) {
      const req = build(spec, aTest.ids, aTest.ids, new Set());
      const got = await send(req, aTest.key, verbOf(spec));
      const where = `${spec.route} ${JSON.stringify(req).slice(0, 160)}`;
      const payloads = Object.values(got.json?.data ?? {}) as any[];
      const ok =
        'query' in req || spec.route === 'GET /graphql'
          ? !got.json?.errors &&
            payloads.length > 0 &&
            payloads.every((p) => p !== null && (!('userErrors' in p) || (p.userErrors.length === 0 && Object.values(p).every((v) => v !== null))))
          : got.status < 300;
      if (!ok) failures.push(`${where}: ${got.status} ${got.text.slice(0, 300)}`);
      else if (spec.expect === 'list' && !showsAnyId(got.text, aTest.ids)) failures.push(`${where}: the list shows none of the caller's objects`);
    }
    expect(failures).toEqual([]);
    expect(await Promise.all([aLive, bTest].map((t) => snapshot(gw, t)))).toEqual(before);
  });

  it('public pages and public retrieves show only what the owner published, the same with any key', async () => {
    const anonymous = (req: Req) => send(req, null);
    for (const { name, caller, owner } of pairs) {
      const others = [aTest, aLive, bTest].filter((t) => t !== owner);
      const clean = (what: string, text: string) => {
        expect(text, `${what} (${name}) shows a secret`).not.toMatch(/secret-/);
        for (const t of others) expect(leaks(text, t, owner), `${what} (${name}) shows ${t.tag}'s`).toEqual([]);
      };
      // Whop's public retrieve: with another tenant's key exactly what anybody sees, metadata hidden.
      const config = { url: `/whop/api/v1/checkout_configurations/${e('ch', owner.ids.whopConfig)}` };
      const [seen, anon, own] = [await send(config, caller.key), await anonymous(config), await send(config, owner.key)];
      expect(seen.status).toBe(200);
      expect(seen.json).toEqual(anon.json);
      expect(seen.json.metadata).toBeNull();
      expect(own.json.metadata).toEqual({ secret: `secret-${owner.tag}` });
      clean('Whop retrieve', seen.text);
      expect((await send(config, caller.key, 'HEAD')).status).toBe(200);
      // GraphQL publicCheckoutLink: the same, metadata empty.
      const query = {
        query: 'query ($id: ID!) { publicCheckoutLink(id: $id) { id title metadata plan { name metadata } lineItems { product { name metadata } } } }',
        variables: { id: owner.ids.classicLink },
      };
      const [gSeen, gAnon] = [await send(query, caller.key), await anonymous(query)];
      expect(gSeen.json).toEqual(gAnon.json);
      expect(gSeen.json.data.publicCheckoutLink).toMatchObject({ id: owner.ids.classicLink, metadata: {} });
      clean('publicCheckoutLink', gSeen.text);
      // The public link and a session's page show the owner's link and nobody else's, whatever the key.
      const title = (await gq(gw, owner.key, 'query ($id: ID!) { checkoutLink(id: $id) { title } }', { id: owner.ids.classicLink })).checkoutLink.title;
      for (const path of [`/checkout-link/${owner.ids.slug}/cart`, `/checkout/${owner.ids.session}`]) {
        const got = await send({ url: path }, caller.key);
        expect(got.status, path).toBe(200);
        expect(got.text).toContain(title);
        clean(`GET ${path}`, got.text);
        if (path.startsWith('/checkout/')) {
          const head = await send({ url: path }, caller.key, 'HEAD');
          expect([head.status, head.text]).toEqual([200, '']);
        }
        const posted = await gw.inject({
          method: 'POST',
          url: path,
          headers: { authorization: `Bearer ${caller.key}`, 'content-type': 'application/x-www-form-urlencoded' },
          payload: '',
        });
        expect(posted.statusCode, path).toBeLessThan(500);
        clean(`POST ${path}`, posted.body);
      }
    }
  });

  it("storefront: one tenant's publishable key and client secrets reach nothing of another tenant's links and sessions", async () => {
    const KEY = 'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { message } } }';
    const pkOf = async (t: Tenant) =>
      (await gq(gw, t.key, KEY, { input: { organisationId: t.ids.org, mode: t.mode, kind: 'PUBLISHABLE' } })).createApiKey.secret as string;
    const START =
      'mutation ($s: String!) { startCheckoutSession(input: { slug: $s, update: { name: "sweep" } }) { clientSecret session { id } userErrors { code } } }';
    const ops = (slug: string, secret: string): Req[] => [
      { query: 'query ($s: String!) { storefrontCheckoutLink(slug: $s) { title lines { name } amounts { amountDueToday } } }', variables: { s: slug } },
      { query: START, variables: { s: slug } },
      { query: 'query ($c: String!) { storefrontSession(clientSecret: $c) { id email name lines { name } } }', variables: { c: secret } },
      {
        query: 'mutation ($c: String!) { updateCheckoutSession(clientSecret: $c, input: { name: "pwned" }) { session { id } userErrors { code } } }',
        variables: { c: secret },
      },
      {
        query:
          'mutation ($c: String!) { completeCheckoutSession(clientSecret: $c, input: { update: { email: "pwned@example.com" }, payment: { card: { number: "4242424242424242", expMonth: 12, expYear: 2040, cvc: "123" } } }) { session { id } paymentError { code } userErrors { code } } }',
        variables: { c: secret },
      },
    ];
    const pks = new Map<Tenant, string>();
    for (const t of [aTest, aLive, bTest]) pks.set(t, await pkOf(t));
    const owned = new Map<Tenant, { slug: string; secret: string; session: string }>();
    for (const t of [aTest, aLive, bTest]) {
      const started = (await send(ops(t.ids.slug, '')[1]!, pks.get(t)!)).json.data.startCheckoutSession;
      expect(started.userErrors).toEqual([]);
      owned.set(t, { slug: t.ids.slug, secret: started.clientSecret, session: started.session.id });
    }
    const sessionOf = async (t: Tenant) =>
      (
        await send(
          { query: 'query ($c: String!) { storefrontSession(clientSecret: $c) { status name email } }', variables: { c: owned.get(t)!.secret } },
          pks.get(t)!,
        )
      ).json.data.storefrontSession;
    const before = await Promise.all([aTest, aLive, bTest].map((t) => snapshot(gw, t)));
    const sessionsBefore = await Promise.all([aTest, aLive, bTest].map(sessionOf));
    const failures: string[] = [];
    for (const { name, caller, owner } of pairs) {
      const mine = owned.get(owner)!;
      const ghostSecret = `cs_${randomUUID().replaceAll('-', '')}_secret_${'x'.repeat(24)}`;
      const theirs = ops(mine.slug, mine.secret);
      const unknown = ops(`ghost-${randomUUID().slice(0, 8)}`, ghostSecret);
      for (let i = 0; i < theirs.length; i++) {
        // With the caller's publishable key, and with the client secret alone against the caller's key's tenant.
        const got = await send(theirs[i]!, pks.get(caller)!);
        const none = await send(unknown[i]!, pks.get(caller)!);
        const field = Object.keys(got.json?.data ?? {})[0];
        const masked = got.text.replaceAll(mine.slug, '<slug>').replaceAll(mine.secret, '<secret>');
        const maskedNone = none.text.replace(/ghost-[0-9a-f]{8}/g, '<slug>').replaceAll(ghostSecret, '<secret>');
        if (masked !== maskedNone) failures.push(`${field} (${name}): ${masked.slice(0, 200)} differs from the unknown answer ${maskedNone.slice(0, 200)}`);
        if (!gqlMissing(got.json)) failures.push(`${field} (${name}): not "not found": ${got.text.slice(0, 200)}`);
        if (got.text.includes(owner.tag)) failures.push(`${field} (${name}) shows ${owner.tag}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await Promise.all([aTest, aLive, bTest].map((t) => snapshot(gw, t)))).toEqual(before);
    expect(await Promise.all([aTest, aLive, bTest].map(sessionOf))).toEqual(sessionsBefore);
    // The same operations on the caller's own link and session succeed (the sweep can fail).
    for (const t of [aTest, aLive, bTest]) {
      const own = ops(t.ids.slug, owned.get(t)!.secret);
      for (const req of own.slice(0, 4)) {
        const got = await send(req, pks.get(t)!);
        const payload = Object.values(got.json.data)[0] as any;
        expect(got.json.errors, t.tag).toBeUndefined();
        expect(payload, t.tag).not.toBeNull();
        if (payload.userErrors) expect(payload.userErrors, t.tag).toEqual([]);
      }
    }
  });
});
