import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { counts, createPrice, expectConstraintViolations, expectHydraError, fynn, ISO_OFFSET, UUID } from './helpers.ts';

let gw: TestGateway;
let seat: { productId: string; priceId: string };
beforeAll(async () => {
  gw = await startGateway();
  seat = await createPrice(gw, gw.orgA.testKey, { name: 'Seat' });
});
afterAll(async () => {
  await gw?.close();
});

/** A request in the style of Fynn's generated classic example (F10): booleans "1"/"", numbers as strings. */
const exampleBody = () => ({
  name: 'Spring offer',
  slug: 'spring-offer',
  isEnabled: '1',
  items: [{ type: 'product', product: seat.productId, price: seat.priceId, quantity: '2', periods: [{ contractPeriod: '12M', cancellationPeriod: '1M' }] }],
  options: { allowCoupons: '1', forceCompany: '', quantityEditable: '1', trialDays: '14' },
  afterCheckout: { action: 'redirect', url: 'https://example.com/thanks', confirmationMessage: 'Thank you!', backToProviderUrl: 'https://example.com' },
});

function expectClassicLink(link: any) {
  expect(link).toEqual({
    id: expect.stringMatching(UUID),
    name: expect.toBeOneOf([expect.any(String), null]),
    slug: expect.any(String),
    url: expect.stringMatching(/\/checkout-link\/[a-z0-9-]+\/cart$/),
    isEnabled: expect.any(Boolean),
    options: {
      allowCoupons: expect.any(Boolean),
      forceCompany: expect.any(Boolean),
      quantityEditable: expect.any(Boolean),
      trialDays: expect.toBeOneOf([expect.any(Number), null]),
    },
    afterCheckout: {
      action: expect.stringMatching(/^(redirect|confirmation_message)$/),
      url: expect.toBeOneOf([expect.any(String), null]),
      confirmationMessage: expect.toBeOneOf([expect.any(String), null]),
      backToProviderUrl: expect.toBeOneOf([expect.any(String), null]),
    },
    items: expect.any(Array),
    createdAt: expect.stringMatching(ISO_OFFSET),
  });
}

describe('Fynn classic checkout links', () => {
  it('creates a link from the string-typed example (201) and reads it back', async () => {
    const res = await fynn(gw, 'POST', '/checkout-links', exampleBody());
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const link = res.json();
    expectClassicLink(link);
    expect(link).toMatchObject({
      name: 'Spring offer',
      slug: 'spring-offer',
      isEnabled: true,
      url: `${gw.publicUrl}/checkout-link/spring-offer/cart`,
      options: { allowCoupons: true, forceCompany: false, quantityEditable: true, trialDays: 14 },
      afterCheckout: { action: 'redirect', url: 'https://example.com/thanks', backToProviderUrl: 'https://example.com' },
    });
    expect(link.items).toEqual([
      {
        id: expect.stringMatching(UUID),
        type: 'product',
        product: seat.productId,
        plan: null,
        price: seat.priceId,
        quantity: 2,
        periods: [{ contractPeriod: '12M', cancellationPeriod: '1M' }],
      },
    ]);
    const got = await fynn(gw, 'GET', `/checkout-links/${link.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(link);
    const g = await gw.graphql<any>('query ($id: ID!) { checkoutLink(id: $id) { slug url source settings { couponsAllowed trialDays } } }', { id: link.id });
    expect(g.body.data.checkoutLink).toEqual({ slug: 'spring-offer', url: link.url, source: 'ITEMS', settings: { couponsAllowed: true, trialDays: 14 } });
  });

  it('accepts couponsAllowed as well, real booleans, and a confirmation message', async () => {
    const res = await fynn(gw, 'POST', '/checkout-links', {
      name: 'Plain',
      items: [{ type: 'product', product: seat.productId, price: seat.priceId, quantity: 1 }],
      options: { couponsAllowed: true, trialDays: 0 },
      afterCheckout: { action: 'confirmation_message', confirmationMessage: 'Danke!' },
      isEnabled: false,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      isEnabled: false,
      options: { allowCoupons: true, trialDays: 0 },
      afterCheckout: { action: 'confirmation_message', confirmationMessage: 'Danke!', url: null },
    });
    expect(res.json().slug).toMatch(/^[a-z0-9-]{3,}$/);
  });

  it('updates (PUT 200), lists as a hydra collection with page/itemsPerPage, deletes (204)', async () => {
    const link = (await fynn(gw, 'POST', '/checkout-links', { ...exampleBody(), slug: 'to-update' })).json();
    const put = await fynn(gw, 'PUT', `/checkout-links/${link.id}`, { name: 'Renamed', isEnabled: '', options: { allowCoupons: '' } });
    expect(put.statusCode).toBe(200);
    expectClassicLink(put.json());
    expect(put.json()).toMatchObject({ name: 'Renamed', isEnabled: false, options: { allowCoupons: false, trialDays: 14 }, slug: 'to-update' });

    const total = (await counts(gw)).links;
    const page1 = await fynn(gw, 'GET', '/checkout-links?page=1&itemsPerPage=2');
    expect(page1.statusCode).toBe(200);
    const body = page1.json();
    expect(body['hydra:totalItems']).toBe(total);
    expect(body['hydra:member']).toHaveLength(2);
    body['hydra:member'].forEach(expectClassicLink);
    expect(body['hydra:member'][0].id).toBe(link.id);
    expect(body['hydra:view']).toMatchObject({
      '@id': '/checkout-links?itemsPerPage=2&page=1',
      'hydra:first': '/checkout-links?itemsPerPage=2&page=1',
      'hydra:last': `/checkout-links?itemsPerPage=2&page=${Math.ceil(total / 2)}`,
      'hydra:next': '/checkout-links?itemsPerPage=2&page=2',
    });
    expect(body['hydra:view']['hydra:previous']).toBeUndefined();
    const page2 = (await fynn(gw, 'GET', '/checkout-links?page=2&itemsPerPage=2')).json();
    expect(page2['hydra:view']['hydra:previous']).toBe('/checkout-links?itemsPerPage=2&page=1');
    expect(page2['hydra:member'].map((l: any) => l.id)).not.toContain(link.id);
    expectConstraintViolations(await fynn(gw, 'GET', '/checkout-links?page=0'), ['page']);

    const del = await fynn(gw, 'DELETE', `/checkout-links/${link.id}`);
    expect(del.statusCode).toBe(204);
    expect(del.body).toBe('');
    expectHydraError(await fynn(gw, 'GET', `/checkout-links/${link.id}`), 404);
    expectHydraError(await fynn(gw, 'DELETE', `/checkout-links/${link.id}`), 404);
    expectHydraError(await fynn(gw, 'PUT', `/checkout-links/${link.id}`, { name: 'x' }), 404);
  });

  it('refuses bad input with the API Platform shapes, no 500, no row left', async () => {
    const before = await counts(gw);
    expectConstraintViolations(await fynn(gw, 'POST', '/checkout-links', { name: 'No items' }), ['items']);
    expectConstraintViolations(await fynn(gw, 'POST', '/checkout-links', { items: [{ type: 'product', quantity: 1 }] }), [
      'items[0].product',
      'items[0].price',
    ]);
    expectConstraintViolations(await fynn(gw, 'POST', '/checkout-links', { items: [{ type: 'plan', price: seat.priceId }] }), ['items[0].plan']);
    expectConstraintViolations(await fynn(gw, 'POST', '/checkout-links', { ...exampleBody(), afterCheckout: { action: 'redirect' } }), ['afterCheckout.url']);
    expectConstraintViolations(
      await fynn(gw, 'POST', '/checkout-links', { ...exampleBody(), afterCheckout: { action: 'confirmation_message', confirmationMessage: 'x'.repeat(256) } }),
      ['afterCheckout.confirmationMessage'],
    );
    expectConstraintViolations(await fynn(gw, 'POST', '/checkout-links', { ...exampleBody(), slug: 'Not A Slug' }), ['slug']);
    expectConstraintViolations(await fynn(gw, 'POST', '/checkout-links', { ...exampleBody(), options: { trialDays: 'two weeks', forceCompany: 'maybe' } }), [
      'options.trialDays',
      'options.forceCompany',
    ]);
    expectConstraintViolations(
      await fynn(gw, 'POST', '/checkout-links', {
        ...exampleBody(),
        items: [{ type: 'product', product: seat.productId, price: '0190a1b2-0000-7000-8000-000000000000', quantity: 1 }],
      }),
      ['items[0].price'],
    );
    expectConstraintViolations(await fynn(gw, 'POST', '/checkout-links', { name: 42, items: 'none' }), ['name', 'items']);
    expectHydraError(await fynn(gw, 'POST', '/checkout-links', undefined, gw.orgA.testKey, '{"name": "x"'), 400);
    await fynn(gw, 'POST', '/checkout-links', { ...exampleBody(), slug: 'taken-slug' });
    const mid = await counts(gw);
    expectHydraError(await fynn(gw, 'POST', '/checkout-links', { ...exampleBody(), slug: 'taken-slug' }), 409);
    expect(await counts(gw)).toEqual(mid);
    expect(mid.links).toBe(before.links + 1);
  });

  it('401 without a token, 403 without the permission (even for unknown ids), 404 for another organisation', async () => {
    expectHydraError(await fynn(gw, 'GET', '/checkout-links', undefined, null), 401);
    expectHydraError(await fynn(gw, 'POST', '/checkout-links', exampleBody(), 'sk_test_invalid'), 401);
    const reader = await gw.keyWith(['checkout-link:read']);
    const before = await counts(gw);
    expectHydraError(await fynn(gw, 'POST', '/checkout-links', { ...exampleBody(), slug: 'not-allowed' }, reader), 403);
    expectHydraError(await fynn(gw, 'DELETE', '/checkout-links/0190a1b2-0000-7000-8000-000000000000', undefined, reader), 403);
    expectHydraError(await fynn(gw, 'GET', '/checkout-links', undefined, await gw.keyWith(['checkout-link:write'])), 403);
    expect(await counts(gw)).toEqual(before);

    const bPrice = await createPrice(gw, gw.orgB.testKey);
    const bLink = (
      await fynn(
        gw,
        'POST',
        '/checkout-links',
        { items: [{ type: 'product', product: bPrice.productId, price: bPrice.priceId, quantity: 1 }] },
        gw.orgB.testKey,
      )
    ).json();
    expectHydraError(await fynn(gw, 'GET', `/checkout-links/${bLink.id}`), 404);
    expectHydraError(await fynn(gw, 'PUT', `/checkout-links/${bLink.id}`, { name: 'mine now' }), 404);
    expectHydraError(await fynn(gw, 'DELETE', `/checkout-links/${bLink.id}`), 404);
    expectHydraError(await fynn(gw, 'GET', '/checkout-links/not-a-uuid'), 404);
    expectHydraError(await fynn(gw, 'GET', '/no-such-route'), 404);
  });

  it('makes a cart from a link (201 {cartId, customerId, url}) with cart:write', async () => {
    const link = (await fynn(gw, 'POST', '/checkout-links', { ...exampleBody(), slug: 'cart-me' })).json();
    const res = await fynn(gw, 'POST', `/checkout-links/${link.id}/cart`, { customerId: 'cus-42', metadata: [] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ cartId: expect.stringMatching(UUID), customerId: 'cus-42', url: expect.stringMatching(/^https?:\/\//) });
    const g = await gw.graphql<any>('query ($id: ID!) { checkoutSession(id: $id) { id checkoutLink { id } customerId } }', { id: res.json().cartId });
    expect(g.body.data.checkoutSession).toEqual({ id: res.json().cartId, checkoutLink: { id: link.id }, customerId: 'cus-42' });

    expectHydraError(await fynn(gw, 'POST', `/checkout-links/${link.id}/cart`, {}, await gw.keyWith(['checkout-link:write', 'checkout-link:read'])), 403);
    expectHydraError(await fynn(gw, 'POST', '/checkout-links/0190a1b2-0000-7000-8000-000000000000/cart', {}), 404);
    const off = (await fynn(gw, 'POST', '/checkout-links', { ...exampleBody(), slug: 'cart-off', isEnabled: false })).json();
    const refused = await fynn(gw, 'POST', `/checkout-links/${off.id}/cart`, {});
    expectHydraError(refused, 422);
  });
});
