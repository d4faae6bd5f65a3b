// A client that speaks only Fynn: classic /products and /price-plans build the catalog (in the
// nested `product` / `price` shapes of a CheckoutLinkItem), then the V2 API makes a plan from
// their ids and a checkout link that opens. Lists are hydra collections with hydra:view paging;
// errors name the classic fields; product:write / price-plan:write are needed to write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { fynn } from './helpers.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

const UUID = /^[0-9a-f-]{36}$/;

describe('Fynn classic products and price plans', () => {
  let productId = '';
  let pricePlanId = '';

  it('a Fynn-only client builds a product, a price plan, a plan and a link', async () => {
    const product = await fynn(gw, 'POST', '/products', {
      name: 'Basic',
      description: 'For small teams.',
      type: 'product',
      invoiceVisibility: 'always',
      customFields: { field1: 'value1' },
    });
    expect(product.statusCode).toBe(201);
    expect(product.json()).toEqual({
      id: expect.stringMatching(UUID),
      name: 'Basic',
      description: 'For small teams.',
      type: 'product',
      invoiceVisibility: 'always',
      customFields: { field1: 'value1' },
    });
    productId = product.json().id;

    const price = await fynn(gw, 'POST', '/price-plans', {
      product: productId,
      internalName: 'Monthly EUR',
      type: 'per_unit',
      billingInterval: '1M',
      currencyCode: 'EUR',
      price: { amount: 4900 },
      applyTrial: true,
    });
    expect(price.statusCode).toBe(201);
    expect(price.json()).toMatchObject({
      id: expect.stringMatching(UUID),
      internalName: 'Monthly EUR',
      status: 'active',
      type: 'per_unit',
      applyTrial: true,
      billingInterval: '1M',
      currencyCode: 'EUR',
      price: { amount: 4900, tenantId: gw.orgA.id },
      custom: false,
      product: productId,
      inUse: false,
      checkoutLinkIds: [],
    });
    expect(price.json().price.createdAt).toMatch(/\+00:00$/);
    pricePlanId = price.json().id;

    const plan = await fynn(gw, 'POST', '/api/plans', {
      code: 'basic-m2026',
      name: 'Basic',
      tiers: [{ name: 'Monthly', items: [{ productId, pricePlanId }] }],
    });
    expect(plan.statusCode).toBe(201);
    const activated = await fynn(gw, 'POST', `/api/plans/${plan.json().id}/activate`);
    expect(activated.statusCode).toBe(200);
    const link = await fynn(gw, 'POST', `/api/plans/${plan.json().id}/checkout-links`, { planTierId: activated.json().tiers[0].id });
    expect(link.statusCode).toBe(201);
    const opened = await gw.inject({ url: new URL(link.json().url).pathname });
    expect([200, 303]).toContain(opened.statusCode);

    const used = await fynn(gw, 'GET', `/price-plans/${pricePlanId}`);
    expect(used.json()).toMatchObject({ id: pricePlanId, product: productId });
  });

  it('reads, updates (PUT) and archives; fixed fields refuse a change but take the same value back', async () => {
    expect((await fynn(gw, 'GET', `/products/${productId}`)).json().name).toBe('Basic');
    const renamed = await fynn(gw, 'PUT', `/products/${productId}`, { name: 'Basic 2026', customFields: { field2: 'x' } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Basic 2026', description: 'For small teams.', customFields: { field2: 'x' } });
    const typeChange = await fynn(gw, 'PUT', `/products/${productId}`, { type: 'charge' });
    expect(typeChange.statusCode).toBe(422);
    expect(typeChange.json().violations).toEqual([expect.objectContaining({ propertyPath: 'type' })]);

    const current = (await fynn(gw, 'GET', `/price-plans/${pricePlanId}`)).json();
    const back = await fynn(gw, 'PUT', `/price-plans/${pricePlanId}`, { ...current, salesChannel: undefined, internalName: 'Monthly (EUR)' });
    expect(back.statusCode).toBe(200);
    expect(back.json().internalName).toBe('Monthly (EUR)');
    const amount = await fynn(gw, 'PUT', `/price-plans/${pricePlanId}`, { price: { amount: 5900 } });
    expect(amount.statusCode).toBe(422);
    expect(amount.json().violations).toEqual([expect.objectContaining({ propertyPath: 'price.amount' })]);

    const spare = (await fynn(gw, 'POST', '/products', { name: 'Spare', type: 'charge' })).json();
    const archived = await fynn(gw, 'POST', `/products/${spare.id}/archive`);
    expect(archived.statusCode).toBe(200);
    const active = (await fynn(gw, 'GET', '/products?status=active')).json()['hydra:member'].map((p: { id: string }) => p.id);
    expect(active).not.toContain(spare.id);
    expect((await fynn(gw, 'GET', '/products?status=archived')).json()['hydra:member'].map((p: { id: string }) => p.id)).toContain(spare.id);
    const price = (await fynn(gw, 'POST', '/price-plans', { product: productId, currencyCode: 'EUR', price: { amount: 100 } })).json();
    expect(price.billingInterval).toBeNull();
    expect((await fynn(gw, 'POST', `/price-plans/${price.id}/archive`)).json().status).toBe('archived');
  });

  it('pages lists with hydra:view links (first, last, next, previous)', async () => {
    for (let i = 0; i < 5; i++) await fynn(gw, 'POST', '/products', { name: `Extra ${i}` });
    const total = (await fynn(gw, 'GET', '/products')).json()['hydra:totalItems'];
    expect(total).toBeGreaterThanOrEqual(6);
    const seen: string[] = [];
    let next: string | undefined = '/products?itemsPerPage=3';
    let pages = 0;
    while (next) {
      const page: any = (await fynn(gw, 'GET', next)).json();
      seen.push(...page['hydra:member'].map((p: { id: string }) => p.id));
      expect(page['hydra:view']['hydra:first']).toBe('/products?itemsPerPage=3&page=1');
      expect(page['hydra:view']['hydra:last']).toBe(`/products?itemsPerPage=3&page=${Math.ceil(total / 3)}`);
      if (pages > 0) expect(page['hydra:view']['hydra:previous']).toBe(`/products?itemsPerPage=3&page=${pages}`);
      next = page['hydra:view']['hydra:next'];
      pages++;
    }
    expect(pages).toBe(Math.ceil(total / 3));
    expect(new Set(seen).size).toBe(total);
    const prices = (await fynn(gw, 'GET', `/price-plans?product=${productId}&itemsPerPage=1`)).json();
    expect(prices['hydra:totalItems']).toBe(2);
    expect(prices['hydra:view']['hydra:next']).toBe(`/price-plans?product=${productId}&itemsPerPage=1&page=2`);
  });

  it('answers errors in the classic shape, naming the classic field', async () => {
    const missing = await fynn(gw, 'POST', '/price-plans', { product: productId, price: { amount: 100 } });
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({ '@type': 'ConstraintViolationList', violations: [expect.objectContaining({ propertyPath: 'currencyCode' })] });
    const unknownProduct = await fynn(gw, 'POST', '/price-plans', {
      product: '00000000-0000-4000-8000-000000000000',
      currencyCode: 'EUR',
      price: { amount: 100 },
    });
    expect(unknownProduct.statusCode).toBe(422);
    expect(unknownProduct.json().violations).toEqual([expect.objectContaining({ propertyPath: 'product' })]);
    const badCurrency = await fynn(gw, 'POST', '/price-plans', { product: productId, currencyCode: 'XYZ', price: { amount: 100 } });
    expect(badCurrency.statusCode).toBe(422);
    expect(badCurrency.json()['hydra:description']).toMatch(/currenc/i);
    expect((await fynn(gw, 'GET', '/products/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await fynn(gw, 'GET', '/price-plans/not-a-uuid')).json()).toMatchObject({ '@type': 'hydra:Error', status: 404 });
    expect((await fynn(gw, 'POST', '/products', { description: 'no name' })).json().violations[0].propertyPath).toBe('name');
  });

  it('needs product:write / price-plan:write to write and the read permissions to read; another tenant sees nothing', async () => {
    const reader = await gw.keyWith(['product:read', 'price:read']);
    expect((await fynn(gw, 'POST', '/products', { name: 'X' }, reader)).statusCode).toBe(403);
    expect((await fynn(gw, 'POST', '/price-plans', { product: productId, currencyCode: 'EUR', price: { amount: 1 } }, reader)).statusCode).toBe(403);
    expect((await fynn(gw, 'GET', `/products/${productId}`, undefined, reader)).statusCode).toBe(200);
    const writerOnly = await gw.keyWith(['checkout-link:read']);
    expect((await fynn(gw, 'GET', '/products', undefined, writerOnly)).statusCode).toBe(403);
    expect((await fynn(gw, 'GET', '/price-plans', undefined, null)).statusCode).toBe(401);
    expect((await fynn(gw, 'GET', `/products/${productId}`, undefined, gw.orgB.testKey)).statusCode).toBe(404);
    expect((await fynn(gw, 'GET', `/price-plans/${pricePlanId}`, undefined, gw.orgA.liveKey)).statusCode).toBe(404);
    expect((await fynn(gw, 'PUT', `/price-plans/${pricePlanId}`, { internalName: 'hijack' }, gw.orgB.testKey)).statusCode).toBe(404);
    expect((await fynn(gw, 'GET', '/products', undefined, gw.orgB.testKey)).json()['hydra:totalItems']).toBe(0);
  });
});
