// Scopes on every field, whatever the path (src/graphql/field-scopes.ts): node(id) and relation
// fields answer only as their type's read scope says; a mutation's answer shows what the key may
// write; the public link stays public.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkApi } from '../support/checkout-link-fixtures.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { publishableKey } from '../storefront/helpers.ts';

let gw: TestGateway;
const api = linkApi(() => gw);
let link: any;
let tierLink: any;
let sessionId: string;
let product: { productId: string; priceId: string };

const codes = (body: any): string[] => (body.errors ?? []).map((e: any) => e.extensions?.code);

beforeAll(async () => {
  gw = await startGateway();
  product = await api.product('Scoped', 'EUR', 1200);
  link = await api.createOk({ lineItems: [{ priceId: product.priceId, quantity: 1 }], metadata: { secret: 'link-metadata' } });
  const plan = await api.plan({
    name: 'Scoped plan',
    tiers: [{ name: 'Only', items: [{ productId: product.productId, priceId: product.priceId }] }],
    metadata: { internal: 'plan-metadata' },
  });
  tierLink = await api.createOk({ planTierId: plan.tiers[0].id });
  const cart = await gw.graphql(`mutation ($input: CreateCartInput!) { createCart(input: $input) { checkoutSession { id } userErrors { reason } } }`, {
    input: { checkoutLinkId: link.id, customerId: 'buyer-1', metadata: { email: 'buyer@example.com' } },
  });
  sessionId = (cart.body.data as any).createCart.checkoutSession.id;
}, 120_000);
afterAll(async () => {
  await gw?.close();
});

describe('scopes on every field, whatever the path', () => {
  it('a cart:write key reads no session, link or price through node(id)', async () => {
    const cartOnly = await gw.keyWith(['cart:write']);
    const res = await gw.graphql(
      `query ($s: ID!, $l: ID!, $p: ID!) {
      s: node(id: $s) { id ... on CheckoutSession { customerId customerEmail companyName metadata } }
      l: node(id: $l) { id ... on CheckoutLink { metadata } }
      p: node(id: $p) { id ... on Price { unitAmount } } }`,
      { s: sessionId, l: link.id, p: product.priceId },
      cartOnly,
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ s: null, l: null, p: null });
    expect(codes(res.body)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(JSON.stringify(res.body)).not.toMatch(/buyer|link-metadata/);
  });

  it('a cart:write key makes a cart and reads the session it made; asking for the link behind it refuses the mutation before it writes', async () => {
    const cartOnly = await gw.keyWith(['cart:write']);
    const res = await gw.graphql(
      `mutation ($input: CreateCartInput!) { createCart(input: $input) {
      url checkoutSession { id status customerId checkoutLink { id metadata } } userErrors { reason } } }`,
      { input: { checkoutLinkId: link.id, customerId: 'c2' } },
      cartOnly,
    );
    expect(res.status).toBe(403);
    expect(res.body.data).toBeUndefined();
    expect(codes(res.body)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(res.body)).not.toContain('link-metadata');
    const plain = await gw.graphql(
      `mutation ($input: CreateCartInput!) { createCart(input: $input) { url checkoutSession { id customerId } } }`,
      { input: { checkoutLinkId: link.id, customerId: 'c3' } },
      cartOnly,
    );
    expect(plain.body.errors).toBeUndefined();
    expect((plain.body.data as any).createCart.checkoutSession.customerId).toBe('c3');
    // Nothing was written for the refused request: the link has the session of c3 (and the
    // set-up's buyer-1), none of c2.
    const sessions = await gw.graphql(`query ($id: ID!) { checkoutSessions(first: 50, filter: { checkoutLinkId: $id }) { nodes { customerId } } }`, {
      id: link.id,
    });
    expect(sessions.body.errors).toBeUndefined();
    const customers = (sessions.body.data as any).checkoutSessions.nodes.map((n: any) => n.customerId);
    expect(customers).toContain('c3');
    expect(customers).not.toContain('c2');
  });

  it('product:read does not walk into prices or links; price:read does not reveal link ids', async () => {
    const productReader = await gw.keyWith(['product:read']);
    const res = await gw.graphql(`query ($id: ID!) { product(id: $id) { id name defaultPrice { id } } }`, { id: product.productId }, productReader);
    expect((res.body.data as any).product).toEqual({ id: product.productId, name: 'Scoped', defaultPrice: null });
    expect(codes(res.body)).toEqual(['FORBIDDEN']);
    const page = await gw.graphql(`query ($id: ID!) { product(id: $id) { id prices { totalCount nodes { id } } } }`, { id: product.productId }, productReader);
    expect((page.body.data as any).product).toBeNull(); // the non-null connection's nodes were refused
    expect(codes(page.body)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(page.body)).not.toContain(product.priceId);
    const priceReader = await gw.keyWith(['price:read']);
    const ids = await gw.graphql(`query ($id: ID!) { price(id: $id) { id checkoutLinkIds product { id } } }`, { id: product.priceId }, priceReader);
    expect((ids.body.data as any).price).toBeNull(); // checkoutLinkIds and product are non-null: the price goes
    expect(codes(ids.body)).toContain('FORBIDDEN');
    expect(JSON.stringify(ids.body)).not.toContain(link.id);
    const both = await gw.keyWith(['price:read', 'product:read', 'checkout-link:read']);
    const ok = await gw.graphql(`query ($id: ID!) { price(id: $id) { id checkoutLinkIds product { id } } }`, { id: product.priceId }, both);
    expect(ok.body.errors).toBeUndefined();
    expect((ok.body.data as any).price.checkoutLinkIds).toContain(link.id);
  });

  it('checkout-link:read does not read plans through a link, nor prices through line items', async () => {
    const linkReader = await gw.keyWith(['checkout-link:read']);
    const res = await gw.graphql(
      `query ($a: ID!, $b: ID!) { a: checkoutLink(id: $a) { id lineItems { id price { unitAmount } } }
      b: checkoutLink(id: $b) { id plan { id metadata } } }`,
      { a: link.id, b: tierLink.id },
      linkReader,
    );
    const d = res.body.data as any;
    expect(d.a.lineItems[0].price).toBeNull();
    expect(d.b.plan).toBeNull();
    expect(codes(res.body)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(JSON.stringify(res.body)).not.toMatch(/plan-metadata/);
  });

  it('organisation and viewer answer any key; sales channels need a read scope', async () => {
    const cartOnly = await gw.keyWith(['cart:write']);
    const res = await gw.graphql(`{ viewer { scopes organisation { slug } } organisation { slug } }`, {}, cartOnly);
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data as any).organisation.slug).toBe('acme');
    const channels = await gw.graphql(`{ salesChannels { name } }`, {}, cartOnly);
    expect(codes(channels.body)).toEqual(['FORBIDDEN']);
    const nested = await gw.graphql(`{ organisation { slug salesChannels { name } } }`, {}, cartOnly);
    expect(codes(nested.body)).toEqual(['FORBIDDEN']);
    const reader = await gw.keyWith(['product:read']);
    expect((await gw.graphql(`{ salesChannels { name } organisation { salesChannels { name } } }`, {}, reader)).body.errors).toBeUndefined();
  });

  it('an anonymous caller reads the public link with its plan, and nothing else through it', async () => {
    const res = await gw.graphql(`query ($id: ID!) { publicCheckoutLink(id: $id) { id metadata plan { id name metadata } } }`, { id: tierLink.id }, null);
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data as any).publicCheckoutLink.plan).toMatchObject({ name: 'Scoped plan', metadata: {} });
    // Line items and tiers are read within the caller's tenant: an anonymous caller has none.
    const deeper = await gw.graphql(
      `query ($id: ID!) { a: publicCheckoutLink(id: $id) { id lineItems { id price { id } } }
      b: publicCheckoutLink(id: $b) { plan { tiers { id items { price { id } } } } } }`.replace('$id: ID!', '$id: ID!, $b: ID!'),
      { id: link.id, b: tierLink.id },
      null,
    );
    expect(deeper.body.data).toEqual({ a: { id: link.id, lineItems: [] }, b: { plan: { tiers: [] } } });
    const node = await gw.graphql(`query ($id: ID!) { node(id: $id) { id } }`, { id: link.id }, null);
    expect((node.body.data as any).node).toBeNull();
  });

  it('the new arguments and fields keep their scopes: keyset by id, metadataPatch, reuseIdentical, submitAction', async () => {
    // startingAfter is only a bound: a key without checkout-link:read still reads no links.
    const cartOnly = await gw.keyWith(['cart:write']);
    const list = await gw.graphql(`query ($id: ID!) { checkoutLinks(first: 1, startingAfter: $id) { nodes { id } } }`, { id: link.id }, cartOnly);
    expect(codes(list.body)).toEqual(['FORBIDDEN']);
    // metadataPatch writes like metadata: checkout-link:write, and the answer reads as the key may.
    const reader = await gw.keyWith(['checkout-link:read']);
    const patch = await gw.graphql(
      `mutation ($id: ID!) { updateCheckoutLink(id: $id, input: { metadataPatch: { x: "1" } }) { checkoutLink { id } userErrors { code } } }`,
      { id: link.id },
      reader,
    );
    expect(JSON.stringify(patch.body)).toMatch(/FORBIDDEN/);
    // reuseIdentical may sell an existing plan, yet needs plan:write and checkout-link:write all the same.
    const linkWriter = await gw.keyWith(['checkout-link:write', 'checkout-link:read']);
    const reuse = await gw.graphql(
      `mutation ($input: CreatePlanWithCheckoutLinkInput!) { createPlanWithCheckoutLink(input: $input) { checkoutLink { id } userErrors { code } } }`,
      {
        input: {
          plan: { name: 'Scoped plan', activate: true, tiers: [{ name: 'Only', items: [{ productId: product.productId, priceId: product.priceId }] }] },
          checkoutLink: {},
          reuseIdentical: true,
        },
      },
      linkWriter,
    );
    expect(JSON.stringify(reuse.body)).toMatch(/FORBIDDEN/);
    const after = await gw.graphql(`query ($id: ID!) { checkoutLink(id: $id) { metadata } }`, { id: link.id });
    expect((after.body.data as any).checkoutLink.metadata).toEqual({ secret: 'link-metadata' });
    // submitAction is a storefront field: a publishable key reads it with the link, like submitLabel.
    const pk = await publishableKey(gw);
    const front = await gw.graphql(`query ($slug: String!) { storefrontCheckoutLink(slug: $slug) { submitAction submitLabel } }`, { slug: link.slug }, pk);
    expect((front.body.data as any)?.storefrontCheckoutLink ?? front.body).toEqual({ submitAction: 'PAY', submitLabel: 'Pay' });
  });
});
