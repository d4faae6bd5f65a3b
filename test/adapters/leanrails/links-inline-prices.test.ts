// LeanRails links with price_data (inline prices): the update route cannot replace line items
// (line_items is refused as parameter_unknown), so an update never orphans an inline price; the
// link's items and inline prices stay as they were. Rows are read in SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTEGRITY_CHECKS } from '../../reliability/support/integrity.ts';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { leanrails, productWithPrice, type LeanRails } from './client.ts';

let gw: TestGateway;
let lr: LeanRails;

const sql = async (query: string) => (await gw.db.orm.em.getConnection().execute(query)) as Record<string, unknown>[];
const rows = async () => ({
  price: await sql('select id, inline, product_id from price order by id'),
  product: await sql('select id, name from product order by id'),
  lineItem: await sql('select id, checkout_link_id, price_id, quantity from line_item order by id'),
});

beforeAll(async () => {
  gw = await startGateway();
  lr = leanrails(gw);
});
afterAll(async () => {
  await gw?.close();
});

describe('LeanRails updates of links with inline prices', () => {
  it('refuses line_items on update and leaves items, inline prices and products as they were', async () => {
    const { product, price } = await productWithPrice(lr, 'eur', 1000);
    const created = await lr.post('/v1/checkout_links', {
      title: 'Inline',
      line_items: [
        { price_data: { currency: 'eur', product, unit_amount: 250 }, quantity: 1 },
        { price, quantity: 2 },
      ],
    });
    expect(created.status).toBe(200);
    const inline = await sql('select id from price where inline');
    expect(inline).toHaveLength(1);
    const before = await rows();

    const replace = await lr.post(`/v1/checkout_links/${created.body.id}`, { line_items: [{ price, quantity: 1 }] });
    expect(replace.status).toBe(400);
    expect(replace.body.error).toMatchObject({ code: 'parameter_unknown', param: 'line_items' });
    expect(await rows()).toEqual(before);

    const upd = await lr.post(`/v1/checkout_links/${created.body.id}`, { active: false, metadata: { a: '1' } });
    expect(upd.status).toBe(200);
    expect(await rows()).toEqual(before);
    const items = await lr.get(`/v1/checkout_links/${created.body.id}/line_items`);
    expect(items.body.data.map((i: any) => i.quantity)).toEqual([1, 2]);
    expect(await sql(INTEGRITY_CHECKS['inline prices no line item uses']!)).toEqual([]);
  });
});
