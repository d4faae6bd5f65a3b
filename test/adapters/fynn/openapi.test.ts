import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientPath } from '../../../adapters/fynn/mappers/property-path.ts';
import { CLASSIC_LINK_PATHS } from '../../../adapters/fynn/mappers/classic-link.ts';
import { PLAN_PATHS } from '../../../adapters/fynn/mappers/plan.ts';
import { COUPON_PATHS } from '../../../adapters/fynn/mappers/coupon.ts';
import { startGateway, type TestGateway } from '../../support/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

describe('Fynn OpenAPI and property paths', () => {
  it('serves one OpenAPI 3.1 document for V2 and classic, generated from the route schemas', async () => {
    const res = await gw.inject({ method: 'GET', url: '/fynn/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.ApiToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/fynn/api/plans',
        '/fynn/api/plans/{id}',
        '/fynn/api/plans/{id}/activate',
        '/fynn/api/plans/{id}/archive',
        '/fynn/api/plans/{id}/checkout-links',
        '/fynn/checkout-links',
        '/fynn/checkout-links/{id}',
        '/fynn/checkout-links/{id}/cart',
        '/fynn/checkout-link-items/{id}',
        '/fynn/coupons',
        '/fynn/coupons/{id}',
      ]),
    );
    expect(Object.keys(doc.paths['/fynn/coupons']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/fynn/coupons/{id}']).sort()).toEqual(['delete', 'get', 'put']);
    expect(doc.paths['/fynn/coupons'].post.operationId).toBe('createCoupon');
    expect(doc.paths['/fynn/coupons'].post.description).toMatch(/coupon:write/);
    expect(doc.paths['/fynn/coupons/{id}'].get.description).toMatch(/coupon:read/);
    expect(doc.paths['/fynn/coupons'].post.requestBody.content['application/json'].schema.properties.discountType.enum).toEqual(['percentage', 'fixed']);
    const create = doc.paths['/fynn/api/plans/{id}/checkout-links'].post;
    expect(create.operationId).toBe('createPlanCheckoutLink');
    const input = create.requestBody.content['application/json'].schema;
    expect(input.required).toEqual(['planTierId']);
    expect(input.properties.slug.pattern).toBe('^[a-z0-9]([a-z0-9-]*[a-z0-9])?$');
    expect(Object.keys(create.responses['201'].content['application/json'].schema.properties)).toEqual([
      'id',
      'slug',
      'planTierId',
      'planTierName',
      'couponsAllowed',
      'isEnabled',
      'url',
      'createdAt',
      'updatedAt',
      'salesChannel',
    ]);
    expect(doc.paths['/fynn/checkout-link-items/{id}'].get.responses['200']).toBeTruthy();
  });

  it('maps GraphQL input paths back to the fields as the client sent them', () => {
    expect(clientPath(['tiers', '0', 'items', '1', 'priceId'], PLAN_PATHS)).toBe('tiers[0].items[1].pricePlanId');
    expect(clientPath(['tiers', '2', 'name'], PLAN_PATHS)).toBe('tiers[2].name');
    expect(clientPath(['lineItems', '1', 'priceId'], CLASSIC_LINK_PATHS)).toBe('items[1].price');
    expect(clientPath(['lineItems', '0', 'type'], CLASSIC_LINK_PATHS)).toBe('items[0].type');
    expect(clientPath(['afterCompletion', 'redirectUrl'], CLASSIC_LINK_PATHS)).toBe('afterCheckout.url');
    expect(clientPath(['settings', 'couponsAllowed'], CLASSIC_LINK_PATHS)).toBe('options.allowCoupons');
    expect(clientPath(['title'], CLASSIC_LINK_PATHS)).toBe('name');
    expect(clientPath([], CLASSIC_LINK_PATHS)).toBe('');
    expect(clientPath(['appliesToProducts', '1'], COUPON_PATHS)).toBe('products[1]');
    expect(clientPath(['promotionCodes', '0', 'code'], COUPON_PATHS)).toBe('code');
    expect(clientPath(['redeemBy'], COUPON_PATHS)).toBe('validUntil');
  });
});
