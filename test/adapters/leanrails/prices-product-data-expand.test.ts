// LeanRails catalog completeness (issue 15 point 4): prices with product_data (one transaction),
// price list filters in the query, expand[]=line_items on checkout links (data.line_items on
// lists) in Stripe's list shape, unknown expand paths refused as Stripe does, and error params
// and messages in the client's own notation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { leanrails, productWithPrice, type LeanRails } from './client.ts';

let gw: TestGateway;
let lr: LeanRails;
beforeAll(async () => {
  gw = await startGateway();
  lr = leanrails(gw);
});
afterAll(async () => {
  await gw?.close();
});

/** Rows of org A (test mode) as GraphQL counts them, inline prices included. */
const counts = async () => {
  const res = await gw.graphql<{ checkoutLinks: { totalCount: number }; prices: { totalCount: number }; products: { totalCount: number } }>(
    '{ checkoutLinks { totalCount } prices(filter: { includeInline: true }) { totalCount } products { totalCount } }',
  );
  const d = res.body.data as { checkoutLinks: { totalCount: number }; prices: { totalCount: number }; products: { totalCount: number } };
  return { links: d.checkoutLinks.totalCount, prices: d.prices.totalCount, products: d.products.totalCount };
};

describe('LeanRails prices with product_data', () => {
  it('creates the product with the price (JSON and form), as Stripe does', async () => {
    const res = await lr.post('/v1/prices', {
      currency: 'eur',
      unit_amount: 1200,
      recurring: { interval: 'month' },
      product_data: { name: 'Gold plan', description: 'All of it', metadata: { tier: 'gold', rank: 1 }, images: ['https://example.com/a.png'] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'price', currency: 'eur', unit_amount: 1200, type: 'recurring' });
    expect(res.body.product).toMatch(/^prod_/);
    const product = await lr.get(`/v1/products/${res.body.product}`);
    expect(product.body).toMatchObject({
      object: 'product',
      name: 'Gold plan',
      description: 'All of it',
      active: true,
      metadata: { tier: 'gold', rank: '1' },
      images: ['https://example.com/a.png'],
    });
    expect((await lr.get(`/v1/prices?product=${res.body.product}`)).body.data.map((p: { id: string }) => p.id)).toEqual([res.body.id]);

    const form = await lr.post('/v1/prices', { currency: 'usd', unit_amount: '300', product_data: { name: 'Form made', active: 'false' } }, { form: true });
    expect(form.status).toBe(200);
    expect((await lr.get(`/v1/products/${form.body.product}`)).body).toMatchObject({ name: 'Form made', active: false });
  });

  it('refuses product and product_data together, neither, and bad product_data; writes nothing', async () => {
    const { product } = await productWithPrice(lr);
    const before = await counts();
    const cases: [unknown, number, string, string][] = [
      [{ product, product_data: { name: 'x' }, currency: 'usd', unit_amount: 1 }, 400, 'parameter_invalid', 'product_data'],
      [{ currency: 'usd', unit_amount: 1 }, 400, 'parameter_missing', 'product'],
      [{ product_data: {}, currency: 'usd', unit_amount: 1 }, 400, 'parameter_missing', 'product_data[name]'],
      [{ product_data: { name: 'x', tax_code: 'txcd_10000000' }, currency: 'usd', unit_amount: 1 }, 400, 'parameter_unknown', 'product_data[tax_code]'],
      [{ product_data: { name: 'x', images: ['not a url'] }, currency: 'usd', unit_amount: 1 }, 400, 'parameter_invalid', 'product_data[images][0]'],
      // The product is valid, the price is not (checked in the core): the product is rolled back.
      [{ product_data: { name: 'x' }, currency: 'usd', unit_amount_decimal: '1.5' }, 400, 'parameter_invalid', 'unit_amount_decimal'],
      [{ product_data: { name: 'x' }, currency: 'qqq', unit_amount: 1 }, 400, 'parameter_invalid', 'currency'],
      [{ product_data: { name: '   ' }, currency: 'usd', unit_amount: 1 }, 400, 'parameter_invalid', 'product_data[name]'],
    ];
    for (const [body, status, code, param] of cases) {
      const res = await lr.post('/v1/prices', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error, JSON.stringify(body)).toMatchObject({ type: 'invalid_request_error', code, param });
      expect(res.body.error.message, JSON.stringify(body)).not.toMatch(/productData|productId|unitAmount|lineItems/);
    }
    expect(await counts()).toEqual(before);
  });

  it('needs product:write as well as price:write for product_data', async () => {
    const key = await gw.keyWith(['price:write', 'price:read']);
    const res = await lr.post('/v1/prices', { product_data: { name: 'x' }, currency: 'usd', unit_amount: 1 }, { key });
    expect(res.status).toBe(403);
    expect(res.body.error.type).toBe('permission_error');
  });
});

describe('LeanRails price list filters', () => {
  it('filters by currency, product, active, type and lookup_keys in the query (has_more counts filtered rows only)', async () => {
    const a = (await lr.post('/v1/products', { name: 'Filter A' })).body.id;
    const b = (await lr.post('/v1/products', { name: 'Filter B' })).body.id;
    const made: Record<string, string> = {};
    for (const [name, body] of Object.entries({
      aUsd: { product: a, currency: 'usd', unit_amount: 1 },
      aEur: { product: a, currency: 'eur', unit_amount: 2, lookup_key: 'filter-a-eur' },
      aEurOff: { product: a, currency: 'eur', unit_amount: 3, active: false },
      bEurMonthly: { product: b, currency: 'eur', unit_amount: 4, recurring: { interval: 'month' } },
    }))
      made[name] = (await lr.post('/v1/prices', body)).body.id;
    const list = async (q: string) => (await lr.get(`/v1/prices?${q}`)).body.data.map((p: { id: string }) => p.id).sort();
    expect(await list(`product=${a}&currency=eur`)).toEqual([made.aEur, made.aEurOff].sort());
    expect(await list(`product=${a}&currency=EUR&active=true`)).toEqual([made.aEur]);
    expect(await list(`product=${a}&active=false`)).toEqual([made.aEurOff]);
    expect(await list(`product=${b}&type=recurring`)).toEqual([made.bEurMonthly]);
    expect(await list(`product=${b}&type=one_time`)).toEqual([]);
    expect(await list('lookup_keys[]=filter-a-eur&currency=eur')).toEqual([made.aEur]);
    expect(await list('product=prod_0000000000000000000000')).toEqual([]);
    // A page of one: has_more follows the filtered rows, not a page filtered in memory.
    const page = await lr.get(`/v1/prices?product=${a}&currency=eur&limit=1`);
    expect(page.body.data).toHaveLength(1);
    expect(page.body.has_more).toBe(true);
    const next = await lr.get(`/v1/prices?product=${a}&currency=eur&limit=1&starting_after=${page.body.next_cursor}`);
    expect(next.body).toMatchObject({ has_more: false });
    expect(next.body.data).toHaveLength(1);
    const bad = await lr.get('/v1/prices?type=weekly');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'parameter_invalid', param: 'type' });
  });
});

describe('LeanRails expand[]=line_items on checkout links', () => {
  const listShape = (linkId: string) => ({ object: 'list', has_more: false, url: `/v1/checkout_links/${linkId}/line_items` });

  it('expands line_items on create, retrieve, update and data.line_items on lists; absent otherwise', async () => {
    const { price } = await productWithPrice(lr, 'usd', 700);
    const created = await lr.post('/v1/checkout_links', { title: 'Expand', line_items: [{ price, quantity: 3 }], expand: ['line_items'] });
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    expect(created.body.line_items).toMatchObject(listShape(id));
    expect(created.body.line_items.data).toEqual([expect.objectContaining({ object: 'item', price, quantity: 3, amount_subtotal: 2100, currency: 'usd' })]);
    const sub = await lr.get(`/v1/checkout_links/${id}/line_items`);
    expect(created.body.line_items.data).toEqual(sub.body.data);

    const plain = await lr.get(`/v1/checkout_links/${id}`);
    expect(plain.body).not.toHaveProperty('line_items');
    for (const q of ['expand[]=line_items', 'expand[0]=line_items', 'expand=line_items']) {
      const got = await lr.get(`/v1/checkout_links/${id}?${q}`);
      expect(got.status, q).toBe(200);
      expect(got.body.line_items, q).toEqual(created.body.line_items);
    }
    const form = await lr.post(`/v1/checkout_links/${id}`, { metadata: { k: 'v' }, expand: ['line_items'] }, { form: true });
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ metadata: { k: 'v' }, line_items: listShape(id) });

    const list = await lr.get('/v1/checkout_links?limit=3&expand[]=data.line_items');
    expect(list.status).toBe(200);
    const mine = list.body.data.find((l: { id: string }) => l.id === id);
    expect(mine.line_items).toEqual(created.body.line_items);
    for (const l of list.body.data) expect(l.line_items).toMatchObject({ object: 'list', url: `/v1/checkout_links/${l.id}/line_items` });
    expect((await lr.get('/v1/checkout_links?limit=3')).body.data[0]).not.toHaveProperty('line_items');
  });

  it('shows the first page of 10 with has_more when a link has more items', async () => {
    const items = [];
    for (let i = 0; i < 12; i++) items.push({ price: (await productWithPrice(lr, 'usd', 100 + i)).price, quantity: 1 });
    const created = await lr.post('/v1/checkout_links', { title: 'Many', line_items: items, expand: ['line_items'] });
    expect(created.status).toBe(200);
    expect(created.body.line_items.data).toHaveLength(10);
    expect(created.body.line_items.has_more).toBe(true);
    const sub = await lr.get(`/v1/checkout_links/${created.body.id}/line_items`);
    expect(created.body.line_items.data).toEqual(sub.body.data);
    expect(created.body.line_items.next_cursor).toBe(sub.body.next_cursor);
  });

  it('refuses paths it cannot expand with Stripe invalid_request_error, and writes nothing', async () => {
    const { price } = await productWithPrice(lr);
    const link = (await lr.post('/v1/checkout_links', { title: 'X', line_items: [{ price, quantity: 1 }] })).body;
    const cases: [string, () => Promise<{ status: number; body: any }>, string][] = [
      ['retrieve foo', () => lr.get(`/v1/checkout_links/${link.id}?expand[]=foo`), 'This property cannot be expanded (foo).'],
      [
        'retrieve data.line_items',
        () => lr.get(`/v1/checkout_links/${link.id}?expand[]=data.line_items`),
        'This property cannot be expanded (data.line_items).',
      ],
      [
        'list line_items',
        () => lr.get('/v1/checkout_links?expand[]=line_items'),
        "This property cannot be expanded (line_items). You may want to try expanding 'data.line_items' instead.",
      ],
      [
        'update nested',
        () => lr.post(`/v1/checkout_links/${link.id}`, { active: false, expand: ['line_items.data.price'] }),
        'This property cannot be expanded (line_items.data.price).',
      ],
      [
        'create foo',
        () => lr.post('/v1/checkout_links', { title: 'Y', line_items: [{ price, quantity: 1 }], expand: ['customer'] }),
        'This property cannot be expanded (customer).',
      ],
    ];
    const before = await counts();
    for (const [name, call, message] of cases) {
      const res = await call();
      expect(res.status, name).toBe(400);
      expect(res.body.error, name).toMatchObject({ type: 'invalid_request_error', code: 'parameter_invalid', param: 'expand', message });
    }
    expect(await counts()).toEqual(before);
    expect((await lr.get(`/v1/checkout_links/${link.id}`)).body.active).toBe(true);
    const tooMany = await lr.get(`/v1/checkout_links/${link.id}?${Array.from({ length: 11 }, () => 'expand[]=line_items').join('&')}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.param).toBe('expand');
  });
});

describe('LeanRails error params and messages in the client notation', () => {
  it('a mixed-currency link names line_items, never lineItems, in param and message', async () => {
    const usd = await productWithPrice(lr, 'usd');
    const eur = await productWithPrice(lr, 'eur');
    const res = await lr.post('/v1/checkout_links', {
      title: 'Mixed',
      line_items: [
        { price: usd.price, quantity: 1 },
        { price: eur.price, quantity: 1 },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.error.param).toBe('line_items');
    expect(res.body.error.message).toMatch(/^line_items/);
    expect(res.body.error.message).not.toMatch(/lineItems|priceId|productId/);
  });
});
