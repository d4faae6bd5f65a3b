import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

const CREATE_PRODUCT = /* GraphQL */ `
  mutation ($input: CreateProductInput!) {
    createProduct(input: $input) {
      product { id name kind active livemode defaultPrice { id currency unitAmount unitAmountDecimal currencyDigits recurring { interval intervalCount } } }
      userErrors { code reason message path }
    }
  }
`;

describe('catalog through GraphQL', () => {
  it('creates a product with a default price in exact minor units', async () => {
    const { body } = await gw.graphql(CREATE_PRODUCT, {
      input: { name: 'Pro', defaultPrice: { currency: 'eur', unitAmountDecimal: '49.90', recurring: { interval: 'MONTH' } } },
    });
    expect(body.errors).toBeUndefined();
    const product = (body.data as any).createProduct.product;
    expect(product).toMatchObject({ name: 'Pro', kind: 'RECURRING', active: true, livemode: false });
    expect(product.defaultPrice).toMatchObject({
      currency: 'EUR',
      unitAmount: 4990,
      unitAmountDecimal: '49.90',
      currencyDigits: 2,
      recurring: { interval: 'MONTH', intervalCount: 1 },
    });
  });

  it('uses the currency digits of Intl (JPY has none)', async () => {
    const { body } = await gw.graphql(CREATE_PRODUCT, { input: { name: 'Yen', defaultPrice: { currency: 'JPY', unitAmountDecimal: '1500' } } });
    expect((body.data as any).createProduct.product.defaultPrice).toMatchObject({ unitAmount: 1500, unitAmountDecimal: '1500', currencyDigits: 0 });
    const bad = await gw.graphql(CREATE_PRODUCT, { input: { name: 'Yen', defaultPrice: { currency: 'JPY', unitAmountDecimal: '15.5' } } });
    expect((bad.body.data as any).createProduct.userErrors[0]).toMatchObject({
      code: 'VALIDATION',
      reason: 'AMOUNT__INVALID',
      path: ['input', 'defaultPrice', 'unitAmountDecimal'],
    });
  });

  it('answers bad input with user errors and leaves no row behind', async () => {
    const before = (await gw.graphql('{ products { totalCount } prices { totalCount } }')).body.data as any;
    const { body } = await gw.graphql(CREATE_PRODUCT, { input: { name: ' ', defaultPrice: { currency: 'XXQ', unitAmount: -5 } } });
    const errors = (body.data as any).createProduct.userErrors;
    expect(errors.map((e: any) => e.path.join('.'))).toEqual(expect.arrayContaining(['input.name', 'input.defaultPrice.unitAmount']));
    const long = await gw.graphql(CREATE_PRODUCT, { input: { name: 'x'.repeat(256) } });
    expect((long.body.data as any).createProduct.userErrors[0].reason).toBe('VALUE__TOO_LONG');
    const cur = await gw.graphql(CREATE_PRODUCT, { input: { name: 'ok', defaultPrice: { currency: 'XXQ', unitAmount: 5 } } });
    expect((cur.body.data as any).createProduct.userErrors[0].reason).toBe('CURRENCY__UNKNOWN');
    const after = (await gw.graphql('{ products { totalCount } prices { totalCount } }')).body.data as any;
    expect(after).toEqual(before);
  });

  it('rejects an unknown enum value and a wrong type without a 500', async () => {
    const res = await gw.graphql(CREATE_PRODUCT, { input: { name: 'x', kind: 'NOPE' } });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const wrong = await gw.graphql(CREATE_PRODUCT, { input: { name: 42 } });
    expect(wrong.status).toBe(400);
  });

  it('creates, updates and archives prices; lists with cursors', async () => {
    const p = await gw.graphql(CREATE_PRODUCT, { input: { name: 'Seats' } });
    const productId = (p.body.data as any).createProduct.product.id;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await gw.graphql(`mutation ($input: CreatePriceInput!) { createPrice(input: $input) { price { id unitAmount } userErrors { reason } } }`, {
        input: { productId, currency: 'usd', unitAmount: 100 * (i + 1), taxBehavior: 'EXCLUSIVE' },
      });
      ids.push((r.body.data as any).createPrice.price.id);
    }
    const page1 = await gw.graphql(
      `query ($p: ID) { prices(first: 2, filter: { productId: $p }) { nodes { id } pageInfo { hasNextPage endCursor } totalCount } }`,
      { p: productId },
    );
    const c1 = (page1.body.data as any).prices;
    expect(c1.nodes.map((n: any) => n.id)).toEqual([ids[4], ids[3]]);
    expect(c1.totalCount).toBe(5);
    const page2 = await gw.graphql(
      `query ($p: ID, $a: String) { prices(first: 2, after: $a, filter: { productId: $p }) { nodes { id } pageInfo { hasNextPage hasPreviousPage } } }`,
      { p: productId, a: c1.pageInfo.endCursor },
    );
    expect((page2.body.data as any).prices.nodes.map((n: any) => n.id)).toEqual([ids[2], ids[1]]);
    const upd = await gw.graphql(`mutation ($id: ID!) { archivePrice(id: $id) { price { active } } }`, { id: ids[0] });
    expect((upd.body.data as any).archivePrice.price.active).toBe(false);
    const badCursor = await gw.graphql(`{ prices(after: "nope") { totalCount } }`);
    expect(badCursor.body.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });

  it('refuses a price for a product of another organisation (not found)', async () => {
    const p = await gw.graphql(CREATE_PRODUCT, { input: { name: 'B only' } }, gw.orgB.testKey);
    const productId = (p.body.data as any).createProduct.product.id;
    const r = await gw.graphql(`mutation ($input: CreatePriceInput!) { createPrice(input: $input) { price { id } userErrors { code reason path } } }`, {
      input: { productId, currency: 'usd', unitAmount: 1 },
    });
    expect((r.body.data as any).createPrice.userErrors[0]).toMatchObject({ code: 'NOT_FOUND', path: ['input', 'productId'] });
    const read = await gw.graphql(`query ($id: ID!) { product(id: $id) { id } node(id: $id) { id } }`, { id: productId });
    expect(read.body.data).toEqual({ product: null, node: null });
  });

  it('refuses a key without the scope', async () => {
    const key = await gw.keyWith(['product:read']);
    const r = await gw.graphql(CREATE_PRODUCT, { input: { name: 'x' } }, key);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
