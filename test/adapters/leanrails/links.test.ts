import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../../src/contract/ids.ts';
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

/** The seed's body with real values (price_data; the seed shows both price and price_data as placeholders). */
const seedBody = (product: string) => ({
  line_items: [{ quantity: 2, price_data: { currency: 'usd', product, unit_amount: 1, tax_behavior: 'inclusive' } }],
  title: 'Premium Headphones',
  mode: 'payment',
  description: 'Noise-cancelling, over-ear.',
  currency: 'usd',
  after_completion: { type: 'redirect', redirect: { url: 'https://shop.example.com/thanks' }, hosted_confirmation: { custom_message: 'Thank you!' } },
  billing_address_collection: 'auto',
  metadata: { campaign: 'spring' },
  inactive_message: 'Sold out, sorry.',
  payment_method_types: ['card'],
  allow_promotion_codes: false,
  restrictions: { completed_sessions: { limit: 2 } },
  submit_type: 'auto',
});

/** Every field of the seed's response schema with its JSON type (null allowed where the seed says so). */
const RESPONSE_TYPES: Record<string, string[]> = {
  id: ['string'],
  object: ['string'],
  active: ['boolean'],
  mode: ['string'],
  url: ['string'],
  title: ['string'],
  currency: ['string'],
  livemode: ['boolean'],
  created: ['integer'],
  description: ['string', 'null'],
  after_completion: ['object'],
  billing_address_collection: ['string'],
  metadata: ['object'],
  custom_fields: ['array'],
  custom_text: ['object'],
  inactive_message: ['string', 'null'],
  payment_method_types: ['array', 'null'],
  allow_promotion_codes: ['boolean'],
  restrictions: ['object', 'null'],
  submit_type: ['string'],
};
const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);

describe('LeanRails checkout links', () => {
  it('accepts a redirect URL with the {CHECKOUT_SESSION_ID} placeholder, kept as sent', async () => {
    const { product } = await productWithPrice(lr);
    const url = 'https://shop.example.com/thanks?session={CHECKOUT_SESSION_ID}';
    const res = await lr.post('/v1/checkout_links', { ...seedBody(product), after_completion: { type: 'redirect', redirect: { url } } });
    expect(res.status).toBe(200);
    expect(res.body.after_completion).toEqual({ type: 'redirect', redirect: { url } });
  });

  it("creates a link from the seed's curl line and answers every field of the seed's response", async () => {
    const { product } = await productWithPrice(lr);
    const res = await lr.post('/v1/checkout_links', seedBody(product));
    expect(res.status).toBe(200);
    for (const [field, types] of Object.entries(RESPONSE_TYPES)) {
      expect(res.body, field).toHaveProperty(field);
      expect(types, `${field} is ${typeOf(res.body[field])}`).toContain(typeOf(res.body[field]));
    }
    expect(res.body).toMatchObject({
      object: 'checkout_link',
      active: true,
      mode: 'payment',
      title: 'Premium Headphones',
      currency: 'usd',
      livemode: false,
      description: 'Noise-cancelling, over-ear.',
      after_completion: { type: 'redirect', redirect: { url: 'https://shop.example.com/thanks' } },
      billing_address_collection: 'auto',
      metadata: { campaign: 'spring' },
      inactive_message: 'Sold out, sorry.',
      payment_method_types: ['card'],
      allow_promotion_codes: false,
      restrictions: { completed_sessions: { limit: 2, count: 0 } },
      submit_type: 'auto',
      custom_fields: [],
      custom_text: {},
    });
    expect(res.body.id).toMatch(/^cl_[0-9A-Za-z]{22}$/);
    expect(res.body.url).toMatch(new RegExp(`^${gw.publicUrl}/checkout-link/[a-z0-9-]+/cart$`));
    expect(Math.abs(res.body.created - Date.now() / 1000)).toBeLessThan(60);

    const got = await lr.get(`/v1/checkout_links/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);

    const items = await lr.get(`/v1/checkout_links/${res.body.id}/line_items`);
    expect(items.status).toBe(200);
    expect(items.body).toMatchObject({ object: 'list', has_more: false, next_cursor: null, url: `/v1/checkout_links/${res.body.id}/line_items` });
    expect(items.body.data).toHaveLength(1);
    expect(items.body.data[0]).toMatchObject({ object: 'item', quantity: 2, amount_subtotal: 2, amount_total: 2, currency: 'usd', product });
    expect(items.body.data[0].id).toMatch(/^li_/);
    expect(items.body.data[0].price).toMatch(/^price_/);
    expect(typeof items.body.data[0].description).toBe('string');
  });

  it('is visible through GraphQL by the UUID of its cl_ id', async () => {
    const { price } = await productWithPrice(lr, 'eur', 4900);
    const res = await lr.post('/v1/checkout_links', { title: 'GraphQL view', line_items: [{ price, quantity: 1 }] });
    expect(res.status).toBe(200);
    const uuid = decodeId('cl', res.body.id);
    expect(uuid).not.toBeNull();
    const q = await gw.graphql<{ checkoutLink: { id: string; title: string; url: string; currency: string } }>(
      'query ($id: ID!) { checkoutLink(id: $id) { id title url currency } }',
      { id: uuid },
    );
    expect(q.body.data?.checkoutLink).toEqual({ id: uuid, title: 'GraphQL view', url: res.body.url, currency: 'EUR' });
  });

  it('defaults as documented: hosted confirmation, auto, no restrictions, promotion codes off', async () => {
    const { price } = await productWithPrice(lr);
    const res = await lr.post('/v1/checkout_links', { title: 'Defaults', line_items: [{ price, quantity: 1 }] });
    expect(res.body).toMatchObject({
      mode: 'payment',
      currency: 'usd',
      description: null,
      after_completion: { type: 'hosted_confirmation' },
      billing_address_collection: 'auto',
      allow_promotion_codes: false,
      restrictions: null,
      submit_type: 'auto',
      metadata: {},
      inactive_message: null,
    });
  });

  it('updates only the documented fields, merges metadata and deactivates', async () => {
    const { price } = await productWithPrice(lr);
    const link = (await lr.post('/v1/checkout_links', { title: 'To update', line_items: [{ price, quantity: 1 }], metadata: { a: '1', b: '2' } })).body;
    const upd = await lr.post(`/v1/checkout_links/${link.id}`, {
      active: false,
      metadata: { b: '', c: '3' },
      after_completion: { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'Bye' } },
      billing_address_collection: 'required',
      inactive_message: 'Gone',
      payment_method_types: ['card', 'sepa_debit'],
      restrictions: { completed_sessions: { limit: 5 } },
      submit_type: 'donate',
      allow_promotion_codes: true,
    });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({
      id: link.id,
      active: false,
      metadata: { a: '1', c: '3' },
      after_completion: { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'Bye' } },
      billing_address_collection: 'required',
      inactive_message: 'Gone',
      payment_method_types: ['card', 'sepa_debit'],
      restrictions: { completed_sessions: { limit: 5, count: 0 } },
      submit_type: 'donate',
      allow_promotion_codes: true,
      title: 'To update',
    });
    expect(upd.body.metadata).not.toHaveProperty('b');
    const cleared = await lr.post(`/v1/checkout_links/${link.id}`, { restrictions: '', inactive_message: '' }, { form: true });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ restrictions: null, inactive_message: null });
    for (const field of ['title', 'line_items', 'currency', 'mode', 'description']) {
      const bad = await lr.post(`/v1/checkout_links/${link.id}`, { [field]: field === 'line_items' ? [{ price, quantity: 1 }] : 'x' });
      expect(bad.status, field).toBe(400);
      expect(bad.body.error).toMatchObject({ type: 'invalid_request_error', code: 'parameter_unknown', param: field });
    }
    const inactive = await lr.get('/v1/checkout_links?active=false');
    expect(inactive.body.data.map((l: any) => l.id)).toContain(link.id);
  });

  it('creates a link from a form body in bracket notation', async () => {
    const { price } = await productWithPrice(lr);
    const res = await lr.post(
      '/v1/checkout_links',
      {
        title: 'Form link',
        line_items: [{ price, quantity: '3' }],
        allow_promotion_codes: 'true',
        metadata: { n: '42' },
        restrictions: { completed_sessions: { limit: '7' } },
        description: '',
      },
      { form: true },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: 'Form link',
      allow_promotion_codes: true,
      metadata: { n: '42' },
      restrictions: { completed_sessions: { limit: 7 } },
      description: null,
    });
    const items = await lr.get(`/v1/checkout_links/${res.body.id}/line_items`, { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(items.status).toBe(200);
    expect(items.body.data[0]).toMatchObject({ quantity: 3, price });
  });

  it('keeps test and live apart: a test link is a 404 for a live key and the reverse', async () => {
    const { price } = await productWithPrice(lr);
    const testLink = (await lr.post('/v1/checkout_links', { title: 'Test only', line_items: [{ price, quantity: 1 }] })).body;
    expect(testLink.livemode).toBe(false);
    const asLive = await lr.get(`/v1/checkout_links/${testLink.id}`, { key: gw.orgA.liveKey });
    expect(asLive.status).toBe(404);
    expect(asLive.body.error).toMatchObject({ code: 'resource_missing', param: 'id' });
    const useTestPrice = await lr.post('/v1/checkout_links', { title: 'Live', line_items: [{ price, quantity: 1 }] }, { key: gw.orgA.liveKey });
    expect(useTestPrice.status).toBe(404);
    expect(useTestPrice.body.error).toMatchObject({ code: 'resource_missing', param: 'line_items[0][price]' });
    const live = await productWithPrice(lr, 'usd', 100, gw.orgA.liveKey);
    const liveLink = await lr.post('/v1/checkout_links', { title: 'Live', line_items: [{ price: live.price, quantity: 1 }] }, { key: gw.orgA.liveKey });
    expect(liveLink.body.livemode).toBe(true);
    expect((await lr.get(`/v1/checkout_links/${liveLink.body.id}`)).status).toBe(404);
    expect((await lr.get(`/v1/checkout_links/${liveLink.body.id}`, { key: gw.orgB.liveKey })).status).toBe(404);
    const liveList = await lr.get('/v1/checkout_links?limit=100', { key: gw.orgA.liveKey });
    expect(liveList.body.data.map((l: any) => l.id)).toEqual([liveLink.body.id]);
  });
});
