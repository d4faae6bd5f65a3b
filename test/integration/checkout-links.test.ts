import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_FIELDS, linkApi } from '../support/checkout-link-fixtures.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
let productId: string;
let eurPriceId: string;
let usdPriceId: string;

const api = linkApi(() => gw);
const { createOk } = { createOk: (input: Record<string, unknown>, key?: string) => api.createOk(input, key) };
const GET = `query ($id: ID) { checkoutLink(id: $id) { ${LINK_FIELDS} } }`;

beforeAll(async () => {
  gw = await startGateway();
  const p = await gw.graphql(
    `mutation { createProduct(input: { name: "Seat", kind: ONE_TIME, defaultPrice: { currency: "eur", unitAmount: 1500 } }) { product { id defaultPrice { id } } } }`,
  );
  productId = (p.body.data as any).createProduct.product.id;
  eurPriceId = (p.body.data as any).createProduct.product.defaultPrice.id;
  const u = await gw.graphql(`mutation ($p: ID!) { createPrice(input: { productId: $p, currency: "usd", unitAmount: 900 }) { price { id } } }`, {
    p: productId,
  });
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
      slug: 'seat-offer',
      title: 'Seat offer',
      active: true,
      mode: 'PAYMENT',
      currency: 'EUR',
      source: 'ITEMS',
      livemode: false,
      url: 'http://gateway.test/checkout-link/seat-offer/cart',
      metadata: { campaign: 'x' },
      plan: null,
      planTier: null,
      completedSessions: { limit: 10, count: 0 },
      completedSessionsCount: 0,
      salesChannel: { name: 'default' },
      settings: {
        couponsAllowed: true,
        forceCompany: false,
        quantityEditable: true,
        trialDays: null,
        billingAddressCollection: 'REQUIRED',
        submitType: 'PAY',
        paymentMethodTypes: ['card'],
      },
      afterCompletion: { type: 'REDIRECT', redirectUrl: 'https://example.com/done?s={CHECKOUT_SESSION_ID}', message: null },
    });
    const [a, b, c] = link.lineItems;
    expect(a).toMatchObject({
      type: 'PRICE',
      position: 0,
      quantity: 2,
      amountSubtotal: 3000,
      currency: 'EUR',
      adjustableQuantity: { enabled: true, minimum: 1, maximum: 5 },
      product: { id: productId },
      price: { id: eurPriceId, inline: false },
    });
    expect(b).toMatchObject({
      type: 'PRICE',
      position: 1,
      quantity: 1,
      amountSubtotal: 4990,
      description: 'once',
      adjustableQuantity: null,
      product: { name: 'Setup fee', kind: 'ONE_TIME' },
      price: { inline: true, unitAmount: 4990 },
    });
    expect(c).toMatchObject({
      type: 'PRODUCT',
      position: 2,
      product: { id: productId },
      price: { inline: true, unitAmount: 100 },
      periods: [{ contractPeriod: '12M', cancellationPeriod: null }],
    });
    expect(a.checkoutLink.id).toBe(link.id);

    const byId = await gw.graphql(GET, { id: link.id });
    expect((byId.body.data as any).checkoutLink).toEqual(link);
    const bySlug = await gw.graphql(`query ($s: String) { checkoutLink(slug: $s) { id } }`, { s: 'seat-offer' });
    expect((bySlug.body.data as any).checkoutLink.id).toBe(link.id);
    const node = await gw.graphql(`query ($id: ID!) { node(id: $id) { ... on CheckoutLink { slug } } }`, { id: link.id });
    expect((node.body.data as any).node.slug).toBe('seat-offer');

    const item = await gw.graphql(`query ($id: ID!) { lineItem(id: $id) { id quantity checkoutLink { slug } } }`, { id: a.id });
    expect((item.body.data as any).lineItem).toMatchObject({ id: a.id, quantity: 2, checkoutLink: { slug: 'seat-offer' } });
    const items = await gw.graphql(
      `query ($id: ID!) { lineItems(checkoutLinkId: $id, first: 2) { nodes { id position } pageInfo { hasNextPage endCursor } totalCount } }`,
      { id: link.id },
    );
    const conn = (items.body.data as any).lineItems;
    expect(conn.nodes.map((n: any) => n.position)).toEqual([0, 1]);
    expect(conn).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    const rest = await gw.graphql(
      `query ($id: ID!, $a: String) { lineItems(checkoutLinkId: $id, first: 2, after: $a) { nodes { id position } pageInfo { hasNextPage } } }`,
      { id: link.id, a: conn.pageInfo.endCursor },
    );
    expect((rest.body.data as any).lineItems).toEqual({ nodes: [{ id: c.id, position: 2 }], pageInfo: { hasNextPage: false } });
  });

  it('defaults: generated slug from the title with -2 on collision, default sales channel, PAYMENT mode', async () => {
    const one = await createOk({ title: 'Summer Sale!', lineItems: [{ priceId: usdPriceId }] });
    const two = await createOk({ title: 'Summer sale', lineItems: [{ priceId: usdPriceId }] });
    const three = await createOk({ title: 'summer  SALE', lineItems: [{ priceId: usdPriceId }] });
    expect([one.slug, two.slug, three.slug]).toEqual(['summer-sale', 'summer-sale-2', 'summer-sale-3']);
    expect(one).toMatchObject({
      mode: 'PAYMENT',
      currency: 'USD',
      salesChannel: { name: 'default' },
      settings: { couponsAllowed: null, submitType: 'AUTO', billingAddressCollection: 'AUTO' },
      afterCompletion: { type: 'DEFAULT' },
      completedSessions: null,
    });
    const untitled = await createOk({ lineItems: [{ priceId: usdPriceId }] });
    expect(untitled.slug).toMatch(/^[a-z0-9]{6,}$/);
  });

  it('creates a SETUP link without items', async () => {
    const link = await createOk({ mode: 'SETUP', currency: 'usd' });
    expect(link).toMatchObject({ mode: 'SETUP', source: 'PLAN', plan: null, lineItems: [], currency: 'USD' });
  });
});

describe('update, enable, disable, delete', () => {
  it('patches: undefined keeps, null clears, settings merge, line items are replaced', async () => {
    const link = await createOk({
      title: 'Patch me',
      description: 'd',
      affiliateCode: 'aff',
      completedSessionsLimit: 3,
      inactiveMessage: 'closed',
      settings: { couponsAllowed: false, trialDays: 14, threeDsLevel: 'high', paymentMethodConfiguration: { enabled: ['card'] } },
      afterCompletion: { type: 'MESSAGE', message: 'Thanks', backToProviderUrl: 'https://shop.example' },
      lineItems: [{ priceId: eurPriceId }],
    });
    expect(link.settings.paymentMethodConfiguration).toEqual({ enabled: ['card'], disabled: [], includePlatformDefaults: true });
    expect(link.afterCompletion).toEqual({ type: 'MESSAGE', redirectUrl: null, message: 'Thanks', backToProviderUrl: 'https://shop.example' });
    const r = await api.update(link.id, {
      title: 'Patched',
      description: null,
      completedSessionsLimit: null,
      settings: { couponsAllowed: null, forceCompany: true },
      lineItems: [{ priceId: eurPriceId, quantity: 3 }, { priceData: { productId, currency: 'eur', unitAmount: 5 } }],
    });
    expect(r.userErrors).toEqual([]);
    const u = r.checkoutLink;
    expect(u).toMatchObject({
      id: link.id,
      slug: link.slug,
      title: 'Patched',
      description: null,
      affiliateCode: 'aff',
      inactiveMessage: 'closed',
      completedSessions: null,
      currency: 'EUR',
      settings: { couponsAllowed: null, forceCompany: true, trialDays: 14, threeDsLevel: 'high' },
      afterCompletion: { type: 'MESSAGE', message: 'Thanks' },
    });
    expect(u.lineItems.map((i: any) => [i.position, i.quantity, i.amountSubtotal])).toEqual([
      [0, 3, 4500],
      [1, 1, 5],
    ]);
    const read = await gw.graphql(GET, { id: link.id });
    expect((read.body.data as any).checkoutLink).toEqual(u);
    const old = await gw.graphql(`query ($id: ID!) { lineItem(id: $id) { id } }`, { id: link.lineItems[0].id });
    expect((old.body.data as any).lineItem).toBeNull();
  });

  it('changes the slug (CONFLICT when taken) and refuses a currency that does not match', async () => {
    const a = await createOk({ slug: 'slug-a', lineItems: [{ priceId: eurPriceId }] });
    await createOk({ slug: 'slug-b', lineItems: [{ priceId: eurPriceId }] });
    const taken = await api.update(a.id, { slug: 'slug-b' });
    expect(taken.userErrors).toEqual([{ code: 'CONFLICT', reason: 'CHECKOUT_LINK__SLUG_CONFLICT', message: expect.any(String), path: ['input', 'slug'] }]);
    const moved = await api.update(a.id, { slug: 'slug-c' });
    expect(moved.checkoutLink).toMatchObject({ slug: 'slug-c', url: 'http://gateway.test/checkout-link/slug-c/cart' });
    const cur = await api.update(a.id, { currency: 'usd' });
    expect(cur.userErrors[0]).toMatchObject({ code: 'VALIDATION', reason: 'LINK__CURRENCY_MISMATCH', path: ['input', 'currency'] });
    const same = await api.update(a.id, { currency: 'eur', slug: 'slug-c' });
    expect(same.checkoutLink).toMatchObject({ currency: 'EUR', slug: 'slug-c' });
    const missing = await api.update('01900000-0000-7000-8000-000000000000', { title: 'x' });
    expect(missing.userErrors[0]).toMatchObject({ code: 'NOT_FOUND', reason: 'CHECKOUT_LINK__NOT_FOUND', path: ['id'] });
  });

  it('disables, enables and deletes; a deleted link is not found anywhere and keeps its slug', async () => {
    const link = await createOk({ slug: 'short-lived', lineItems: [{ priceId: eurPriceId }] });
    const m = (name: string) => `mutation ($id: ID!) { ${name}(id: $id) { checkoutLink { id active } userErrors { code reason path } } }`;
    const off = await gw.graphql(m('disableCheckoutLink'), { id: link.id });
    expect((off.body.data as any).disableCheckoutLink).toEqual({ checkoutLink: { id: link.id, active: false }, userErrors: [] });
    const listed = await gw.graphql(`{ checkoutLinks(filter: { active: false }) { nodes { id } } }`);
    expect((listed.body.data as any).checkoutLinks.nodes).toEqual([{ id: link.id }]);
    const on = await gw.graphql(m('enableCheckoutLink'), { id: link.id });
    expect((on.body.data as any).enableCheckoutLink.checkoutLink.active).toBe(true);

    const del = await gw.graphql(`mutation ($id: ID!) { deleteCheckoutLink(id: $id) { deletedId userErrors { code reason path } } }`, { id: link.id });
    expect((del.body.data as any).deleteCheckoutLink).toEqual({ deletedId: link.id, userErrors: [] });
    const gone = await gw.graphql(
      `query ($id: ID!, $li: ID!) { a: checkoutLink(id: $id) { id } b: checkoutLink(slug: "short-lived") { id } node(id: $id) { id } lineItem(id: $li) { id } }`,
      { id: link.id, li: link.lineItems[0].id },
    );
    expect(gone.body.data).toEqual({ a: null, b: null, node: null, lineItem: null });
    const items = await gw.graphql(`query ($id: ID!) { lineItems(checkoutLinkId: $id) { totalCount } }`, { id: link.id });
    expect(items.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const all = await gw.graphql(`{ checkoutLinks(first: 100) { nodes { id } } }`);
    expect((all.body.data as any).checkoutLinks.nodes.map((n: any) => n.id)).not.toContain(link.id);
    for (const name of ['disableCheckoutLink', 'enableCheckoutLink']) {
      const again = await gw.graphql(m(name), { id: link.id });
      expect((again.body.data as any)[name].userErrors[0]).toMatchObject({ code: 'NOT_FOUND', path: ['id'] });
    }
    const delAgain = await gw.graphql(`mutation ($id: ID!) { deleteCheckoutLink(id: $id) { deletedId userErrors { code } } }`, { id: link.id });
    expect((delAgain.body.data as any).deleteCheckoutLink).toEqual({ deletedId: null, userErrors: [{ code: 'NOT_FOUND' }] });
    const reuse = await api.create({ slug: 'short-lived', lineItems: [{ priceId: eurPriceId }] });
    expect(reuse.userErrors[0]).toMatchObject({ code: 'CONFLICT', reason: 'CHECKOUT_LINK__SLUG_CONFLICT', path: ['input', 'slug'] });
    const generated = await createOk({ title: 'Short lived', lineItems: [{ priceId: eurPriceId }] });
    expect(generated.slug).toBe('short-lived-2');
  });
});

describe('tenancy and permissions', () => {
  it('hides links of another organisation and of the other mode; slugs stay global', async () => {
    const link = await createOk({ slug: 'acme-only', lineItems: [{ priceId: eurPriceId }] });
    for (const key of [gw.orgB.testKey, gw.orgA.liveKey]) {
      const r = await gw.graphql(
        `query ($id: ID!) { a: checkoutLink(id: $id) { id } b: checkoutLink(slug: "acme-only") { id } node(id: $id) { id } checkoutLinks { totalCount } }`,
        { id: link.id },
        key,
      );
      expect(r.body.data).toEqual({ a: null, b: null, node: null, checkoutLinks: { totalCount: 0 } });
      const upd = await api.update(link.id, { title: 'hijack' }, key);
      expect(upd.userErrors[0]).toMatchObject({ code: 'NOT_FOUND', path: ['id'] });
      const del = await gw.graphql(`mutation ($id: ID!) { deleteCheckoutLink(id: $id) { deletedId userErrors { code } } }`, { id: link.id }, key);
      expect((del.body.data as any).deleteCheckoutLink).toEqual({ deletedId: null, userErrors: [{ code: 'NOT_FOUND' }] });
      const price = await api.create({ lineItems: [{ priceId: eurPriceId }] }, key);
      expect(price.userErrors[0]).toMatchObject({ code: 'NOT_FOUND', reason: 'PRICE__NOT_FOUND', path: ['input', 'lineItems', '0', 'priceId'] });
    }
    const b = await gw.graphql(
      `mutation { createProduct(input: { name: "B", defaultPrice: { currency: "eur", unitAmount: 1 } }) { product { defaultPrice { id } } } }`,
      {},
      gw.orgB.testKey,
    );
    const bPrice = (b.body.data as any).createProduct.product.defaultPrice.id;
    const clash = await api.create({ slug: 'acme-only', lineItems: [{ priceId: bPrice }] }, gw.orgB.testKey);
    expect(clash.userErrors[0]).toMatchObject({ code: 'CONFLICT', reason: 'CHECKOUT_LINK__SLUG_CONFLICT' });
    const live = await api.create({ slug: 'acme-only', mode: 'SETUP' }, gw.orgA.liveKey);
    expect(live.userErrors[0]).toMatchObject({ code: 'CONFLICT' });
    const liveOk = await createOk({ mode: 'SETUP', title: 'Acme only' }, gw.orgA.liveKey);
    expect(liveOk).toMatchObject({ slug: 'acme-only-2', livemode: true });
    expect((await gw.graphql(`query ($id: ID!) { checkoutLink(id: $id) { id } }`, { id: link.id })).body.data).toEqual({ checkoutLink: { id: link.id } });
  });

  it('refuses without the scope (FORBIDDEN) and reads with checkout-link:read only', async () => {
    const reader = await gw.keyWith(['checkout-link:read']);
    const r = await gw.graphql(`mutation { createCheckoutLink(input: { mode: SETUP }) { checkoutLink { id } } }`, {}, reader);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const list = await gw.graphql(`{ checkoutLinks { totalCount } }`, {}, reader);
    expect(list.body.errors).toBeUndefined();
    const none = await gw.keyWith(['product:read']);
    const q = await gw.graphql(`{ checkoutLinks { totalCount } }`, {}, none);
    expect(q.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const one = await gw.graphql(`{ checkoutLink(slug: "x") { id } }`, {}, none);
    expect(one.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const del = await gw.graphql(`mutation { deleteCheckoutLink(id: "x") { deletedId } }`, {}, reader);
    expect(del.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
