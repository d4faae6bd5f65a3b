import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { countSql } from '../support/sql-counter.ts';

let gw: TestGateway;
beforeAll(async () => {
  // Statement counts: no background webhook worker or expiry sweeper polling during the count.
  gw = await startGateway({ WEBHOOK_WORKER: 'off' });
});
afterAll(async () => {
  await gw?.close();
});

const PLAN_FIELDS = /* GraphQL */ `
  id code name status currency livemode allowCheckout familyId metadata planType unlimitedStock
  originProduct { id }
  tiers { id name position currency plan { id } items { id defaultQuantity minQuantity maxQuantity quantityEditable position tier { id } product { id name } price { id currency unitAmount } } }
`;
const CREATE_PLAN = `mutation ($input: CreatePlanInput!) { createPlan(input: $input) { plan { ${PLAN_FIELDS} } userErrors { code reason message path } } }`;
const REPLACE_PLAN = `mutation ($id: ID!, $input: ReplacePlanInput!) { replacePlan(id: $id, input: $input) { plan { ${PLAN_FIELDS} } userErrors { code reason message path } } }`;
const ACTIVATE = `mutation ($id: ID!) { activatePlan(id: $id) { plan { id status } userErrors { code reason path } } }`;
const ARCHIVE = `mutation ($id: ID!) { archivePlan(id: $id) { plan { id status } userErrors { code reason path } } }`;
const GET_PLAN = `query ($id: ID, $code: String) { plan(id: $id, code: $code) { ${PLAN_FIELDS} } }`;

/** A product with one price (created through GraphQL); returns both ids. */
async function product(name: string, currency = 'EUR', unitAmount = 1000, key?: string): Promise<{ productId: string; priceId: string }> {
  const r = await gw.graphql<any>(
    `mutation ($input: CreateProductInput!) { createProduct(input: $input) { product { id defaultPrice { id } } userErrors { reason } } }`,
    { input: { name, defaultPrice: { currency, unitAmount } } },
    key,
  );
  const p = r.body.data.createProduct.product;
  return { productId: p.id, priceId: p.defaultPrice.id };
}

async function createPlan(input: Record<string, unknown>, key?: string): Promise<any> {
  const r = await gw.graphql<any>(CREATE_PLAN, { input }, key);
  expect(r.body.errors).toBeUndefined();
  return r.body.data.createPlan;
}

async function planCount(key?: string): Promise<number> {
  const r = await gw.graphql<any>('{ plans { totalCount } }', {}, key);
  return r.body.data.plans.totalCount;
}

describe('plans: create, read, activate', () => {
  it('creates a plan with two tiers and reads it back with items, prices and currency', async () => {
    const basic = await product('Basic seat', 'EUR', 900);
    const pro = await product('Pro seat', 'EUR', 2900);
    const res = await createPlan({
      name: 'Team plan',
      metadata: { source: 'test' },
      tiers: [
        { name: 'Basic', items: [{ ...basic, defaultQuantity: 2, minQuantity: 1, maxQuantity: 10, quantityEditable: true }] },
        { name: 'Pro', items: [{ ...pro }, { ...basic }] },
      ],
    });
    expect(res.userErrors).toEqual([]);
    const plan = res.plan;
    expect(plan).toMatchObject({
      code: 'team-plan',
      name: 'Team plan',
      status: 'DRAFT',
      currency: 'EUR',
      livemode: false,
      allowCheckout: true,
      metadata: { source: 'test' },
      unlimitedStock: true,
    });
    expect(plan.tiers.map((t: any) => [t.name, t.position, t.currency])).toEqual([
      ['Basic', 0, 'EUR'],
      ['Pro', 1, 'EUR'],
    ]);
    expect(plan.tiers[0].items[0]).toMatchObject({
      defaultQuantity: 2,
      minQuantity: 1,
      maxQuantity: 10,
      quantityEditable: true,
      position: 0,
      product: { id: basic.productId },
      price: { id: basic.priceId, currency: 'EUR', unitAmount: 900 },
    });
    expect(plan.tiers[1].items.map((i: any) => [i.product.name, i.defaultQuantity, i.quantityEditable, i.position])).toEqual([
      ['Pro seat', 1, false, 0],
      ['Basic seat', 1, false, 1],
    ]);
    expect(plan.tiers[1].items[0].tier.id).toBe(plan.tiers[1].id);
    expect(plan.tiers[0].plan.id).toBe(plan.id);

    const byId = await gw.graphql<any>(GET_PLAN, { id: plan.id });
    expect(byId.body.data.plan).toEqual(plan);
    const byCode = await gw.graphql<any>(GET_PLAN, { code: 'team-plan' });
    expect(byCode.body.data.plan.id).toBe(plan.id);
    const tier = await gw.graphql<any>(`query ($id: ID!) { planTier(id: $id) { id name currency items { price { id } } plan { code } } }`, {
      id: plan.tiers[1].id,
    });
    expect(tier.body.data.planTier).toMatchObject({ name: 'Pro', currency: 'EUR', plan: { code: 'team-plan' } });
  });

  it('generates unique codes from the name and activates a plan', async () => {
    const item = await product('Gen');
    const a = await createPlan({ name: 'Gold Über Plan!', tiers: [{ name: 'T', items: [item] }] });
    const b = await createPlan({ name: 'Gold Über Plan!', tiers: [{ name: 'T', items: [item] }] });
    const c = await createPlan({ name: 'gold über plan', tiers: [{ name: 'T', items: [item] }], activate: true });
    expect([a.plan.code, b.plan.code, c.plan.code]).toEqual(['gold-ueber-plan', 'gold-ueber-plan-2', 'gold-ueber-plan-3']);
    expect(c.plan.status).toBe('ACTIVE');
    const act = await gw.graphql<any>(ACTIVATE, { id: a.plan.id });
    expect(act.body.data.activatePlan).toEqual({ plan: { id: a.plan.id, status: 'ACTIVE' }, userErrors: [] });
    const again = await gw.graphql<any>(ACTIVATE, { id: a.plan.id });
    expect(again.body.data.activatePlan.plan.status).toBe('ACTIVE');
    const list = await gw.graphql<any>(`{ plans(filter: { status: ACTIVE }) { nodes { id } } }`);
    const ids = list.body.data.plans.nodes.map((n: any) => n.id);
    expect(ids).toContain(a.plan.id);
    expect(ids).not.toContain(b.plan.id);
  });

  it('refuses to activate an empty plan and an archived one', async () => {
    const empty = await createPlan({ name: 'Empty', tiers: [{ name: 'Nothing', items: [] }] });
    expect(empty.plan.status).toBe('DRAFT');
    const r = await gw.graphql<any>(ACTIVATE, { id: empty.plan.id });
    expect(r.body.data.activatePlan).toEqual({ plan: null, userErrors: [{ code: 'VALIDATION', reason: 'PLAN__EMPTY', path: ['id'] }] });
    const direct = await gw.graphql<any>(CREATE_PLAN, { input: { name: 'Empty2', activate: true, tiers: [{ name: 'Nothing', items: [] }] } });
    expect(direct.body.data.createPlan.userErrors[0]).toMatchObject({ reason: 'PLAN__EMPTY' });
    const single = await createPlan({ name: 'Single', planType: 'ONE_TIME', initialPrice: 500, currency: 'usd', tiers: [], activate: true });
    expect(single.userErrors).toEqual([]);
    expect(single.plan).toMatchObject({ status: 'ACTIVE', planType: 'ONE_TIME', currency: 'USD', tiers: [] });
    const arch = await gw.graphql<any>(ARCHIVE, { id: empty.plan.id });
    expect(arch.body.data.archivePlan.plan.status).toBe('ARCHIVED');
    const archAgain = await gw.graphql<any>(ARCHIVE, { id: empty.plan.id });
    expect(archAgain.body.data.archivePlan.plan.status).toBe('ARCHIVED');
    const act = await gw.graphql<any>(ACTIVATE, { id: empty.plan.id });
    expect(act.body.data.activatePlan.userErrors[0]).toMatchObject({ code: 'CONFLICT', reason: 'PLAN__ARCHIVED' });
  });
});

describe('plans: replace, update, delete', () => {
  it('replaces tiers keeping ids stable, adding and removing tiers', async () => {
    const a = await product('Replace A', 'EUR', 100);
    const b = await product('Replace B', 'EUR', 200);
    const created = (
      await createPlan({
        name: 'Replace me',
        tiers: [
          { name: 'One', items: [a] },
          { name: 'Two', items: [b] },
        ],
      })
    ).plan;
    const [one, two] = created.tiers;
    const res = await gw.graphql<any>(REPLACE_PLAN, {
      id: created.id,
      input: {
        code: 'replaced',
        name: 'Replaced',
        tiers: [
          { id: one.id, name: 'One renamed', items: [{ id: one.items[0].id, ...a, defaultQuantity: 3 }, b] },
          { name: 'Three', items: [b] },
        ],
      },
    });
    expect(res.body.data.replacePlan.userErrors).toEqual([]);
    const plan = res.body.data.replacePlan.plan;
    expect(plan).toMatchObject({ id: created.id, code: 'replaced', name: 'Replaced', metadata: {} });
    expect(plan.tiers.map((t: any) => t.name)).toEqual(['One renamed', 'Three']);
    expect(plan.tiers[0].id).toBe(one.id);
    expect(plan.tiers[0].items[0]).toMatchObject({ id: one.items[0].id, defaultQuantity: 3 });
    expect(plan.tiers[0].items).toHaveLength(2);
    expect(plan.tiers[1].id).not.toBe(two.id);
    const gone = await gw.graphql<any>(`query ($id: ID!) { planTier(id: $id) { id } node(id: $id) { id } }`, { id: two.id });
    expect(gone.body.data).toEqual({ planTier: null, node: null });
    const reread = await gw.graphql<any>(GET_PLAN, { id: created.id });
    expect(reread.body.data.plan).toEqual(plan);
  });

  it('refuses a tier id of another plan, a taken code, and an archived plan', async () => {
    const a = await product('Guard', 'EUR', 100);
    const p1 = (await createPlan({ name: 'Guard one', code: 'guard-one', tiers: [{ name: 'T', items: [a] }] })).plan;
    const p2 = (await createPlan({ name: 'Guard two', code: 'guard-two', tiers: [{ name: 'T', items: [a] }] })).plan;
    const foreign = await gw.graphql<any>(REPLACE_PLAN, {
      id: p1.id,
      input: { code: 'guard-one', name: 'x', tiers: [{ id: p2.tiers[0].id, name: 'T', items: [a] }] },
    });
    expect(foreign.body.data.replacePlan.userErrors).toEqual([
      expect.objectContaining({ code: 'VALIDATION', reason: 'PLAN_TIER__NOT_FOUND', path: ['input', 'tiers', '0', 'id'] }),
    ]);
    const taken = await gw.graphql<any>(REPLACE_PLAN, { id: p1.id, input: { code: 'guard-two', name: 'x', tiers: [{ name: 'T', items: [a] }] } });
    expect(taken.body.data.replacePlan.userErrors).toEqual([
      expect.objectContaining({ code: 'CONFLICT', reason: 'PLAN__CODE_CONFLICT', path: ['input', 'code'] }),
    ]);
    const dup = await gw.graphql<any>(CREATE_PLAN, { input: { name: 'Dup', code: 'guard-one', tiers: [{ name: 'T', items: [a] }] } });
    expect(dup.body.data.createPlan.userErrors).toEqual([
      expect.objectContaining({ code: 'CONFLICT', reason: 'PLAN__CODE_CONFLICT', path: ['input', 'code'] }),
    ]);
    const unchanged = await gw.graphql<any>(GET_PLAN, { id: p1.id });
    expect(unchanged.body.data.plan.tiers[0].id).toBe(p1.tiers[0].id);
    expect(unchanged.body.data.plan.name).toBe('Guard one');

    await gw.graphql(ARCHIVE, { id: p1.id });
    const archived = await gw.graphql<any>(REPLACE_PLAN, { id: p1.id, input: { code: 'guard-one', name: 'x', tiers: [{ name: 'T', items: [a] }] } });
    expect(archived.body.data.replacePlan.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT', reason: 'PLAN__ARCHIVED' })]);
  });

  it('updates own fields partially', async () => {
    const a = await product('Upd', 'EUR', 100);
    const p = (await createPlan({ name: 'Upd', description: 'd', tiers: [{ name: 'T', items: [a] }] })).plan;
    const r = await gw.graphql<any>(
      `mutation ($id: ID!, $input: UpdatePlanInput!) { updatePlan(id: $id, input: $input) { plan { name description allowCheckout stock tiers { id } } userErrors { reason path } } }`,
      { id: p.id, input: { allowCheckout: false, stock: 5 } },
    );
    expect(r.body.data.updatePlan).toEqual({
      plan: { name: 'Upd', description: 'd', allowCheckout: false, stock: 5, tiers: [{ id: p.tiers[0].id }] },
      userErrors: [],
    });
    const bad = await gw.graphql<any>(
      `mutation ($id: ID!, $input: UpdatePlanInput!) { updatePlan(id: $id, input: $input) { plan { id } userErrors { reason path } } }`,
      { id: p.id, input: { name: '  ', stock: -1 } },
    );
    expect(bad.body.data.updatePlan.userErrors).toEqual([
      { reason: 'VALUE__BLANK', path: ['input', 'name'] },
      { reason: 'VALUE__TOO_LOW', path: ['input', 'stock'] },
    ]);
  });

  it('deletes a plan: hidden from plan, plans and planTier; its code is free again', async () => {
    const a = await product('Del', 'EUR', 100);
    const p = (await createPlan({ name: 'Doomed', code: 'doomed', tiers: [{ name: 'T', items: [a] }] })).plan;
    const before = await planCount();
    const r = await gw.graphql<any>(`mutation ($id: ID!) { deletePlan(id: $id) { deletedId userErrors { code reason } } }`, { id: p.id });
    expect(r.body.data.deletePlan).toEqual({ deletedId: p.id, userErrors: [] });
    expect(await planCount()).toBe(before - 1);
    const read = await gw.graphql<any>(`query ($id: ID!, $t: ID!) { plan(id: $id) { id } byCode: plan(code: "doomed") { id } planTier(id: $t) { id } }`, {
      id: p.id,
      t: p.tiers[0].id,
    });
    expect(read.body.data).toEqual({ plan: null, byCode: null, planTier: null });
    const again = await gw.graphql<any>(`mutation ($id: ID!) { deletePlan(id: $id) { deletedId userErrors { code reason } } }`, { id: p.id });
    expect(again.body.data.deletePlan).toEqual({ deletedId: null, userErrors: [{ code: 'NOT_FOUND', reason: 'PLAN__NOT_FOUND' }] });
    const act = await gw.graphql<any>(ACTIVATE, { id: p.id });
    expect(act.body.data.activatePlan.userErrors[0].code).toBe('NOT_FOUND');
    const reuse = await createPlan({ name: 'Doomed again', code: 'doomed', tiers: [{ name: 'T', items: [a] }] });
    expect(reuse.plan.code).toBe('doomed');
  });

  it('filters plans by product (tier item or origin product) and by code', async () => {
    const a = await product('Filter A', 'EUR', 100);
    const b = await product('Filter B', 'EUR', 100);
    const withItem = (await createPlan({ name: 'Has A', tiers: [{ name: 'T', items: [a] }] })).plan;
    const withOrigin = (await createPlan({ name: 'Origin A', originProductId: a.productId, tiers: [{ name: 'T', items: [b] }] })).plan;
    const other = (await createPlan({ name: 'Only B', tiers: [{ name: 'T', items: [b] }] })).plan;
    expect(withOrigin.originProduct).toEqual({ id: a.productId });
    const r = await gw.graphql<any>(`query ($p: ID) { plans(filter: { productId: $p }) { nodes { id } totalCount } }`, { p: a.productId });
    expect(r.body.data.plans.nodes.map((n: any) => n.id).sort()).toEqual([withItem.id, withOrigin.id].sort());
    expect(r.body.data.plans.totalCount).toBe(2);
    const c = await gw.graphql<any>(`query ($c: String) { plans(filter: { code: $c }) { nodes { id } } }`, { c: other.code });
    expect(c.body.data.plans.nodes).toEqual([{ id: other.id }]);
  });
});

describe('plans: tiers in use and query cost', () => {
  it('moves an item out of a removed tier, and refuses to remove a tier a checkout link sells', async () => {
    const a = await product('Move A', 'EUR', 100);
    const b = await product('Move B', 'EUR', 100);
    const plan = (
      await createPlan({
        name: 'Mover',
        activate: true,
        tiers: [
          { name: 'Keep', items: [a] },
          { name: 'Drop', items: [b] },
        ],
      })
    ).plan;
    const [keep, drop] = plan.tiers;
    const moved = await gw.graphql<any>(REPLACE_PLAN, {
      id: plan.id,
      input: {
        code: plan.code,
        name: 'Mover',
        tiers: [
          {
            id: keep.id,
            name: 'Keep',
            items: [
              { id: keep.items[0].id, ...a },
              { id: drop.items[0].id, ...b },
            ],
          },
        ],
      },
    });
    expect(moved.body.data.replacePlan.userErrors).toEqual([]);
    expect(moved.body.data.replacePlan.plan.tiers.map((t: any) => t.items.map((i: any) => i.id))).toEqual([[keep.items[0].id, drop.items[0].id]]);

    const sold = await gw.graphql<any>(REPLACE_PLAN, {
      id: plan.id,
      input: {
        code: plan.code,
        name: 'Mover',
        tiers: [
          { id: keep.id, name: 'Keep', items: [a] },
          { name: 'Second', items: [b] },
        ],
      },
    });
    const second = sold.body.data.replacePlan.plan.tiers[1];
    const link = await gw.graphql<any>(
      `mutation ($input: CreateCheckoutLinkInput!) { createCheckoutLink(input: $input) { checkoutLink { id } userErrors { reason } } }`,
      { input: { planTierId: second.id } },
    );
    expect(link.body.data.createCheckoutLink.userErrors).toEqual([]);
    const refused = await gw.graphql<any>(REPLACE_PLAN, {
      id: plan.id,
      input: { code: plan.code, name: 'Mover', tiers: [{ id: keep.id, name: 'Keep', items: [a] }] },
    });
    expect(refused.body.data.replacePlan.userErrors).toEqual([
      expect.objectContaining({ code: 'CONFLICT', reason: 'PLAN_TIER__IN_USE', path: ['input', 'tiers'] }),
    ]);
    const still = await gw.graphql<any>(`query ($id: ID!) { planTier(id: $id) { id } }`, { id: second.id });
    expect(still.body.data.planTier).toEqual({ id: second.id });
    const empty = await gw.graphql<any>(REPLACE_PLAN, {
      id: plan.id,
      input: {
        code: plan.code,
        name: 'Mover',
        tiers: [
          { id: keep.id, name: 'Keep', items: [] },
          { id: second.id, name: 'Second', items: [] },
        ],
      },
    });
    expect(empty.body.data.replacePlan.userErrors).toEqual([expect.objectContaining({ reason: 'PLAN__EMPTY' })]);
  });

  it('reads plans with tiers, items, products and prices in a constant number of statements', async () => {
    const q = `{ plans(first: 100) { nodes { ${PLAN_FIELDS} } } }`;
    const few = await countSql(gw.db.orm, () => gw.graphql<any>(q));
    const n = few.result.body.data.plans.nodes.length;
    for (let i = 0; i < 3; i++) {
      const x = await product(`Cost ${i}`, 'EUR', 100);
      const y = await product(`Cost y ${i}`, 'EUR', 100);
      await createPlan({
        name: `Cost ${i}`,
        tiers: [
          { name: 'A', items: [x, y] },
          { name: 'B', items: [y] },
        ],
      });
    }
    const more = await countSql(gw.db.orm, () => gw.graphql<any>(q));
    expect(more.result.body.data.plans.nodes.length).toBe(n + 3);
    expect(more.selects.length).toBe(few.selects.length);
  });
});
