// One link, every face: what one dialect creates the others read by the same UUID.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId, encodeId } from '../../src/contract/ids.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { leanrails, productWithPrice, type LeanRails } from './leanrails/client.ts';

let gw: TestGateway;
let lr: LeanRails;
beforeAll(async () => {
  gw = await startGateway();
  lr = leanrails(gw);
});
afterAll(async () => {
  await gw?.close();
});

const bearer = (key = gw.orgA.testKey) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

describe('cross-face visibility', () => {
  it('a LeanRails link is readable through GraphQL and Fynn classic by its UUID', async () => {
    const { price } = await productWithPrice(lr);
    const created = await lr.post('/v1/checkout_links', { title: 'Cross', line_items: [{ price, quantity: 3 }] });
    expect(created.status).toBe(200);
    const uuid = decodeId('cl', created.body.id);
    expect(uuid).not.toBeNull();
    const gql = await gw.graphql(`query ($id: ID!) { checkoutLink(id: $id) { id title url lineItems { quantity } } }`, { id: uuid });
    expect((gql.body.data as any).checkoutLink).toMatchObject({ id: uuid, title: 'Cross', url: created.body.url, lineItems: [{ quantity: 3 }] });
    const fynn = await gw.inject({ method: 'GET', url: `/fynn/checkout-links/${uuid}`, headers: bearer() });
    expect(fynn.statusCode).toBe(200);
    expect(fynn.json()).toMatchObject({ id: uuid, name: 'Cross', url: created.body.url });
    // Another organisation sees none of it.
    expect((await gw.inject({ method: 'GET', url: `/fynn/checkout-links/${uuid}`, headers: bearer(gw.orgB.testKey) })).statusCode).toBe(404);
  });

  it('a Whop configuration is readable through GraphQL and LeanRails by its id', async () => {
    const res = await gw.inject({
      method: 'POST',
      url: '/whop/api/v1/checkout_configurations',
      headers: { ...bearer(), 'api-version-date': '2026-07-20' },
      payload: { plan: { initial_price: 19.99, currency: 'usd', plan_type: 'one_time', title: 'Pro' }, metadata: { orderRef: 'abc' } },
    });
    expect(res.statusCode).toBe(201);
    const config = res.json();
    const uuid = decodeId('ch', config.id) as string;
    const gql = await gw.graphql(`query ($id: ID!) { checkoutLink(id: $id) { id url metadata } }`, { id: uuid });
    expect((gql.body.data as any).checkoutLink).toMatchObject({ id: uuid, url: config.purchase_url, metadata: { orderRef: 'abc' } });
    const viaLeanRails = await lr.get(`/v1/checkout_links/${encodeId('cl', uuid)}`);
    expect(viaLeanRails.status).toBe(200);
    expect(viaLeanRails.body).toMatchObject({ id: encodeId('cl', uuid), url: config.purchase_url, currency: 'usd', metadata: { orderRef: 'abc' } });
  });
});
