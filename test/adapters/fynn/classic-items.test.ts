import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingInterval } from '../../../adapters/fynn/mappers/classic-item.ts';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { expectHydraError, fynn, ISO_OFFSET } from './helpers.ts';

/** The seed's example CheckoutLinkItem (fynn-get-checkout-link-item.txt). */
function seedItem(): Record<string, unknown> {
  const text = readFileSync(new URL('../../fixtures/vendor/fynn-get-checkout-link-item.txt', import.meta.url), 'utf8');
  const start = text.indexOf('{\n"type"');
  const end = text.indexOf('\nAuthorizations', start);
  return JSON.parse(text.slice(start, end));
}

/**
 * Fields the reference page documents as nullable ("If null, ..."), or relations the gateway
 * does not model (charge, product set option): null is accepted for them, any other value must
 * have the seed's type.
 */
const NULLABLE = new Set(['$.price.showPricePerInterval', '$.price.billingInterval', '$.price.charge', '$.price.productSetOption']);

/**
 * Ours has exactly the seed's keys, each with the seed's type. Placeholders ("<any>") and empty
 * objects ({}: type not documented) accept any value; free maps (customFields) any keys.
 */
function expectSeedShape(seed: unknown, ours: unknown, path = '$'): void {
  if (seed === '<any>' || (seed && typeof seed === 'object' && !Array.isArray(seed) && Object.keys(seed).length === 0)) {
    expect(ours, path).not.toBeUndefined();
    return;
  }
  if (Array.isArray(seed)) {
    expect(Array.isArray(ours), path).toBe(true);
    if (seed.length > 0 && (ours as unknown[]).length > 0) expectSeedShape(seed[0], (ours as unknown[])[0], `${path}[0]`);
    return;
  }
  if (seed && typeof seed === 'object') {
    expect(ours, path).toBeTypeOf('object');
    expect(ours, path).not.toBeNull();
    if (path.endsWith('.customFields')) return;
    expect(Object.keys(ours as object).sort(), path).toEqual(Object.keys(seed).sort());
    for (const [key, value] of Object.entries(seed)) expectSeedShape(value, (ours as Record<string, unknown>)[key], `${path}.${key}`);
    return;
  }
  if (ours === null && NULLABLE.has(path)) return;
  expect(typeof ours, path).toBe(typeof seed);
}

let gw: TestGateway;
let planItemId: string;
let productItemId: string;
let priceId: string;
let linkId: string;

beforeAll(async () => {
  gw = await startGateway();
  const p = await gw.graphql<any>(
    `mutation ($input: CreateProductInput!) { createProduct(input: $input) { product { id defaultPrice { id } } userErrors { reason message } } }`,
    {
      input: {
        name: 'Basic',
        description: 'For small teams.',
        customFields: { field1: 'value1', field2: 'value2' },
        defaultPrice: { currency: 'EUR', unitAmount: 123, recurring: { interval: 'MONTH' }, nickname: 'Exclusive pricing for partners.' },
      },
    },
  );
  const product = p.body.data.createProduct.product;
  priceId = product.defaultPrice.id;
  const plan = await gw.graphql<any>(`mutation ($input: CreatePlanInput!) { createPlan(input: $input) { plan { id } userErrors { reason message path } } }`, {
    input: {
      code: 'basic-m2023',
      name: 'Basic',
      description: 'Basic monthly',
      familyId: '0190a1b2-0000-7000-8000-00000000f001',
      originProductId: product.id,
      activate: true,
      tiers: [{ name: 'Basic', items: [{ productId: product.id, priceId }] }],
    },
  });
  const planId = plan.body.data.createPlan.plan.id;
  const link = await fynn(gw, 'POST', '/checkout-links', {
    name: 'Items',
    items: [
      { type: 'plan', plan: planId, price: priceId, periods: [{ contractPeriod: '12M', cancellationPeriod: '1M' }] },
      { type: 'product', product: product.id, price: priceId, quantity: 3 },
    ],
  });
  expect(link.statusCode).toBe(201);
  linkId = link.json().id;
  [planItemId, productItemId] = link.json().items.map((i: any) => i.id);
});
afterAll(async () => {
  await gw?.close();
});

describe('Fynn classic GET /checkout-link-items/{id}', () => {
  it('answers exactly the seed shape for a plan item', async () => {
    const res = await fynn(gw, 'GET', `/checkout-link-items/${planItemId}`);
    expect(res.statusCode).toBe(200);
    const item = res.json();
    expectSeedShape(seedItem(), item);
    expect(item).toMatchObject({
      type: 'plan',
      quantity: 1,
      plan: {
        code: 'basic-m2023',
        family: { id: '0190a1b2-0000-7000-8000-00000000f001' },
        originProduct: { name: 'Basic', type: 'product', invoiceVisibility: 'always' },
        status: 'active',
        allowCheckout: true,
      },
      price: {
        id: priceId,
        internalName: 'Exclusive pricing for partners.',
        billingInterval: '1M',
        currencyCode: 'EUR',
        price: { amount: 123 },
        status: 'active',
        type: 'per_unit',
        inUse: true,
      },
      periods: [{ contractPeriod: '12M', cancellationPeriod: '1M' }],
    });
    expect(item.price.checkoutLinkIds).toContain(linkId);
    expect(item.price.price.createdAt).toMatch(ISO_OFFSET);
    expect(item.plan.createdAt).toMatch(ISO_OFFSET);
    expect(item.product.customFields).toEqual({ field1: 'value1', field2: 'value2' });
  });

  it('answers a product item with plan null and the product', async () => {
    const res = await fynn(gw, 'GET', `/checkout-link-items/${productItemId}`);
    expect(res.statusCode).toBe(200);
    const item = res.json();
    expect(Object.keys(item).sort()).toEqual(Object.keys(seedItem()).sort());
    expect(item).toMatchObject({ type: 'product', quantity: 3, plan: null, product: { name: 'Basic', description: 'For small teams.' } });
    expectSeedShape((seedItem() as any).price, item.price, '$.price');
  });

  it('404s unknown and malformed ids, 403 without checkout-link:read, 401 without a token', async () => {
    expectHydraError(await fynn(gw, 'GET', '/checkout-link-items/0190a1b2-0000-7000-8000-000000000000'), 404);
    expectHydraError(await fynn(gw, 'GET', '/checkout-link-items/nope'), 404);
    expectHydraError(await fynn(gw, 'GET', `/checkout-link-items/${planItemId}`, undefined, gw.orgB.testKey), 404);
    expectHydraError(await fynn(gw, 'GET', `/checkout-link-items/${planItemId}`, undefined, await gw.keyWith(['checkout-link:write'])), 403);
    expectHydraError(await fynn(gw, 'GET', `/checkout-link-items/${planItemId}`, undefined, null), 401);
  });

  it('maps recurring intervals to Fynn billing intervals', () => {
    expect(billingInterval({ interval: 'MONTH', intervalCount: 1 })).toBe('1M');
    expect(billingInterval({ interval: 'YEAR', intervalCount: 1 })).toBe('1Y');
    expect(billingInterval({ interval: 'WEEK', intervalCount: 2 })).toBe('2W');
    expect(billingInterval({ interval: 'DAY', intervalCount: 1 })).toBe('1D');
    expect(billingInterval({ interval: 'MONTH', intervalCount: 3 })).toBe('3M');
    expect(billingInterval(null)).toBeNull();
  });
});
