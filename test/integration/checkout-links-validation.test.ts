// Every create rule answers a user error with its path and reason, and leaves no row behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkApi } from '../support/checkout-link-fixtures.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
const api = linkApi(() => gw);
let eur: { productId: string; priceId: string };
let usd: { productId: string; priceId: string };
let otherEur: { productId: string; priceId: string };

beforeAll(async () => {
  gw = await startGateway();
  eur = await api.product('Eur thing', 'EUR', 1000);
  usd = await api.product('Usd thing', 'USD', 700);
  otherEur = await api.product('Other', 'EUR', 10);
});
afterAll(async () => {
  await gw?.close();
});

const UNKNOWN = '01900000-0000-7000-8000-00000000abcd';

type Case = [name: string, input: () => Record<string, unknown>, code: string, reason: string, path: string[]];

const cases: Case[] = [
  ['no source outside SETUP', () => ({}), 'VALIDATION', 'LINK__SOURCE_MISSING', ['input', 'lineItems']],
  ['tier and items', () => ({ planTierId: UNKNOWN, lineItems: [{ priceId: eur.priceId }] }), 'VALIDATION', 'LINK__SOURCE_CONFLICT', ['input', 'lineItems']],
  [
    'tier and items (with its plan)',
    () => ({ planTierId: UNKNOWN, planId: UNKNOWN, lineItems: [{ priceId: eur.priceId }] }),
    'VALIDATION',
    'LINK__SOURCE_CONFLICT',
    ['input', 'lineItems'],
  ],
  ['tier of an unknown plan', () => ({ planTierId: UNKNOWN, planId: UNKNOWN }), 'NOT_FOUND', 'PLAN__NOT_FOUND', ['input', 'planId']],
  ['unknown tier', () => ({ planTierId: UNKNOWN }), 'NOT_FOUND', 'PLAN_TIER__NOT_FOUND', ['input', 'planTierId']],
  ['malformed tier id', () => ({ planTierId: 'nope' }), 'NOT_FOUND', 'PLAN_TIER__NOT_FOUND', ['input', 'planTierId']],
  ['unknown plan', () => ({ planId: UNKNOWN }), 'NOT_FOUND', 'PLAN__NOT_FOUND', ['input', 'planId']],
  ['empty items', () => ({ lineItems: [] }), 'VALIDATION', 'VALUE__TOO_FEW', ['input', 'lineItems']],
  ['21 items', () => ({ lineItems: Array.from({ length: 21 }, () => ({ priceId: eur.priceId })) }), 'VALIDATION', 'VALUE__TOO_MANY', ['input', 'lineItems']],
  [
    'priceId and priceData',
    () => ({ lineItems: [{ priceId: eur.priceId, priceData: { productId: eur.productId, currency: 'eur', unitAmount: 1 } }] }),
    'VALIDATION',
    'LINE_ITEM__PRICE_CONFLICT',
    ['input', 'lineItems', '0', 'priceId'],
  ],
  ['no price', () => ({ lineItems: [{ productId: eur.productId }] }), 'VALIDATION', 'LINE_ITEM__PRICE_MISSING', ['input', 'lineItems', '0', 'priceId']],
  [
    'unknown price',
    () => ({ lineItems: [{ priceId: eur.priceId }, { priceId: UNKNOWN }] }),
    'NOT_FOUND',
    'PRICE__NOT_FOUND',
    ['input', 'lineItems', '1', 'priceId'],
  ],
  [
    'unknown product',
    () => ({ lineItems: [{ productId: UNKNOWN, priceId: eur.priceId }] }),
    'NOT_FOUND',
    'PRODUCT__NOT_FOUND',
    ['input', 'lineItems', '0', 'productId'],
  ],
  [
    'price of another product',
    () => ({ lineItems: [{ productId: usd.productId, priceId: eur.priceId }] }),
    'VALIDATION',
    'LINE_ITEM__PRICE_PRODUCT_MISMATCH',
    ['input', 'lineItems', '0', 'priceId'],
  ],
  [
    'inline price without product',
    () => ({ lineItems: [{ priceData: { currency: 'eur', unitAmount: 5 } }] }),
    'VALIDATION',
    'LINE_ITEM__PRODUCT_MISSING',
    ['input', 'lineItems', '0', 'priceData', 'productId'],
  ],
  [
    'inline price of unknown product',
    () => ({ lineItems: [{ priceData: { productId: UNKNOWN, currency: 'eur', unitAmount: 5 } }] }),
    'NOT_FOUND',
    'PRODUCT__NOT_FOUND',
    ['input', 'lineItems', '0', 'priceData', 'productId'],
  ],
  [
    'inline price, unknown currency',
    () => ({ lineItems: [{ priceData: { productName: 'x', currency: 'XQZ', unitAmount: 5 } }] }),
    'VALIDATION',
    'CURRENCY__UNKNOWN',
    ['input', 'lineItems', '0', 'priceData', 'currency'],
  ],
  [
    'inline price, both amounts',
    () => ({ lineItems: [{ priceData: { productName: 'x', currency: 'eur', unitAmount: 5, unitAmountDecimal: '0.05' } }] }),
    'VALIDATION',
    'VALUE__INVALID',
    ['input', 'lineItems', '0', 'priceData', 'unitAmount'],
  ],
  [
    'inline price, bad decimal (after an inline product)',
    () => ({
      lineItems: [
        { priceData: { productName: 'made first', currency: 'eur', unitAmount: 5 } },
        { priceData: { productName: 'y', currency: 'eur', unitAmountDecimal: '1.234' } },
      ],
    }),
    'VALIDATION',
    'AMOUNT__INVALID',
    ['input', 'lineItems', '1', 'priceData', 'unitAmountDecimal'],
  ],
  ['quantity 0', () => ({ lineItems: [{ priceId: eur.priceId, quantity: 0 }] }), 'VALIDATION', 'VALUE__TOO_LOW', ['input', 'lineItems', '0', 'quantity']],
  [
    'quantity 1000000',
    () => ({ lineItems: [{ priceId: eur.priceId, quantity: 1_000_000 }] }),
    'VALIDATION',
    'VALUE__TOO_HIGH',
    ['input', 'lineItems', '0', 'quantity'],
  ],
  [
    'quantity above the adjustable maximum',
    () => ({ lineItems: [{ priceId: eur.priceId, quantity: 5, adjustableQuantity: { enabled: true, minimum: 1, maximum: 3 } }] }),
    'VALIDATION',
    'LINE_ITEM__QUANTITY_OUT_OF_RANGE',
    ['input', 'lineItems', '0', 'adjustableQuantity'],
  ],
  [
    'quantity below the adjustable minimum',
    () => ({ lineItems: [{ priceId: eur.priceId, quantity: 1, adjustableQuantity: { enabled: true, minimum: 2 } }] }),
    'VALIDATION',
    'LINE_ITEM__QUANTITY_OUT_OF_RANGE',
    ['input', 'lineItems', '0', 'adjustableQuantity'],
  ],
  [
    'mixed currencies',
    () => ({ lineItems: [{ priceId: eur.priceId }, { priceId: usd.priceId }] }),
    'VALIDATION',
    'LINK__MIXED_CURRENCIES',
    ['input', 'lineItems'],
  ],
  [
    'currency not of the prices',
    () => ({ currency: 'usd', lineItems: [{ priceId: eur.priceId }] }),
    'VALIDATION',
    'LINK__CURRENCY_MISMATCH',
    ['input', 'currency'],
  ],
  ['unknown currency', () => ({ currency: 'EURO', lineItems: [{ priceId: eur.priceId }] }), 'VALIDATION', 'CURRENCY__UNKNOWN', ['input', 'currency']],
  ['slug too short', () => ({ slug: 'ab', lineItems: [{ priceId: eur.priceId }] }), 'VALIDATION', 'VALUE__TOO_SHORT', ['input', 'slug']],
  ['slug upper case', () => ({ slug: 'Summer-Sale', lineItems: [{ priceId: eur.priceId }] }), 'VALIDATION', 'VALUE__BAD_FORMAT', ['input', 'slug']],
  ['slug trailing dash', () => ({ slug: 'summer-', lineItems: [{ priceId: eur.priceId }] }), 'VALIDATION', 'VALUE__BAD_FORMAT', ['input', 'slug']],
  ['slug too long', () => ({ slug: 'a'.repeat(65), lineItems: [{ priceId: eur.priceId }] }), 'VALIDATION', 'VALUE__TOO_LONG', ['input', 'slug']],
  [
    'unknown sales channel',
    () => ({ salesChannel: 'nope', lineItems: [{ priceId: eur.priceId }] }),
    'NOT_FOUND',
    'SALES_CHANNEL__NOT_FOUND',
    ['input', 'salesChannel'],
  ],
  [
    'unknown sales channel id',
    () => ({ salesChannel: UNKNOWN, lineItems: [{ priceId: eur.priceId }] }),
    'NOT_FOUND',
    'SALES_CHANNEL__NOT_FOUND',
    ['input', 'salesChannel'],
  ],
  ['title too long', () => ({ title: 'x'.repeat(256), lineItems: [{ priceId: eur.priceId }] }), 'VALIDATION', 'VALUE__TOO_LONG', ['input', 'title']],
  [
    'description too long',
    () => ({ description: 'x'.repeat(5001), lineItems: [{ priceId: eur.priceId }] }),
    'VALIDATION',
    'VALUE__TOO_LONG',
    ['input', 'description'],
  ],
  [
    'inactive message too long',
    () => ({ inactiveMessage: 'x'.repeat(5001), lineItems: [{ priceId: eur.priceId }] }),
    'VALIDATION',
    'VALUE__TOO_LONG',
    ['input', 'inactiveMessage'],
  ],
  [
    'redirect without URL',
    () => ({ afterCompletion: { type: 'REDIRECT' }, lineItems: [{ priceId: eur.priceId }] }),
    'VALIDATION',
    'VALUE__MISSING',
    ['input', 'afterCompletion', 'redirectUrl'],
  ],
  [
    'redirect to a non-http URL',
    () => ({ afterCompletion: { type: 'REDIRECT', redirectUrl: 'javascript:alert(1)' }, lineItems: [{ priceId: eur.priceId }] }),
    'VALIDATION',
    'VALUE__BAD_FORMAT',
    ['input', 'afterCompletion', 'redirectUrl'],
  ],
  [
    'back-to-provider ftp URL',
    () => ({ afterCompletion: { type: 'MESSAGE', backToProviderUrl: 'ftp://x.example' }, lineItems: [{ priceId: eur.priceId }] }),
    'VALIDATION',
    'VALUE__BAD_FORMAT',
    ['input', 'afterCompletion', 'backToProviderUrl'],
  ],
  [
    'completed sessions limit 0',
    () => ({ completedSessionsLimit: 0, lineItems: [{ priceId: eur.priceId }] }),
    'VALIDATION',
    'VALUE__TOO_LOW',
    ['input', 'completedSessionsLimit'],
  ],
  [
    'plan item without planId',
    () => ({ lineItems: [{ type: 'PLAN', priceId: eur.priceId }] }),
    'VALIDATION',
    'VALUE__MISSING',
    ['input', 'lineItems', '0', 'planId'],
  ],
  ['plan item of an unknown plan', () => ({ lineItems: [{ planId: UNKNOWN }] }), 'NOT_FOUND', 'PLAN__NOT_FOUND', ['input', 'lineItems', '0', 'planId']],
];

describe('createCheckoutLink validation', () => {
  it.each(cases)('%s', async (_name, input, code, reason, path) => {
    const before = await api.rows();
    const r = await api.create(input());
    expect(r.checkoutLink).toBeNull();
    expect(r.userErrors).toContainEqual({ code, reason, message: expect.any(String), path });
    expect(await api.rows()).toEqual(before);
  });

  it('a duplicate explicit slug is a CONFLICT and writes nothing (inline rows rolled back)', async () => {
    await api.createOk({ slug: 'taken-slug', lineItems: [{ priceId: otherEur.priceId }] });
    const before = await api.rows();
    const r = await api.create({ slug: 'taken-slug', lineItems: [{ priceData: { productName: 'Inline', currency: 'eur', unitAmount: 5 } }] });
    expect(r).toEqual({
      checkoutLink: null,
      userErrors: [{ code: 'CONFLICT', reason: 'CHECKOUT_LINK__SLUG_CONFLICT', message: expect.any(String), path: ['input', 'slug'] }],
    });
    expect(await api.rows()).toEqual(before);
  });

  it('concurrent creates with one generated slug base all succeed with distinct slugs', async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => api.create({ title: 'Race day', lineItems: [{ priceId: otherEur.priceId }] })));
    const slugs = results.map((r) => r.checkoutLink?.slug).sort();
    expect(slugs[0]).toBe('race-day');
    expect(new Set(slugs).size).toBe(4);
    for (const slug of slugs) expect(slug).toMatch(/^race-day(-[0-9a-z]+)?$/);
  });

  it('forty concurrent creates of one title all succeed (contended races fall back to random suffixes)', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => api.create({ title: 'Crowd', lineItems: [{ priceId: otherEur.priceId }] })));
    expect(results.filter((r) => r.userErrors.length > 0)).toEqual([]);
    const slugs = results.map((r) => r.checkoutLink?.slug as string);
    expect(new Set(slugs).size).toBe(40);
    for (const slug of slugs) expect(slug).toMatch(/^crowd(-[0-9a-z]+)?$/);
  });

  it('concurrent creates with one explicit slug: one wins, the others get the CONFLICT', async () => {
    const results = await Promise.all(Array.from({ length: 3 }, () => api.create({ slug: 'only-one', lineItems: [{ priceId: otherEur.priceId }] })));
    expect(results.filter((r) => r.checkoutLink).length).toBe(1);
    for (const r of results.filter((x) => !x.checkoutLink)) expect(r.userErrors[0]).toMatchObject({ code: 'CONFLICT', reason: 'CHECKOUT_LINK__SLUG_CONFLICT' });
  });

  it('refuses to replace the items of a non-ITEMS link and validates update input', async () => {
    const setup = await api.createOk({ mode: 'SETUP' });
    const r = await api.update(setup.id, { lineItems: [{ priceId: eur.priceId }] });
    expect(r.userErrors[0]).toMatchObject({ code: 'VALIDATION', reason: 'LINK__LINE_ITEMS_NOT_EDITABLE', path: ['input', 'lineItems'] });
    const link = await api.createOk({ lineItems: [{ priceId: eur.priceId }] });
    const before = await api.rows();
    const bad = await api.update(link.id, { title: 'new', lineItems: [{ priceId: eur.priceId }, { priceId: usd.priceId }] });
    expect(bad.userErrors[0]).toMatchObject({ reason: 'LINK__MIXED_CURRENCIES' });
    const redirect = await api.update(link.id, { afterCompletion: { type: 'REDIRECT' } });
    expect(redirect.userErrors[0]).toMatchObject({ reason: 'VALUE__MISSING', path: ['input', 'afterCompletion', 'redirectUrl'] });
    expect(await api.rows()).toEqual(before);
    const read = await gw.graphql(`query ($id: ID) { checkoutLink(id: $id) { title lineItems { price { id } } } }`, { id: link.id });
    expect((read.body.data as any).checkoutLink).toEqual({ title: null, lineItems: [{ price: { id: eur.priceId } }] });
  });
});
