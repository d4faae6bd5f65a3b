// Plans that create their products and prices (PlanTierItemInput.product / .price,
// CreatePlanInput.originProduct) and createPlanWithCheckoutLink: everything in one transaction,
// so a refused or failing create leaves no row in any table (counted in SQL before and after).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
let eur: { productId: string; priceId: string };

const ERRORS = 'userErrors { code reason message path }';
const PLAN =
  'id code status originProduct { id name kind } tiers { name items { defaultQuantity product { id name kind } price { id currency unitAmount recurring { interval } } } }';
const CREATE_PLAN = `mutation ($input: CreatePlanInput!) { createPlan(input: $input) { plan { ${PLAN} } ${ERRORS} } }`;
const REPLACE_PLAN = `mutation ($id: ID!, $input: ReplacePlanInput!) { replacePlan(id: $id, input: $input) { plan { ${PLAN} } ${ERRORS} } }`;
const TABLES = ['product', 'price', 'plan', 'plan_tier', 'plan_tier_item', 'checkout_link', 'line_item'] as const;

/** Row counts of every table a plan or link create writes, whatever the tenant. */
async function rows(): Promise<Record<(typeof TABLES)[number], number>> {
  const sql = `select ${TABLES.map((t) => `(select count(*) from ${t}) as ${t}`).join(', ')}`;
  const [row] = (await gw.db.orm.em.getConnection().execute(sql)) as Record<string, string | number>[];
  return Object.fromEntries(TABLES.map((t) => [t, Number(row?.[t])])) as Record<(typeof TABLES)[number], number>;
}

const errorsOf = (r: { body: { data?: any } }, field: string) =>
  (r.body.data[field].userErrors as { code: string; reason: string; path: string[] }[]).map(({ code, reason, path }) => ({
    code,
    reason,
    path: path.join('.'),
  }));

beforeAll(async () => {
  gw = await startGateway();
  const r = await gw.graphql<any>(
    `mutation { createProduct(input: { name: "Seat", defaultPrice: { currency: "EUR", unitAmount: 900 } }) { product { id defaultPrice { id } } } }`,
  );
  eur = { productId: r.body.data.createProduct.product.id, priceId: r.body.data.createProduct.product.defaultPrice.id };
});
afterAll(async () => {
  await gw?.close();
});

describe('createPlan with inline products and prices', () => {
  it('creates the origin product, item products, prices, the plan, its tiers and items in one create', async () => {
    const before = await rows();
    const input = {
      name: 'Bundle',
      activate: true,
      originProduct: { name: 'Bundle base' },
      tiers: [
        {
          name: 'Solo',
          items: [
            { price: { currency: 'EUR', unitAmount: 1000, recurring: { interval: 'MONTH' } } },
            { product: { name: 'Add-on', kind: 'ONE_TIME' }, price: { currency: 'EUR', unitAmountDecimal: '2.50' }, defaultQuantity: 2 },
            { productId: eur.productId, price: { currency: 'eur', unitAmount: 700 } },
          ],
        },
        { name: 'Team', items: [{ productId: eur.productId, priceId: eur.priceId }] },
      ],
    };
    const r = await gw.graphql<any>(CREATE_PLAN, { input });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.createPlan.userErrors).toEqual([]);
    const plan = r.body.data.createPlan.plan;
    expect(plan.status).toBe('ACTIVE');
    expect(plan.originProduct).toMatchObject({ name: 'Bundle base', kind: 'PLAN_ONLY' });
    const [solo, team] = plan.tiers;
    expect(
      solo.items.map((i: any) => [
        i.product.name,
        i.product.kind,
        i.price.currency,
        i.price.unitAmount,
        i.price.recurring?.interval ?? null,
        i.defaultQuantity,
      ]),
    ).toEqual([
      ['Bundle base', 'PLAN_ONLY', 'EUR', 1000, 'MONTH', 1],
      ['Add-on', 'ONE_TIME', 'EUR', 250, null, 2],
      ['Seat', 'RECURRING', 'EUR', 700, null, 1],
    ]);
    expect(solo.items[0].product.id).toBe(plan.originProduct.id);
    expect(team.items).toEqual([
      expect.objectContaining({ product: expect.objectContaining({ id: eur.productId }), price: expect.objectContaining({ id: eur.priceId }) }),
    ]);
    const after = await rows();
    expect(after).toEqual({
      ...before,
      product: before.product + 2,
      price: before.price + 3,
      plan: before.plan + 1,
      plan_tier: before.plan_tier + 2,
      plan_tier_item: before.plan_tier_item + 4,
    });
    // A PLAN_ONLY product stays out of product lists unless asked for.
    const listed = await gw.graphql<any>(
      '{ products(first: 100) { nodes { id } } all: products(first: 100, filter: { includePlanOnly: true }) { nodes { id } } }',
    );
    expect(listed.body.data.products.nodes.map((n: any) => n.id)).not.toContain(plan.originProduct.id);
    expect(listed.body.data.all.nodes.map((n: any) => n.id)).toContain(plan.originProduct.id);
  });

  const item = (currency: string, amount: number) => ({ product: { name: `Item ${currency} ${amount}` }, price: { currency, unitAmount: amount } });
  const refused: [string, () => Record<string, unknown>, { code: string; reason: string; path: string }[]][] = [
    [
      'a bad currency in the third item (checked before any write)',
      () => ({ name: 'Bad', tiers: [{ name: 'T', items: [item('EUR', 1), item('EUR', 2), item('EURO', 3)] }] }),
      [{ code: 'VALIDATION', reason: 'CURRENCY__UNKNOWN', path: 'input.tiers.0.items.2.price.currency' }],
    ],
    [
      'mixed currencies of inline prices (found after the inline rows were written)',
      () => ({ name: 'Mixed', originProduct: { name: 'M' }, tiers: [{ name: 'T', items: [item('EUR', 1), item('EUR', 2), item('USD', 3)] }] }),
      [{ code: 'VALIDATION', reason: 'PLAN__MIXED_CURRENCIES', path: 'input.tiers.0.items.2.priceId' }],
    ],
    [
      'an unknown product next to inline ones (found after the inline rows were written)',
      () => ({
        name: 'Unknown',
        tiers: [{ name: 'T', items: [item('EUR', 1), { productId: '0190f0f0-0000-7000-8000-000000000000', price: { currency: 'EUR', unitAmount: 5 } }] }],
      }),
      [{ code: 'NOT_FOUND', reason: 'PRODUCT__NOT_FOUND', path: 'input.tiers.0.items.1.productId' }],
    ],
    [
      'a decimal with too many digits',
      () => ({ name: 'Digits', tiers: [{ name: 'T', items: [{ product: { name: 'x' }, price: { currency: 'JPY', unitAmountDecimal: '1.5' } }] }] }),
      [{ code: 'VALIDATION', reason: 'AMOUNT__INVALID', path: 'input.tiers.0.items.0.price.unitAmountDecimal' }],
    ],
    [
      'productId and product together',
      () => ({ name: 'Both', tiers: [{ name: 'T', items: [{ productId: eur.productId, product: { name: 'x' }, priceId: eur.priceId }] }] }),
      [{ code: 'VALIDATION', reason: 'PLAN_TIER_ITEM__PRODUCT_CONFLICT', path: 'input.tiers.0.items.0.product' }],
    ],
    [
      'no product and no origin product',
      () => ({ name: 'None', tiers: [{ name: 'T', items: [{ price: { currency: 'EUR', unitAmount: 1 } }] }] }),
      [{ code: 'VALIDATION', reason: 'PLAN_TIER_ITEM__PRODUCT_MISSING', path: 'input.tiers.0.items.0.productId' }],
    ],
    [
      'priceId and price together',
      () => ({ name: 'Both', tiers: [{ name: 'T', items: [{ ...eur, price: { currency: 'EUR', unitAmount: 1 } }] }] }),
      [{ code: 'VALIDATION', reason: 'PLAN_TIER_ITEM__PRICE_CONFLICT', path: 'input.tiers.0.items.0.price' }],
    ],
    [
      'neither priceId nor price',
      () => ({ name: 'None', tiers: [{ name: 'T', items: [{ productId: eur.productId }] }] }),
      [{ code: 'VALIDATION', reason: 'PLAN_TIER_ITEM__PRICE_MISSING', path: 'input.tiers.0.items.0.priceId' }],
    ],
    [
      'an existing price for a new product',
      () => ({ name: 'Mismatch', tiers: [{ name: 'T', items: [{ product: { name: 'x' }, priceId: eur.priceId }] }] }),
      [{ code: 'VALIDATION', reason: 'PRICE__PRODUCT_MISMATCH', path: 'input.tiers.0.items.0.priceId' }],
    ],
    [
      'originProductId and originProduct together',
      () => ({ name: 'Origins', originProductId: eur.productId, originProduct: { name: 'x' }, tiers: [{ name: 'T', items: [eur] }] }),
      [{ code: 'VALIDATION', reason: 'PLAN__ORIGIN_PRODUCT_CONFLICT', path: 'input.originProduct' }],
    ],
    [
      'a blank inline product name',
      () => ({ name: 'Blank', tiers: [{ name: 'T', items: [{ product: { name: ' ' }, price: { currency: 'EUR', unitAmount: 1 } }] }] }),
      [{ code: 'VALIDATION', reason: 'VALUE__BLANK', path: 'input.tiers.0.items.0.product.name' }],
    ],
  ];
  for (const [name, input, expected] of refused) {
    it(`refuses ${name} and leaves no row in any table`, async () => {
      const before = await rows();
      const r = await gw.graphql<any>(CREATE_PLAN, { input: input() });
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.createPlan.plan).toBeNull();
      expect(errorsOf(r, 'createPlan')).toEqual(expected);
      expect(await rows()).toEqual(before);
    });
  }

  it('rolls back the inline rows when the plan itself fails at its insert (a taken code)', async () => {
    const first = await gw.graphql<any>(CREATE_PLAN, { input: { name: 'Coded', code: 'coded', tiers: [{ name: 'T', items: [eur] }] } });
    expect(first.body.data.createPlan.userErrors).toEqual([]);
    const before = await rows();
    const r = await gw.graphql<any>(CREATE_PLAN, {
      input: { name: 'Coded', code: 'coded', originProduct: { name: 'P' }, tiers: [{ name: 'T', items: [item('EUR', 5)] }] },
    });
    expect(errorsOf(r, 'createPlan')).toEqual([{ code: 'CONFLICT', reason: 'PLAN__CODE_CONFLICT', path: 'input.code' }]);
    expect(await rows()).toEqual(before);
  });

  it('needs product:write and price:write for inline rows, and writes nothing without them', async () => {
    const planOnly = await gw.keyWith(['plan:write', 'plan:read', 'product:read', 'price:read']);
    const before = await rows();
    const product = await gw.graphql<any>(
      CREATE_PLAN,
      { input: { name: 'NoScope', originProduct: { name: 'x' }, tiers: [{ name: 'T', items: [eur] }] } },
      planOnly,
    );
    expect(product.body.errors?.[0]?.extensions?.code, JSON.stringify(product.body)).toBe('FORBIDDEN');
    const price = await gw.graphql<any>(
      CREATE_PLAN,
      { input: { name: 'NoScope', tiers: [{ name: 'T', items: [{ productId: eur.productId, price: { currency: 'EUR', unitAmount: 1 } }] }] } },
      planOnly,
    );
    expect(price.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await rows()).toEqual(before);
  });
});

describe('replacePlan with inline prices', () => {
  it('creates them with the new tier list, or nothing when the replace is refused', async () => {
    const created = (
      await gw.graphql<any>(CREATE_PLAN, { input: { name: 'Replaceable', originProductId: eur.productId, tiers: [{ name: 'T', items: [eur] }] } })
    ).body.data.createPlan.plan;
    const before = await rows();
    const bad = await gw.graphql<any>(REPLACE_PLAN, {
      id: created.id,
      input: {
        code: created.code,
        name: 'R',
        originProductId: eur.productId,
        tiers: [{ name: 'T', items: [{ price: { currency: 'EUR', unitAmount: 11 } }, { price: { currency: 'USD', unitAmount: 12 } }] }],
      },
    });
    expect(errorsOf(bad, 'replacePlan')).toEqual([{ code: 'VALIDATION', reason: 'PLAN__MIXED_CURRENCIES', path: 'input.tiers.0.items.1.priceId' }]);
    expect(await rows()).toEqual(before);
    const good = await gw.graphql<any>(REPLACE_PLAN, {
      id: created.id,
      input: { code: created.code, name: 'R', originProductId: eur.productId, tiers: [{ name: 'T', items: [{ price: { currency: 'EUR', unitAmount: 11 } }] }] },
    });
    expect(good.body.data.replacePlan.userErrors).toEqual([]);
    expect(good.body.data.replacePlan.plan.tiers[0].items[0]).toMatchObject({ product: { id: eur.productId }, price: { unitAmount: 11, currency: 'EUR' } });
    // The tier without an id replaces the old one: one new price, as many tiers and items as before.
    expect(await rows()).toEqual({ ...before, price: before.price + 1 });
  });
});

describe('createPlanWithCheckoutLink', () => {
  const CREATE_BOTH = `mutation ($input: CreatePlanWithCheckoutLinkInput!) { createPlanWithCheckoutLink(input: $input) {
    plan { id status originProduct { kind } } checkoutLink { id slug source plan { id } lineItems { quantity price { unitAmount currency } } } ${ERRORS} } }`;
  const plan = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    activate: true,
    originProduct: { name },
    tiers: [{ name: 'Default', items: [{ price: { currency: 'USD', unitAmount: 1500 } }] }],
    ...extra,
  });

  it('creates product, price, plan, tier, item, link and line item together', async () => {
    const before = await rows();
    const r = await gw.graphql<any>(CREATE_BOTH, { input: { plan: plan('Together'), checkoutLink: { title: 'Together', metadata: { n: '1' } } } });
    expect(r.body.errors).toBeUndefined();
    const out = r.body.data.createPlanWithCheckoutLink;
    expect(out.userErrors).toEqual([]);
    expect(out.plan).toMatchObject({ status: 'ACTIVE', originProduct: { kind: 'PLAN_ONLY' } });
    expect(out.checkoutLink).toMatchObject({
      source: 'PLAN',
      plan: { id: out.plan.id },
      lineItems: [{ quantity: 1, price: { unitAmount: 1500, currency: 'USD' } }],
    });
    expect(await rows()).toEqual({
      product: before.product + 1,
      price: before.price + 1,
      plan: before.plan + 1,
      plan_tier: before.plan_tier + 1,
      plan_tier_item: before.plan_tier_item + 1,
      checkout_link: before.checkout_link + 1,
      line_item: before.line_item + 1,
    });
  });

  it('leaves nothing when the link fails after the plan was written (a taken slug)', async () => {
    const first = await gw.graphql<any>(CREATE_BOTH, { input: { plan: plan('Slugged'), checkoutLink: { slug: 'taken-slug' } } });
    expect(first.body.data.createPlanWithCheckoutLink.userErrors).toEqual([]);
    const before = await rows();
    const r = await gw.graphql<any>(CREATE_BOTH, { input: { plan: plan('Slugged again'), checkoutLink: { slug: 'taken-slug' } } });
    expect(r.body.data.createPlanWithCheckoutLink).toMatchObject({ plan: null, checkoutLink: null });
    expect(errorsOf(r, 'createPlanWithCheckoutLink')).toEqual([{ code: 'CONFLICT', reason: 'CHECKOUT_LINK__SLUG_CONFLICT', path: 'input.checkoutLink.slug' }]);
    expect(await rows()).toEqual(before);
  });

  const refused: [string, () => Record<string, unknown>, { code: string; reason: string; path: string }[]][] = [
    [
      'a bad inline currency in the plan',
      () => ({ plan: plan('Bad', { tiers: [{ name: 'T', items: [{ price: { currency: 'XXQ', unitAmount: 1 } }] }] }), checkoutLink: {} }),
      [{ code: 'VALIDATION', reason: 'CURRENCY__UNKNOWN', path: 'input.plan.tiers.0.items.0.price.currency' }],
    ],
    [
      "a link currency that is not the plan's",
      () => ({ plan: plan('Euro link'), checkoutLink: { currency: 'EUR' } }),
      [{ code: 'VALIDATION', reason: 'LINK__CURRENCY_MISMATCH', path: 'input.checkoutLink.currency' }],
    ],
    [
      'a redirect without its URL',
      () => ({ plan: plan('Redirect'), checkoutLink: { afterCompletion: { type: 'REDIRECT' } } }),
      [{ code: 'VALIDATION', reason: 'VALUE__MISSING', path: 'input.checkoutLink.afterCompletion.redirectUrl' }],
    ],
    [
      'a source of its own',
      () => ({ plan: plan('Source'), checkoutLink: { planId: '0190f0f0-0000-7000-8000-000000000000' } }),
      [{ code: 'VALIDATION', reason: 'LINK__SOURCE_CONFLICT', path: 'input.checkoutLink.planId' }],
    ],
    [
      'a plan that is not activated',
      () => ({ plan: plan('Draft', { activate: false }), checkoutLink: {} }),
      [{ code: 'VALIDATION', reason: 'PLAN__NOT_ACTIVE', path: 'input.plan.activate' }],
    ],
  ];
  for (const [name, input, expected] of refused) {
    it(`refuses ${name} and leaves no row in any table`, async () => {
      const before = await rows();
      const r = await gw.graphql<any>(CREATE_BOTH, { input: input() });
      expect(r.body.errors).toBeUndefined();
      expect(errorsOf(r, 'createPlanWithCheckoutLink')).toEqual(expected);
      expect(await rows()).toEqual(before);
    });
  }

  it('needs checkout-link:write as well as plan:write', async () => {
    const key = await gw.keyWith(['plan:write', 'plan:read', 'product:write', 'price:write']);
    const before = await rows();
    const r = await gw.graphql<any>(CREATE_BOTH, { input: { plan: plan('No link scope'), checkoutLink: {} } }, key);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await rows()).toEqual(before);
  });
});
