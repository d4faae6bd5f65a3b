// updateCheckoutLink with new lineItems: the inline prices (priceData) only the replaced items
// used are deleted in the same transaction; catalog prices and products stay, and so do inline
// prices something else still uses. A refused update changes no row. Rows are read in SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTEGRITY_CHECKS } from '../reliability/support/integrity.ts';
import { linkApi } from '../support/checkout-link-fixtures.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
let seat: { productId: string; priceId: string };
let bareProductId: string;
const api = linkApi(() => gw);

const sql = async (query: string, params: unknown[] = []) => (await gw.db.orm.em.getConnection().execute(query, params)) as Record<string, unknown>[];

/** Every price, product and line item row (all tenants), as comparable id lists. */
async function snapshot() {
  const ids = async (table: string, cols = 'id') => (await sql(`select ${cols} from ${table} order by id`)).map((r) => JSON.stringify(r));
  return {
    price: await ids('price', 'id, inline, product_id'),
    product: await ids('product', 'id, name, deleted_at'),
    lineItem: await ids('line_item', 'id, checkout_link_id, price_id'),
  };
}

const priceExists = async (id: string) => (await sql('select 1 from price where id = ?', [id])).length === 1;
const productExists = async (id: string) => (await sql('select 1 from product where id = ?', [id])).length === 1;
const orphanInlinePrices = () => sql(INTEGRITY_CHECKS['inline prices no line item uses']!);

beforeAll(async () => {
  gw = await startGateway();
  seat = await api.product('Seat', 'EUR', 1500);
  const bare = await gw.graphql<any>('mutation { createProduct(input: { name: "Bare", kind: ONE_TIME }) { product { id } } }');
  bareProductId = bare.body.data.createProduct.product.id;
});
afterAll(async () => {
  await gw?.close();
});

describe('updateCheckoutLink replacing items with inline prices', () => {
  it('deletes the old inline prices; catalog prices and products stay', async () => {
    const link = await api.createOk({
      title: 'Inline bundle',
      lineItems: [
        { priceData: { productName: 'P', currency: 'EUR', unitAmount: 100 } },
        { priceId: seat.priceId },
        { priceData: { productId: bareProductId, currency: 'EUR', unitAmount: 200 } },
      ],
    });
    const [auto, catalog, onBare] = link.lineItems;
    expect(auto.price.inline).toBe(true);
    expect(catalog.price).toMatchObject({ id: seat.priceId, inline: false });
    expect(onBare).toMatchObject({ product: { id: bareProductId }, price: { inline: true } });

    const r = await api.update(link.id, { lineItems: [{ priceId: seat.priceId }, { priceData: { productName: 'Q', currency: 'EUR', unitAmount: 300 } }] });
    expect(r.userErrors).toEqual([]);
    expect(r.checkoutLink.lineItems).toMatchObject([{ price: { id: seat.priceId } }, { product: { name: 'Q' }, price: { inline: true, unitAmount: 300 } }]);

    expect(await priceExists(auto.price.id)).toBe(false);
    expect(await priceExists(onBare.price.id)).toBe(false);
    expect(await priceExists(seat.priceId)).toBe(true);
    expect(await priceExists(r.checkoutLink.lineItems[1].price.id)).toBe(true);
    expect(await productExists(seat.productId)).toBe(true);
    expect(await productExists(bareProductId)).toBe(true);
    // The product made for priceData.productName stays: its row does not tell it from a
    // catalog product (no flag or kind marks it), and a catalog product is never deleted.
    expect(await productExists(auto.product.id)).toBe(true);
    expect(await orphanInlinePrices()).toEqual([]);
  });

  it('a refused update (invalid new item) changes no row', async () => {
    const link = await api.createOk({ title: 'Refused', lineItems: [{ priceData: { productName: 'R', currency: 'EUR', unitAmount: 100 } }] });
    const before = await snapshot();
    const cases = [
      // The first item creates a product and an inline price before the second one is refused.
      [{ priceData: { productName: 'New', currency: 'EUR', unitAmount: 5 } }, { priceId: '00000000-0000-4000-8000-000000000000' }],
      [{ priceData: { productName: 'New', currency: 'EUR', unitAmount: 5 } }, { priceData: { productName: 'Bad', currency: 'XXX1', unitAmount: 5 } }],
      [{ priceData: { productName: 'New', currency: 'EUR', unitAmount: 5 } }, { priceData: { productName: 'Usd', currency: 'USD', unitAmount: 5 } }],
    ];
    for (const lineItems of cases) {
      const r = await api.update(link.id, { lineItems });
      expect(r.userErrors.length, JSON.stringify(lineItems)).toBeGreaterThan(0);
      expect(r.checkoutLink).toBeNull();
      expect(await snapshot()).toEqual(before);
    }
    const got = await gw.graphql<any>('query ($id: ID) { checkoutLink(id: $id) { lineItems { id price { id inline } } } }', { id: link.id });
    expect(got.body.data.checkoutLink.lineItems).toEqual(link.lineItems.map((li: any) => ({ id: li.id, price: { id: li.price.id, inline: true } })));
  });

  it('keeps an old inline price that the new items or another link still use', async () => {
    const a = await api.createOk({
      title: 'Shared A',
      lineItems: [
        { priceData: { productName: 'Shared', currency: 'EUR', unitAmount: 700 } },
        { priceData: { productName: 'Kept', currency: 'EUR', unitAmount: 800 } },
        { priceData: { productName: 'Gone', currency: 'EUR', unitAmount: 900 } },
      ],
    });
    const [shared, kept, gone] = a.lineItems.map((li: any) => li.price.id as string);
    await api.createOk({ title: 'Shared B', lineItems: [{ priceId: shared }] });
    // The new items name one old inline price by id (as a client sending the items back would).
    const r = await api.update(a.id, { lineItems: [{ priceId: kept, quantity: 3 }] });
    expect(r.userErrors).toEqual([]);
    expect(await priceExists(shared)).toBe(true);
    expect(await priceExists(kept)).toBe(true);
    expect(await priceExists(gone)).toBe(false);
    expect(await orphanInlinePrices()).toEqual([]);
  });

  it('Fynn classic PUT with items goes through the same update: old inline prices go', async () => {
    const link = await api.createOk({ title: 'Fynn inline', lineItems: [{ priceData: { productName: 'F', currency: 'EUR', unitAmount: 100 } }] });
    const res = await gw.inject({
      method: 'PUT',
      url: `/fynn/checkout-links/${link.id}`,
      headers: { authorization: `Bearer ${gw.orgA.testKey}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ items: [{ type: 'product', product: seat.productId, price: seat.priceId, quantity: 1 }] }),
    });
    expect(res.statusCode).toBe(200);
    expect(await priceExists(link.lineItems[0].price.id)).toBe(false);
    expect(await priceExists(seat.priceId)).toBe(true);
    expect(await orphanInlinePrices()).toEqual([]);
  });

  it('a soft-deleted link keeps its line items and their inline prices (nothing orphaned)', async () => {
    const link = await api.createOk({ title: 'Deleted', lineItems: [{ priceData: { productName: 'D', currency: 'EUR', unitAmount: 100 } }] });
    const del = await gw.graphql<any>('mutation ($id: ID!) { deleteCheckoutLink(id: $id) { deletedId userErrors { reason } } }', { id: link.id });
    expect(del.body.data.deleteCheckoutLink).toEqual({ deletedId: link.id, userErrors: [] });
    expect(await sql('select deleted_at from checkout_link where id = ? and deleted_at is not null', [link.id])).toHaveLength(1);
    expect(await sql('select id from line_item where checkout_link_id = ?', [link.id])).toHaveLength(1);
    expect(await priceExists(link.lineItems[0].price.id)).toBe(true);
    expect(await orphanInlinePrices()).toEqual([]);
  });
});
