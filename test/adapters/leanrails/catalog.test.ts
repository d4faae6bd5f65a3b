import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { leanrails, type LeanRails } from './client.ts';

let gw: TestGateway;
let lr: LeanRails;
beforeAll(async () => {
  gw = await startGateway();
  lr = leanrails(gw);
});
afterAll(async () => {
  await gw?.close();
});

describe('LeanRails products and prices', () => {
  it('creates a product with a default price and reads it back', async () => {
    const res = await lr.post('/v1/products', {
      name: 'Headphones',
      description: 'Noise cancelling',
      metadata: { sku: 'HP-1', batch: 7 },
      default_price_data: { currency: 'eur', unit_amount: 19900 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'product', name: 'Headphones', active: true, livemode: false, metadata: { sku: 'HP-1', batch: '7' } });
    expect(res.body.id).toMatch(/^prod_[0-9A-Za-z]{22}$/);
    expect(res.body.default_price).toMatch(/^price_/);
    expect(Number.isInteger(res.body.created)).toBe(true);
    const got = await lr.get(`/v1/products/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
    const price = await lr.get(`/v1/prices/${res.body.default_price}`);
    expect(price.body).toMatchObject({
      object: 'price',
      currency: 'eur',
      unit_amount: 19900,
      unit_amount_decimal: '19900',
      type: 'one_time',
      product: res.body.id,
    });
  });

  it('creates one-time and recurring prices, JSON and form, and updates them', async () => {
    const product = (await lr.post('/v1/products', { name: 'Plan' })).body.id;
    const monthly = await lr.post('/v1/prices', {
      product,
      currency: 'usd',
      unit_amount: 999,
      recurring: { interval: 'month' },
      tax_behavior: 'exclusive',
      nickname: 'Monthly',
    });
    expect(monthly.status).toBe(200);
    expect(monthly.body).toMatchObject({
      type: 'recurring',
      recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' },
      tax_behavior: 'exclusive',
      currency: 'usd',
      nickname: 'Monthly',
    });
    const form = await lr.post(
      '/v1/prices',
      { product, currency: 'usd', unit_amount_decimal: '4900', recurring: { interval: 'year', interval_count: '1' }, metadata: { tier: '2' } },
      { form: true },
    );
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ unit_amount: 4900, type: 'recurring', recurring: { interval: 'year' }, metadata: { tier: '2' } });
    const upd = await lr.post(`/v1/prices/${form.body.id}`, { active: 'false', nickname: 'Yearly', metadata: { extra: 'x' } }, { form: true });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ active: false, nickname: 'Yearly', metadata: { tier: '2', extra: 'x' } });
    const cleared = await lr.post(`/v1/prices/${form.body.id}`, { metadata: '' }, { form: true });
    expect(cleared.body.metadata).toEqual({});
    const list = await lr.get(`/v1/prices?product=${product}&limit=1`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ object: 'list', url: '/v1/prices', has_more: true });
    expect(list.body.data.map((p: any) => p.id)).toEqual([form.body.id]);
    expect(list.body.next_cursor).toBe(form.body.id);
    const next = await lr.get(`/v1/prices?product=${product}&limit=1&starting_after=${list.body.next_cursor}`);
    expect(next.body.data.map((p: any) => p.id)).toEqual([monthly.body.id]);
    expect(next.body).toMatchObject({ has_more: false, next_cursor: null });
  });

  it('updates and lists products', async () => {
    const created = await lr.post('/v1/products', { name: 'Old' });
    const upd = await lr.post(`/v1/products/${created.body.id}`, { name: 'New', active: false, metadata: { a: '1' } });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ name: 'New', active: false, metadata: { a: '1' } });
    const inactive = await lr.get('/v1/products?active=false');
    expect(inactive.body.data.map((p: any) => p.id)).toContain(created.body.id);
    const active = await lr.get('/v1/products?active=true&limit=100');
    expect(active.body.data.map((p: any) => p.id)).not.toContain(created.body.id);
  });

  it('answers bad input with the documented errors', async () => {
    const missingName = await lr.post('/v1/products', { description: 'x' });
    expect(missingName.status).toBe(400);
    expect(missingName.body.error).toMatchObject({ type: 'invalid_request_error', code: 'parameter_missing', param: 'name' });
    expect(missingName.body.error.doc_url).toBe(`${gw.publicUrl}/leanrails/docs/errors#parameter_missing`);
    const unknown = await lr.post('/v1/prices', { product: 'prod_x', currency: 'usd', unit_amount: 1, colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'parameter_unknown', param: 'colour' });
    const noProduct = await lr.post('/v1/prices', { product: 'prod_0000000000000000000000', currency: 'usd', unit_amount: 1 });
    expect(noProduct.status).toBe(404);
    expect(noProduct.body.error).toMatchObject({ code: 'resource_missing', param: 'product' });
    const wrongType = await lr.post('/v1/prices', { product: 'prod_x', currency: 'usd', unit_amount: '12' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toMatchObject({ code: 'parameter_invalid', param: 'unit_amount' });
    const badDecimal = await lr.post('/v1/prices', {
      product: (await lr.post('/v1/products', { name: 'p' })).body.id,
      currency: 'usd',
      unit_amount_decimal: '1.5',
    });
    expect(badDecimal.status).toBe(400);
    expect(badDecimal.body.error.param).toBe('unit_amount_decimal');
    const missing = await lr.get('/v1/prices/price_nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ type: 'invalid_request_error', code: 'resource_missing', param: 'id' });
  });
});
