// Checkout sessions through GraphQL: createCart (the cart logic of the public URL) and reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { createLink, openCart, submit } from './helpers.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

const CREATE_CART = `mutation ($input: CreateCartInput!) { createCart(input: $input) {
  url checkoutSession { id status customerId metadata url amountTotal checkoutLink { id } lines { name quantity } }
  userErrors { code reason path message } } }`;

describe('createCart', () => {
  it('makes an open session from an active link and returns its checkout page URL', async () => {
    const link = await createLink(gw, { quantity: 2 });
    const { body } = await gw.graphql(CREATE_CART, { input: { checkoutLinkId: link.id, customerId: 'cus_42', metadata: { order: 'A-1' } } });
    expect(body.errors).toBeUndefined();
    const cart = (body.data as any).createCart;
    expect(cart.userErrors).toEqual([]);
    expect(cart.checkoutSession).toMatchObject({
      status: 'OPEN',
      customerId: 'cus_42',
      metadata: { order: 'A-1' },
      amountTotal: 9980,
      checkoutLink: { id: link.id },
      lines: [{ name: 'Pro seat', quantity: 2 }],
    });
    expect(cart.url).toBe(`http://gateway.test/checkout/${cart.checkoutSession.id}`);
    expect(cart.checkoutSession.url).toBe(cart.url);
    const node = await gw.graphql(`query ($id: ID!) { node(id: $id) { __typename id } }`, { id: cart.checkoutSession.id });
    expect((node.body.data as any).node).toEqual({ __typename: 'CheckoutSession', id: cart.checkoutSession.id });
    const foreignNode = await gw.graphql(`query ($id: ID!) { node(id: $id) { id } }`, { id: cart.checkoutSession.id }, gw.orgB.testKey);
    expect((foreignNode.body.data as any).node).toBeNull();
    const page = await gw.inject({ method: 'GET', url: `/checkout/${cart.checkoutSession.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Pro seat');
  });

  it('refuses inactive, exhausted, unknown and foreign links with user errors', async () => {
    const inactive = await createLink(gw, { extra: { active: false } });
    const r1 = (await gw.graphql(CREATE_CART, { input: { checkoutLinkId: inactive.id } })).body.data as any;
    expect(r1.createCart).toMatchObject({
      checkoutSession: null,
      url: null,
      userErrors: [{ code: 'VALIDATION', reason: 'CHECKOUT_LINK__INACTIVE', path: ['input', 'checkoutLinkId'] }],
    });

    const limited = await createLink(gw, { extra: { completedSessionsLimit: 1 } });
    const { sessionId } = await openCart(gw, limited);
    await submit(gw, sessionId, { email: 'a@example.com' });
    const r2 = (await gw.graphql(CREATE_CART, { input: { checkoutLinkId: limited.id } })).body.data as any;
    expect(r2.createCart.userErrors[0].reason).toMatch(/^CHECKOUT_LINK__(INACTIVE|EXHAUSTED)$/);

    const r3 = (await gw.graphql(CREATE_CART, { input: { checkoutLinkId: 'nope' } })).body.data as any;
    expect(r3.createCart.userErrors[0]).toMatchObject({ code: 'NOT_FOUND', path: ['input', 'checkoutLinkId'] });
    const foreign = await createLink(gw, {});
    const r4 = (await gw.graphql(CREATE_CART, { input: { checkoutLinkId: foreign.id } }, gw.orgB.testKey)).body.data as any;
    expect(r4.createCart.userErrors[0].code).toBe('NOT_FOUND');

    const r5 = (await gw.graphql(CREATE_CART, { input: { checkoutLinkId: foreign.id, customerId: 'x'.repeat(300) } })).body.data as any;
    expect(r5.createCart.userErrors[0]).toMatchObject({ reason: 'VALUE__TOO_LONG', path: ['input', 'customerId'] });
  });

  it('needs the cart:write scope', async () => {
    const link = await createLink(gw, {});
    const key = await gw.keyWith(['checkout-link:read']);
    const { body } = await gw.graphql(CREATE_CART, { input: { checkoutLinkId: link.id } }, key);
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // cart:write makes the cart; the answer's link needs checkout-link:read, checked before the write.
    const cartOnly = await gw.keyWith(['cart:write']);
    const refused = await gw.graphql(CREATE_CART, { input: { checkoutLinkId: link.id } }, cartOnly);
    expect(refused.status).toBe(403);
    const allowed = await gw.keyWith(['cart:write', 'checkout-link:read']);
    const ok = await gw.graphql(CREATE_CART, { input: { checkoutLinkId: link.id } }, allowed);
    expect((ok.body.data as any).createCart.userErrors).toEqual([]);
  });
});

describe('checkoutSessions', () => {
  it('filters by link and status, pages with cursors, and stays in the tenant', async () => {
    const link = await createLink(gw, {});
    const other = await createLink(gw, {});
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await openCart(gw, link)).sessionId);
    await openCart(gw, other);
    await submit(gw, ids[0]!, { email: 'done@example.com' });
    const q = `query ($l: ID, $s: CheckoutSessionStatus, $a: String) { checkoutSessions(first: 2, after: $a, filter: { checkoutLinkId: $l, status: $s }) {
      totalCount nodes { id status livemode checkoutLink { id } } pageInfo { hasNextPage endCursor } } }`;
    const all = (await gw.graphql(q, { l: link.id })).body.data as any;
    expect(all.checkoutSessions.totalCount).toBe(3);
    expect(all.checkoutSessions.nodes.map((n: any) => n.id)).toEqual([ids[2], ids[1]]);
    expect(all.checkoutSessions.nodes[0]).toMatchObject({ livemode: false, checkoutLink: { id: link.id } });
    const next = (await gw.graphql(q, { l: link.id, a: all.checkoutSessions.pageInfo.endCursor })).body.data as any;
    expect(next.checkoutSessions.nodes.map((n: any) => n.id)).toEqual([ids[0]]);
    const open = (await gw.graphql(q, { l: link.id, s: 'OPEN' })).body.data as any;
    expect(open.checkoutSessions.totalCount).toBe(2);
    const complete = (await gw.graphql(q, { l: link.id, s: 'COMPLETE' })).body.data as any;
    expect(complete.checkoutSessions.nodes).toEqual([{ id: ids[0], status: 'COMPLETE', livemode: false, checkoutLink: { id: link.id } }]);
    const bogus = (await gw.graphql(q, { l: 'not-an-id' })).body.data as any;
    expect(bogus.checkoutSessions.totalCount).toBe(0);
    const foreign = (await gw.graphql(q, { l: link.id }, gw.orgB.testKey)).body.data as any;
    expect(foreign.checkoutSessions.totalCount).toBe(0);
    const one = await gw.graphql(`query ($id: ID!) { checkoutSession(id: $id) { id } }`, { id: ids[0] }, gw.orgB.testKey);
    expect((one.body.data as any).checkoutSession).toBeNull();
  });
});
