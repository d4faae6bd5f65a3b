import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
let productId: string;
let eurPriceId: string;
let usdPriceId: string;

const LINK_FIELDS = /* GraphQL */ `
  id slug title description active mode currency source url livemode metadata affiliateCode inactiveMessage
  completedSessionsCount completedSessions { limit count }
  salesChannel { id name }
  settings { couponsAllowed forceCompany quantityEditable trialDays billingAddressCollection submitType paymentMethodTypes threeDsLevel
    paymentMethodConfiguration { enabled disabled includePlatformDefaults } }
  afterCompletion { type redirectUrl message backToProviderUrl }
  plan { id } planTier { id }
  lineItems { id type position quantity amountSubtotal currency description adjustableQuantity { enabled minimum maximum }
    periods { contractPeriod cancellationPeriod } product { id name kind } price { id inline unitAmount currency } checkoutLink { id } }
`;
const CREATE = `mutation ($input: CreateCheckoutLinkInput!) { createCheckoutLink(input: $input) {
  checkoutLink { ${LINK_FIELDS} } userErrors { code reason message path } } }`;

async function create(input: Record<string, unknown>, key?: string) {
  const res = await gw.graphql(CREATE, { input }, key);
  expect(res.body.errors).toBeUndefined();
  return (res.body.data as any).createCheckoutLink as { checkoutLink: any; userErrors: any[] };
}

async function createOk(input: Record<string, unknown>, key?: string) {
  const r = await create(input, key);
  expect(r.userErrors).toEqual([]);
  return r.checkoutLink;
}

beforeAll(async () => {
  gw = await startGateway();
  const p = await gw.graphql(`mutation { createProduct(input: { name: "Seat", kind: ONE_TIME, defaultPrice: { currency: "eur", unitAmount: 1500 } }) { product { id defaultPrice { id } } } }`);
  productId = (p.body.data as any).createProduct.product.id;
  eurPriceId = (p.body.data as any).createProduct.product.defaultPrice.id;
  const u = await gw.graphql(`mutation ($p: ID!) { createPrice(input: { productId: $p, currency: "usd", unitAmount: 900 }) { price { id } } }`, { p: productId });
  usdPriceId = (u.body.data as any).createPrice.price.id;
});
afterAll(async () => {
  await gw?.close();
});

describe('ITEMS checkout links', () => {
  it('creates a link from a price and inline price data, and reads it back by id and slug', async () => {
    const link = await createOk({
      slug: 'seat-offer',
      title: 'Seat offer',
      description: 'Two seats',
      metadata: { campaign: 'x' },
      settings: { couponsAllowed: true, quantityEditable: true, billingAddressCollection: 'REQUIRED', submitType: 'PAY', paymentMethodTypes: ['card'] },
      afterCompletion: { type: 'REDIRECT', redirectUrl: 'https://example.com/done?s={CHECKOUT_SESSION_ID}' },
      completedSessionsLimit: 10,
      lineItems: [
        { priceId: eurPriceId, quantity: 2, adjustableQuantity: { enabled: true, minimum: 1, maximum: 5 } },
        { type: 'PRICE', priceData: { productName: 'Setup fee', currency: 'eur', unitAmountDecimal: '49.90' }, description: 'once' },
        { productId, priceData: { currency: 'EUR', unitAmount: 100, recurring: { interval: 'MONTH' } }, periods: [{ contractPeriod: '12M' }] },
      ],
    });
    expect(link).toMatchObject({
      slug: 'seat-offer', title: 'Seat offer', active: true, mode: 'PAYMENT', currency: 'EUR', source: 'ITEMS', livemode: false,
      url: 'http://gateway.test/checkout-link/seat-offer/cart', metadata: { campaign: 'x' }, plan: null, planTier: null,
      completedSessions: { limit: 10, count: 0 }, completedSessionsCount: 0,
      salesChannel: { name: 'default' },
      settings: { couponsAllowed: true, forceCompany: false, quantityEditable: true, trialDays: null, billingAddressCollection: 'REQUIRED', submitType: 'PAY', paymentMethodTypes: ['card'] },
      afterCompletion: { type: 'REDIRECT', redirectUrl: 'https://example.com/done?s={CHECKOUT_SESSION_ID}', message: null },
    });
    const [a, b, c] = link.lineItems;
    expect(a).toMatchObject({ type: 'PRICE', position: 0, quantity: 2, amountSubtotal: 3000, currency: 'EUR', adjustableQuantity: { enabled: true, minimum: 1, maximum: 5 }, product: { id: productId }, price: { id: eurPriceId, inline: false } });
    expect(b).toMatchObject({ type: 'PRICE', position: 1, quantity: 1, amountSubtotal: 4990, description: 'once', adjustableQuantity: null, product: { name: 'Setup fee', kind: 'ONE_TIME' }, price: { inline: true, unitAmount: 4990 } });
    expect(c).toMatchObject({ type: 'PRODUCT', position: 2, product: { id: productId }, price: { inline: true, unitAmount: 100 }, periods: [{ contractPeriod: '12M', cancellationPeriod: null }] });
    expect(a.checkoutLink.id).toBe(link.id);

    const byId = await gw.graphql(`query ($id: ID) { checkoutLink(id: $id) { ${LINK_FIELDS} } }`, { id: link.id });
    expect((byId.body.data as any).checkoutLink).toEqual(link);
    const bySlug = await gw.graphql(`query ($s: String) { checkoutLink(slug: $s) { id } }`, { s: 'seat-offer' });
    expect((bySlug.body.data as any).checkoutLink.id).toBe(link.id);
    const node = await gw.graphql(`query ($id: ID!) { node(id: $id) { ... on CheckoutLink { slug } } }`, { id: link.id });
    expect((node.body.data as any).node.slug).toBe('seat-offer');

    const item = await gw.graphql(`query ($id: ID!) { lineItem(id: $id) { id quantity checkoutLink { slug } } }`, { id: a.id });
    expect((item.body.data as any).lineItem).toMatchObject({ id: a.id, quantity: 2, checkoutLink: { slug: 'seat-offer' } });
    const items = await gw.graphql(`query ($id: ID!) { lineItems(checkoutLinkId: $id, first: 2) { nodes { id position } pageInfo { hasNextPage endCursor } totalCount } }`, { id: link.id });
    const conn = (items.body.data as any).lineItems;
    expect(conn.nodes.map((n: any) => n.position)).toEqual([0, 1]);
    expect(conn).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    const rest = await gw.graphql(`query ($id: ID!, $a: String) { lineItems(checkoutLinkId: $id, first: 2, after: $a) { nodes { id position } pageInfo { hasNextPage } } }`, { id: link.id, a: conn.pageInfo.endCursor });
    expect((rest.body.data as any).lineItems).toEqual({ nodes: [{ id: c.id, position: 2 }], pageInfo: { hasNextPage: false } });
  });

  it('defaults: generated slug from the title with -2 on collision, default sales channel, PAYMENT mode', async () => {
    const one = await createOk({ title: 'Summer Sale!', lineItems: [{ priceId: usdPriceId }] });
    const two = await createOk({ title: 'Summer sale', lineItems: [{ priceId: usdPriceId }] });
    const three = await createOk({ title: 'summer  SALE', lineItems: [{ priceId: usdPriceId }] });
    expect([one.slug, two.slug, three.slug]).toEqual(['summer-sale', 'summer-sale-2', 'summer-sale-3']);
    expect(one).toMatchObject({ mode: 'PAYMENT', currency: 'USD', salesChannel: { name: 'default' }, settings: { couponsAllowed: null, submitType: 'AUTO', billingAddressCollection: 'AUTO' }, afterCompletion: { type: 'DEFAULT' }, completedSessions: null });
    const untitled = await createOk({ lineItems: [{ priceId: usdPriceId }] });
    expect(untitled.slug).toMatch(/^[a-z0-9]{6,}$/);
  });

  it('creates a SETUP link without items', async () => {
    const link = await createOk({ mode: 'SETUP', currency: 'usd' });
    expect(link).toMatchObject({ mode: 'SETUP', source: 'PLAN', plan: null, lineItems: [], currency: 'USD' });
  });
});
