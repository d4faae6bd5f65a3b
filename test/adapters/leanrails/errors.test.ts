// Bad input per endpoint: the documented error, never a 500, and no row left behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { leanrails, productWithPrice, type LeanRails } from './client.ts';

let gw: TestGateway;
let lr: LeanRails;
let usd: { product: string; price: string };
let eur: { product: string; price: string };
beforeAll(async () => {
  gw = await startGateway();
  lr = leanrails(gw);
  usd = await productWithPrice(lr, 'usd', 1000);
  eur = await productWithPrice(lr, 'eur', 1000);
});
afterAll(async () => {
  await gw?.close();
});

interface Counts {
  links: number;
  prices: number;
  products: number;
}
const counts = async (): Promise<Counts> => {
  const res = await gw.graphql<{ checkoutLinks: { totalCount: number }; prices: { totalCount: number }; products: { totalCount: number } }>(
    '{ checkoutLinks { totalCount } prices(filter: { includeInline: true }) { totalCount } products { totalCount } }',
  );
  const d = res.body.data as { checkoutLinks: { totalCount: number }; prices: { totalCount: number }; products: { totalCount: number } };
  return { links: d.checkoutLinks.totalCount, prices: d.prices.totalCount, products: d.products.totalCount };
};

const line = () => ({ price: usd.price, quantity: 1 });

interface Case {
  name: string;
  body: unknown;
  status: number;
  code: string;
  param: string | null;
  form?: boolean;
}

const createCases = (): Case[] => [
  { name: 'missing title', body: { line_items: [line()] }, status: 400, code: 'parameter_missing', param: 'title' },
  { name: '31-char title', body: { title: 'x'.repeat(31), line_items: [line()] }, status: 400, code: 'parameter_invalid', param: 'title' },
  { name: 'missing line_items', body: { title: 'x' }, status: 400, code: 'parameter_missing', param: 'line_items' },
  { name: 'empty line_items', body: { title: 'x', line_items: [] }, status: 400, code: 'parameter_invalid', param: 'line_items' },
  {
    name: 'both price and price_data',
    body: { title: 'x', line_items: [{ price: usd.price, price_data: { currency: 'usd', product: usd.product, unit_amount: 5 }, quantity: 1 }] },
    status: 400,
    code: 'parameter_invalid',
    param: 'line_items[0][price_data]',
  },
  {
    name: 'neither price nor price_data',
    body: { title: 'x', line_items: [{ quantity: 1 }] },
    status: 400,
    code: 'parameter_missing',
    param: 'line_items[0][price]',
  },
  {
    name: 'unknown price id',
    body: { title: 'x', line_items: [{ price: 'price_0000000000000000000000', quantity: 1 }] },
    status: 404,
    code: 'resource_missing',
    param: 'line_items[0][price]',
  },
  {
    name: 'malformed price id',
    body: { title: 'x', line_items: [{ price: 'plan_123', quantity: 1 }] },
    status: 404,
    code: 'resource_missing',
    param: 'line_items[0][price]',
  },
  {
    name: 'unknown product in price_data',
    body: { title: 'x', line_items: [{ price_data: { currency: 'usd', product: 'prod_0000000000000000000000', unit_amount: 5 }, quantity: 1 }] },
    status: 404,
    code: 'resource_missing',
    param: 'line_items[0][price_data][product]',
  },
  {
    name: 'mixed currencies',
    body: { title: 'x', line_items: [line(), { price: eur.price, quantity: 1 }] },
    status: 422,
    code: 'parameter_invalid',
    param: 'line_items',
  },
  {
    name: 'mixed currencies with price_data (inline price not kept)',
    body: { title: 'x', line_items: [line(), { price_data: { currency: 'eur', product: eur.product, unit_amount: 5 }, quantity: 1 }] },
    status: 422,
    code: 'parameter_invalid',
    param: 'line_items',
  },
  {
    name: 'currency not matching the prices',
    body: { title: 'x', currency: 'eur', line_items: [line()] },
    status: 422,
    code: 'parameter_invalid',
    param: 'currency',
  },
  {
    name: 'quantity 0',
    body: { title: 'x', line_items: [{ price: usd.price, quantity: 0 }] },
    status: 400,
    code: 'parameter_invalid',
    param: 'line_items[0][quantity]',
  },
  {
    name: 'missing quantity',
    body: { title: 'x', line_items: [{ price: usd.price }] },
    status: 400,
    code: 'parameter_missing',
    param: 'line_items[0][quantity]',
  },
  { name: 'unknown parameter', body: { title: 'x', line_items: [line()], colour: 'red' }, status: 400, code: 'parameter_unknown', param: 'colour' },
  {
    name: 'unknown nested parameter',
    body: { title: 'x', line_items: [{ ...line(), adjustable_quantity: { enabled: true } }] },
    status: 400,
    code: 'parameter_unknown',
    param: 'line_items[0][adjustable_quantity]',
  },
  {
    name: 'quantity as a string in JSON',
    body: { title: 'x', line_items: [{ price: usd.price, quantity: '2' }] },
    status: 400,
    code: 'parameter_invalid',
    param: 'line_items[0][quantity]',
  },
  { name: 'title as a number', body: { title: 42, line_items: [line()] }, status: 400, code: 'parameter_invalid', param: 'title' },
  { name: 'bad mode', body: { title: 'x', mode: 'subscription', line_items: [line()] }, status: 400, code: 'parameter_invalid', param: 'mode' },
  {
    name: 'redirect without url',
    body: { title: 'x', line_items: [line()], after_completion: { type: 'redirect' } },
    status: 400,
    code: 'parameter_missing',
    param: 'after_completion[redirect]',
  },
  {
    name: 'redirect url not a URL',
    body: { title: 'x', line_items: [line()], after_completion: { type: 'redirect', redirect: { url: 'not a url' } } },
    status: 400,
    code: 'parameter_invalid',
    param: 'after_completion[redirect][url]',
  },
  {
    name: 'restrictions limit 0',
    body: { title: 'x', line_items: [line()], restrictions: { completed_sessions: { limit: 0 } } },
    status: 400,
    code: 'parameter_invalid',
    param: 'restrictions[completed_sessions][limit]',
  },
  { name: 'body is an array', body: [1, 2], status: 400, code: 'parameter_invalid', param: null },
  {
    name: 'form: quantity not a number',
    body: { title: 'x', line_items: [{ price: usd.price, quantity: 'two' }] },
    status: 400,
    code: 'parameter_invalid',
    param: 'line_items[0][quantity]',
    form: true,
  },
  { name: 'form: unknown parameter', body: { title: 'x', line_items: [line()], foo: 'bar' }, status: 400, code: 'parameter_unknown', param: 'foo', form: true },
  {
    name: 'form: title repeated (array)',
    body: { title: ['a', 'b'], line_items: [line()] },
    status: 400,
    code: 'parameter_invalid',
    param: 'title',
    form: true,
  },
];

describe('LeanRails bad input', () => {
  it('POST /v1/checkout_links: every bad body answers its documented error and leaves no row', async () => {
    const before = await counts();
    for (const c of createCases()) {
      const res = await lr.post('/v1/checkout_links', c.body, { form: c.form });
      expect(res.status, c.name).toBe(c.status);
      expect(res.body.error, c.name).toMatchObject({ type: 'invalid_request_error', code: c.code, param: c.param });
      expect(res.body.error.message, c.name).toEqual(expect.any(String));
      expect(res.body.error.doc_url, c.name).toBe(`${gw.publicUrl}/leanrails/docs/errors#${c.code}`);
    }
    expect(await counts()).toEqual(before);
  });

  it('POST /v1/checkout_links/{id}: unknown id, unknown and immutable fields, wrong types', async () => {
    const link = (await lr.post('/v1/checkout_links', { title: 'Target', line_items: [line()] })).body;
    const cases: [string, unknown, number, string, string | null][] = [
      ['cl_0000000000000000000000', { active: false }, 404, 'resource_missing', 'id'],
      ['cl_nope', { active: false }, 404, 'resource_missing', 'id'],
      [link.id, { title: 'New' }, 400, 'parameter_unknown', 'title'],
      [link.id, { active: 'yes' }, 400, 'parameter_invalid', 'active'],
      [link.id, { submit_type: 'subscribe' }, 400, 'parameter_invalid', 'submit_type'],
      [link.id, { metadata: { k: 'x'.repeat(501) } }, 400, 'parameter_invalid', 'metadata[k]'],
    ];
    for (const [id, body, status, code, param] of cases) {
      const res = await lr.post(`/v1/checkout_links/${id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error, JSON.stringify(body)).toMatchObject({ code, param });
    }
    expect((await lr.get(`/v1/checkout_links/${link.id}`)).body).toEqual(link);
  });

  it('GET endpoints: unknown and malformed ids are 404 resource_missing with param id', async () => {
    for (const path of [
      '/v1/checkout_links/cl_0000000000000000000000',
      '/v1/checkout_links/prod_0000000000000000000000',
      '/v1/checkout_links/x/line_items',
      '/v1/products/prod_0000000000000000000000',
      '/v1/products/%27;drop',
      '/v1/prices/price_zzzzzzzzzzzzzzzzzzzzzz',
    ]) {
      const res = await lr.get(path);
      expect(res.status, path).toBe(404);
      expect(res.body.error, path).toMatchObject({ type: 'invalid_request_error', code: 'resource_missing', param: 'id' });
    }
  });

  it('POST /v1/products and /v1/prices: missing, invalid and unknown fields leave no row', async () => {
    const before = await counts();
    const cases: [string, unknown, number, string, string | null][] = [
      ['/v1/products', {}, 400, 'parameter_missing', 'name'],
      ['/v1/products', { name: '' }, 400, 'parameter_invalid', 'name'],
      ['/v1/products', { name: 'x', default_price_data: { currency: 'usd', unit_amount: -1 } }, 400, 'parameter_invalid', 'default_price_data[unit_amount]'],
      ['/v1/products', { name: 'x', default_price_data: { currency: 'xxq', unit_amount: 1 } }, 400, 'parameter_invalid', 'default_price_data[currency]'],
      ['/v1/products', { name: 'x', shippable: 'maybe' }, 400, 'parameter_invalid', 'shippable'],
      ['/v1/products', { name: 'x', type: 'service' }, 400, 'parameter_unknown', 'type'],
      ['/v1/prices', { product: usd.product, currency: 'usd' }, 400, 'parameter_invalid', 'unit_amount'],
      ['/v1/prices', { product: usd.product, currency: 'usd', unit_amount: 1, unit_amount_decimal: '1' }, 400, 'parameter_invalid', 'unit_amount_decimal'],
      [
        '/v1/prices',
        { product: usd.product, currency: 'usd', unit_amount: 1, recurring: { interval: 'fortnight' } },
        400,
        'parameter_invalid',
        'recurring[interval]',
      ],
      ['/v1/prices', { product: usd.product, unit_amount: 1 }, 400, 'parameter_missing', 'currency'],
      ['/v1/prices', { product: usd.product, currency: 'usd', unit_amount: 1, tiers_mode: 'graduated' }, 400, 'parameter_unknown', 'tiers_mode'],
      ['/v1/prices/price_0000000000000000000000', { active: false }, 404, 'resource_missing', 'id'],
      ['/v1/products/prod_0000000000000000000000', { name: 'y' }, 404, 'resource_missing', 'id'],
      [`/v1/products/${usd.product}`, { default_price: 'price_0000000000000000000000' }, 404, 'resource_missing', 'default_price'],
    ];
    for (const [path, body, status, code, param] of cases) {
      const res = await lr.post(path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(status);
      expect(res.body.error, `${path} ${JSON.stringify(body)}`).toMatchObject({ code, param });
    }
    expect(await counts()).toEqual(before);
  });
});
