// Plan input rules (each answered as a user error with its path, nothing left behind),
// tenant and mode isolation, scopes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
let eur: { productId: string; priceId: string };
let eur2: { productId: string; priceId: string };
let usd: { productId: string; priceId: string };

const CREATE_PLAN = `mutation ($input: CreatePlanInput!) { createPlan(input: $input) { plan { id code status } userErrors { code reason message path } } }`;
const REPLACE_PLAN = `mutation ($id: ID!, $input: ReplacePlanInput!) { replacePlan(id: $id, input: $input) { plan { id } userErrors { code reason message path } } }`;

async function product(name: string, currency: string, key?: string): Promise<{ productId: string; priceId: string }> {
  const r = await gw.graphql<any>(
    `mutation ($input: CreateProductInput!) { createProduct(input: $input) { product { id defaultPrice { id } } } }`,
    { input: { name, defaultPrice: { currency, unitAmount: 500 } } },
    key,
  );
  const p = r.body.data.createProduct.product;
  return { productId: p.id, priceId: p.defaultPrice.id };
}

async function counts(key?: string): Promise<unknown> {
  const r = await gw.graphql<any>('{ plans { totalCount } }', {}, key);
  return r.body.data.plans.totalCount;
}

beforeAll(async () => {
  gw = await startGateway();
  eur = await product('Euro thing', 'EUR');
  eur2 = await product('Other euro thing', 'EUR');
  usd = await product('Dollar thing', 'USD');
});
afterAll(async () => {
  await gw?.close();
});

const UNKNOWN = '0190f0f0-0000-7000-8000-000000000000';
const tier = (items: unknown[], extra: Record<string, unknown> = {}) => ({ name: 'Tier', items, ...extra });

describe('plan input rules', () => {
  const cases: [string, () => Record<string, unknown>, { code: string; reason: string; path: string[] }[]][] = [
    ['blank name', () => ({ name: '  ', tiers: [tier([eur])] }), [{ code: 'VALIDATION', reason: 'VALUE__BLANK', path: ['input', 'name'] }]],
    ['long name', () => ({ name: 'x'.repeat(256), tiers: [tier([eur])] }), [{ code: 'VALIDATION', reason: 'VALUE__TOO_LONG', path: ['input', 'name'] }]],
    [
      'bad code',
      () => ({ name: 'n', code: 'Not-Kebab-', tiers: [tier([eur])] }),
      [{ code: 'VALIDATION', reason: 'VALUE__BAD_FORMAT', path: ['input', 'code'] }],
    ],
    [
      'long code',
      () => ({ name: 'n', code: 'a'.repeat(65), tiers: [tier([eur])] }),
      [{ code: 'VALIDATION', reason: 'VALUE__TOO_LONG', path: ['input', 'code'] }],
    ],
    ['no tiers', () => ({ name: 'n', tiers: [] }), [{ code: 'VALIDATION', reason: 'VALUE__TOO_FEW', path: ['input', 'tiers'] }]],
    [
      'blank tier name',
      () => ({ name: 'n', tiers: [tier([eur], { name: '' })] }),
      [{ code: 'VALIDATION', reason: 'VALUE__BLANK', path: ['input', 'tiers', '0', 'name'] }],
    ],
    [
      'unknown product',
      () => ({ name: 'n', tiers: [tier([eur, { productId: UNKNOWN, priceId: eur.priceId }])] }),
      [{ code: 'NOT_FOUND', reason: 'PRODUCT__NOT_FOUND', path: ['input', 'tiers', '0', 'items', '1', 'productId'] }],
    ],
    [
      'unknown price',
      () => ({ name: 'n', tiers: [tier([]), tier([{ productId: eur.productId, priceId: 'nope' }])] }),
      [{ code: 'NOT_FOUND', reason: 'PRICE__NOT_FOUND', path: ['input', 'tiers', '1', 'items', '0', 'priceId'] }],
    ],
    [
      'price of another product',
      () => ({ name: 'n', tiers: [tier([{ productId: eur.productId, priceId: eur2.priceId }])] }),
      [{ code: 'VALIDATION', reason: 'PRICE__PRODUCT_MISMATCH', path: ['input', 'tiers', '0', 'items', '0', 'priceId'] }],
    ],
    [
      'mixed currencies',
      () => ({ name: 'n', tiers: [tier([eur]), tier([usd])] }),
      [{ code: 'VALIDATION', reason: 'PLAN__MIXED_CURRENCIES', path: ['input', 'tiers', '1', 'items', '0', 'priceId'] }],
    ],
    [
      'plan currency differs from prices',
      () => ({ name: 'n', currency: 'usd', tiers: [tier([eur])] }),
      [{ code: 'VALIDATION', reason: 'PLAN__MIXED_CURRENCIES', path: ['input', 'tiers', '0', 'items', '0', 'priceId'] }],
    ],
    [
      'zero default quantity',
      () => ({ name: 'n', tiers: [tier([{ ...eur, defaultQuantity: 0 }])] }),
      [{ code: 'VALIDATION', reason: 'VALUE__TOO_LOW', path: ['input', 'tiers', '0', 'items', '0', 'defaultQuantity'] }],
    ],
    [
      'min above default',
      () => ({ name: 'n', tiers: [tier([{ ...eur, defaultQuantity: 2, minQuantity: 3 }])] }),
      [{ code: 'VALIDATION', reason: 'QUANTITY__OUT_OF_RANGE', path: ['input', 'tiers', '0', 'items', '0', 'minQuantity'] }],
    ],
    [
      'max below default',
      () => ({ name: 'n', tiers: [tier([{ ...eur, defaultQuantity: 5, maxQuantity: 4 }])] }),
      [{ code: 'VALIDATION', reason: 'QUANTITY__OUT_OF_RANGE', path: ['input', 'tiers', '0', 'items', '0', 'maxQuantity'] }],
    ],
    [
      'negative min',
      () => ({ name: 'n', tiers: [tier([{ ...eur, minQuantity: -1 }])] }),
      [{ code: 'VALIDATION', reason: 'VALUE__TOO_LOW', path: ['input', 'tiers', '0', 'items', '0', 'minQuantity'] }],
    ],
    [
      'bad family id',
      () => ({ name: 'n', familyId: 'fam', tiers: [tier([eur])] }),
      [{ code: 'VALIDATION', reason: 'VALUE__BAD_FORMAT', path: ['input', 'familyId'] }],
    ],
    [
      'unknown origin product',
      () => ({ name: 'n', originProductId: UNKNOWN, tiers: [tier([eur])] }),
      [{ code: 'NOT_FOUND', reason: 'PRODUCT__NOT_FOUND', path: ['input', 'originProductId'] }],
    ],
    [
      'unknown currency',
      () => ({ name: 'n', planType: 'ONE_TIME', currency: 'XXQ', tiers: [] }),
      [{ code: 'VALIDATION', reason: 'CURRENCY__UNKNOWN', path: ['input', 'currency'] }],
    ],
    [
      'negative renewal price',
      () => ({ name: 'n', planType: 'RENEWAL', renewalPrice: -1, tiers: [] }),
      [{ code: 'VALIDATION', reason: 'VALUE__TOO_LOW', path: ['input', 'renewalPrice'] }],
    ],
    [
      'zero billing period',
      () => ({ name: 'n', planType: 'RENEWAL', billingPeriodDays: 0, tiers: [] }),
      [{ code: 'VALIDATION', reason: 'VALUE__TOO_LOW', path: ['input', 'billingPeriodDays'] }],
    ],
    [
      'negative stock',
      () => ({ name: 'n', planType: 'ONE_TIME', stock: -3, tiers: [] }),
      [{ code: 'VALIDATION', reason: 'VALUE__TOO_LOW', path: ['input', 'stock'] }],
    ],
    [
      'tier id on create',
      () => ({ name: 'n', tiers: [tier([eur], { id: UNKNOWN })] }),
      [{ code: 'VALIDATION', reason: 'PLAN_TIER__NOT_FOUND', path: ['input', 'tiers', '0', 'id'] }],
    ],
  ];

  for (const [name, input, expected] of cases) {
    it(`answers ${name} with a user error and leaves no row`, async () => {
      const before = await counts();
      const { status, body } = await gw.graphql<any>(CREATE_PLAN, { input: input() });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data.createPlan.plan).toBeNull();
      expect(body.data.createPlan.userErrors.map(({ code, reason, path }: any) => ({ code, reason, path }))).toEqual(expected);
      expect(await counts()).toBe(before);
    });
  }

  it('blank name carries the expected message, and several violations come together', async () => {
    const { body } = await gw.graphql<any>(CREATE_PLAN, { input: { name: '', code: 'BAD', tiers: [tier([{ ...eur, defaultQuantity: 0 }])] } });
    const errors = body.data.createPlan.userErrors;
    expect(errors.find((e: any) => e.path.join('.') === 'input.name').message).toBe('This value should not be blank.');
    expect(errors.map((e: any) => e.path.join('.')).sort()).toEqual(['input.code', 'input.name', 'input.tiers.0.items.0.defaultQuantity']);
  });

  it('applies the same rules to replacePlan, without touching the plan', async () => {
    const plan = (await gw.graphql<any>(CREATE_PLAN, { input: { name: 'Stable', tiers: [tier([eur])] } })).body.data.createPlan.plan;
    const noTiers = await gw.graphql<any>(REPLACE_PLAN, { id: plan.id, input: { code: plan.code, name: 'x', tiers: [] } });
    expect(noTiers.body.data.replacePlan.userErrors).toEqual([expect.objectContaining({ reason: 'VALUE__TOO_FEW', path: ['input', 'tiers'] })]);
    const mixed = await gw.graphql<any>(REPLACE_PLAN, { id: plan.id, input: { code: plan.code, name: 'x', tiers: [tier([eur, usd])] } });
    expect(mixed.body.data.replacePlan.userErrors).toEqual([
      expect.objectContaining({ reason: 'PLAN__MIXED_CURRENCIES', path: ['input', 'tiers', '0', 'items', '1', 'priceId'] }),
    ]);
    const missing = await gw.graphql<any>(REPLACE_PLAN, { id: UNKNOWN, input: { code: 'x', name: 'x', tiers: [tier([eur])] } });
    expect(missing.body.data.replacePlan.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', reason: 'PLAN__NOT_FOUND', path: ['id'] })]);
    const read = await gw.graphql<any>(`query ($id: ID!) { plan(id: $id) { name tiers { items { price { currency } } } } }`, { id: plan.id });
    expect(read.body.data.plan).toEqual({ name: 'Stable', tiers: [{ items: [{ price: { currency: 'EUR' } }] }] });
  });
});

describe('plan isolation and scopes', () => {
  it("hides each organisation's plans from the other", async () => {
    const a = (await gw.graphql<any>(CREATE_PLAN, { input: { name: 'A only', tiers: [tier([eur])] } })).body.data.createPlan.plan;
    const bItem = await product('B thing', 'EUR', gw.orgB.testKey);
    const b = (await gw.graphql<any>(CREATE_PLAN, { input: { name: 'B only', tiers: [tier([bItem])] } }, gw.orgB.testKey)).body.data.createPlan.plan;
    const q = `query ($id: ID!, $code: String) { plan(id: $id) { id } byCode: plan(code: $code) { id } node(id: $id) { id } }`;
    expect((await gw.graphql<any>(q, { id: b.id, code: b.code })).body.data).toEqual({ plan: null, byCode: null, node: null });
    expect((await gw.graphql<any>(q, { id: a.id, code: a.code }, gw.orgB.testKey)).body.data).toEqual({ plan: null, byCode: null, node: null });
    const crossItem = await gw.graphql<any>(CREATE_PLAN, { input: { name: 'Cross', tiers: [tier([bItem])] } });
    expect(crossItem.body.data.createPlan.userErrors.map((e: any) => e.reason)).toEqual(['PRODUCT__NOT_FOUND', 'PRICE__NOT_FOUND']);
    const crossActivate = await gw.graphql<any>(`mutation ($id: ID!) { activatePlan(id: $id) { plan { id } userErrors { code } } }`, { id: b.id });
    expect(crossActivate.body.data.activatePlan.userErrors).toEqual([{ code: 'NOT_FOUND' }]);
    // The same code is free in another organisation.
    const sameCode = await gw.graphql<any>(CREATE_PLAN, { input: { name: 'B only', code: b.code, tiers: [tier([eur])] } });
    expect(sameCode.body.data.createPlan.plan.code).toBe(b.code);
  });

  it('keeps test and live plans apart', async () => {
    const liveItem = await product('Live thing', 'EUR', gw.orgA.liveKey);
    const live = (await gw.graphql<any>(CREATE_PLAN, { input: { name: 'Live plan', tiers: [tier([liveItem])] } }, gw.orgA.liveKey)).body.data.createPlan.plan;
    const read = await gw.graphql<any>(`query ($id: ID!) { plan(id: $id) { id livemode } }`, { id: live.id }, gw.orgA.liveKey);
    expect(read.body.data.plan).toEqual({ id: live.id, livemode: true });
    expect((await gw.graphql<any>(`query ($id: ID!) { plan(id: $id) { id } }`, { id: live.id })).body.data.plan).toBeNull();
    const list = await gw.graphql<any>(`{ plans(first: 100) { nodes { id } } }`);
    expect(list.body.data.plans.nodes.map((n: any) => n.id)).not.toContain(live.id);
  });

  it('needs plan:write to write and plan:read to read', async () => {
    const readOnly = await gw.keyWith(['plan:read']);
    const before = await counts();
    const r = await gw.graphql<any>(CREATE_PLAN, { input: { name: 'Nope', tiers: [tier([eur])] } }, readOnly);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await counts(readOnly)).toBe(before);
    const noRead = await gw.keyWith(['product:read']);
    const q = await gw.graphql<any>('{ plans { totalCount } }', {}, noRead);
    expect(q.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
