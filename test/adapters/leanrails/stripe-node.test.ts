// stripe-node, unchanged (npm `stripe`), against the LeanRails face at the root of a port of its
// own (what LEANRAILS_PORT starts): products and prices created, retrieved, updated, listed with
// auto-paging and deleted, through the client's own host/port/protocol options and no proxy.
import type { Server } from 'node:http';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeFace, faceServer, listenFace } from '../../../src/http/face-ports.ts';
import { startGateway, type TestGateway } from '../../support/gateway.ts';

let gw: TestGateway;
let server: Server;
let stripe: Stripe;

beforeAll(async () => {
  gw = await startGateway();
  server = faceServer(gw.app, 'leanrails');
  const port = await listenFace(server, 0, '127.0.0.1');
  stripe = new Stripe(gw.orgA.testKey, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
});
afterAll(async () => {
  if (server) await closeFace(server);
  await gw?.close();
});

describe('stripe-node against the root-mounted LeanRails face', () => {
  const productIds: string[] = [];

  it('creates, retrieves and updates products', async () => {
    const product = await stripe.products.create({ name: 'Headphones', description: 'Over-ear', metadata: { sku: 'HP-1' } });
    expect(product).toMatchObject({ object: 'product', name: 'Headphones', description: 'Over-ear', active: true, livemode: false, metadata: { sku: 'HP-1' } });
    expect(product.id).toMatch(/^prod_/);
    productIds.push(product.id);
    expect((await stripe.products.retrieve(product.id)).name).toBe('Headphones');
    const updated = await stripe.products.update(product.id, { name: 'Headphones Pro', metadata: { colour: 'black' } });
    expect(updated).toMatchObject({ name: 'Headphones Pro', metadata: { sku: 'HP-1', colour: 'black' } });
  });

  it('lists products with auto-paging across pages', async () => {
    for (let i = 0; i < 4; i++) productIds.push((await stripe.products.create({ name: `Item ${i}` })).id);
    const seen: string[] = [];
    for await (const product of stripe.products.list({ limit: 2 })) seen.push(product.id);
    expect(seen.length).toBe(5);
    expect(new Set(seen)).toEqual(new Set(productIds));
    const firstPage = await stripe.products.list({ limit: 2 });
    expect(firstPage).toMatchObject({ object: 'list', has_more: true });
    expect(firstPage.data).toHaveLength(2);
  });

  it('creates, retrieves, updates and lists prices with auto-paging', async () => {
    const product = productIds[0] ?? '';
    const monthly = await stripe.prices.create({
      product,
      currency: 'eur',
      unit_amount: 1999,
      recurring: { interval: 'month' },
      nickname: 'Monthly',
      lookup_key: 'hp-monthly',
    });
    expect(monthly).toMatchObject({
      object: 'price',
      product,
      currency: 'eur',
      unit_amount: 1999,
      type: 'recurring',
      recurring: { interval: 'month', interval_count: 1 },
      nickname: 'Monthly',
    });
    expect(monthly.id).toMatch(/^price_/);
    expect((await stripe.prices.retrieve(monthly.id)).unit_amount).toBe(1999);
    const updated = await stripe.prices.update(monthly.id, { nickname: 'Monthly plan', metadata: { tier: 'gold' } });
    expect(updated).toMatchObject({ nickname: 'Monthly plan', metadata: { tier: 'gold' } });
    const created = [monthly.id];
    for (let i = 0; i < 3; i++) created.push((await stripe.prices.create({ product, currency: 'eur', unit_amount: 500 + i })).id);
    const seen: string[] = [];
    for await (const price of stripe.prices.list({ product, limit: 2 })) seen.push(price.id);
    expect(new Set(seen)).toEqual(new Set(created));
    // Filters: lookup_keys (stripe-node sends lookup_keys[0]=…), type, currency, product, active.
    expect((await stripe.prices.list({ lookup_keys: ['hp-monthly', 'nope'] })).data.map((p) => p.id)).toEqual([monthly.id]);
    expect((await stripe.prices.list({ product, type: 'recurring' })).data.map((p) => p.id)).toEqual([monthly.id]);
    expect((await stripe.prices.list({ product, type: 'one_time', limit: 10 })).data).toHaveLength(3);
    expect((await stripe.prices.list({ product, currency: 'usd' })).data).toHaveLength(0);
    const raw = await gw.inject({
      url: '/leanrails/v1/prices?lookup_keys[]=hp-monthly&type=recurring',
      headers: { authorization: `Bearer ${gw.orgA.testKey}` },
    });
    expect(raw.json().data.map((p: { id: string }) => p.id)).toEqual([monthly.id]);
    const archived = await stripe.prices.update(monthly.id, { active: false });
    expect(archived.active).toBe(false);
  });

  it('deletes a product without prices; refuses one with prices, as Stripe does', async () => {
    const lonely = productIds[1] ?? '';
    const deleted = await stripe.products.del(lonely);
    expect(deleted).toEqual({ id: lonely, object: 'product', deleted: true });
    await expect(stripe.products.retrieve(lonely)).rejects.toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing' });
    await expect(stripe.products.del(productIds[0] ?? '')).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'resource_in_use',
    });
    expect((await stripe.products.retrieve(productIds[0] ?? '')).id).toBe(productIds[0]);
  });

  it("creates a price with product_data, and expands a checkout link's line_items (rawRequest: stripe-node has no checkout_links resource)", async () => {
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 450, product_data: { name: 'Inline mug', metadata: { sku: 'MUG' } } });
    expect(price.product).toMatch(/^prod_/);
    const product = await stripe.products.retrieve(price.product as string);
    expect(product).toMatchObject({ name: 'Inline mug', metadata: { sku: 'MUG' }, active: true });
    expect((await stripe.prices.list({ product: product.id, currency: 'usd', active: true })).data.map((p) => p.id)).toEqual([price.id]);
    await expect(stripe.prices.create({ currency: 'usd', unit_amount: 1, product_data: { name: 'x', tax_code: 'txcd_99999999' } })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      param: 'product_data[tax_code]',
    });

    const link = await stripe.rawRequest('POST', '/v1/checkout_links', {
      title: 'Mugs',
      line_items: [{ price: price.id, quantity: 2 }],
      expand: ['line_items'],
    });
    expect(link.line_items).toMatchObject({ object: 'list', has_more: false, url: `/v1/checkout_links/${link.id}/line_items` });
    expect(link.line_items.data).toEqual([expect.objectContaining({ price: price.id, quantity: 2, amount_subtotal: 900 })]);
    // rawRequest takes GET parameters in the path: written as stripe-node encodes them (expand[0]=…).
    const read = await stripe.rawRequest('GET', `/v1/checkout_links/${link.id}?expand%5B0%5D=line_items`);
    expect(read.line_items).toEqual(link.line_items);
    const list = await stripe.rawRequest('GET', '/v1/checkout_links?limit=1&expand%5B0%5D=data.line_items');
    expect(list.data[0].line_items.data).toEqual(link.line_items.data);
    await expect(stripe.rawRequest('GET', `/v1/checkout_links/${link.id}?expand%5B0%5D=customer`)).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      param: 'expand',
      message: 'This property cannot be expanded (customer).',
    });
  });

  it("answers errors in the shape stripe-node reads, with the client's param", async () => {
    await expect(stripe.prices.create({ product: productIds[2] ?? '', currency: 'eur', unit_amount: -5 })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      param: 'unit_amount',
    });
    const unknown = new Stripe('sk_test_nope', {
      host: '127.0.0.1',
      port: (server.address() as { port: number }).port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    await expect(unknown.products.list()).rejects.toMatchObject({ type: 'StripeAuthenticationError', statusCode: 401 });
  });
});
