// createPlanWithCheckoutLink with reuseIdentical: an identical plan input sells the plan made
// before (found by plan.fingerprint), concurrent identical requests end with one plan (the unique
// constraint on the fingerprint; run this file with DATABASE_URL for real concurrency on
// PostgreSQL), a changed plan is not reused, and tenants never share a plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;

const CREATE = `mutation ($input: CreatePlanWithCheckoutLinkInput!) {
  createPlanWithCheckoutLink(input: $input) { plan { id } checkoutLink { id plan { id } } userErrors { code reason path } }
}`;

const planInput = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  activate: true,
  originProduct: { name },
  planType: 'ONE_TIME',
  initialPrice: 1250,
  currency: 'USD',
  tiers: [{ name: 'Default', items: [{ price: { currency: 'USD', unitAmount: 1250 } }] }],
  ...extra,
});

async function create(plan: Record<string, unknown>, reuseIdentical: boolean | null = true, key = gw.orgA.testKey) {
  const r = await gw.graphql<any>(CREATE, { input: { plan, checkoutLink: { title: 'Link' }, ...(reuseIdentical === null ? {} : { reuseIdentical }) } }, key);
  expect(r.body.errors).toBeUndefined();
  const out = r.body.data.createPlanWithCheckoutLink;
  expect(out.userErrors).toEqual([]);
  expect(out.checkoutLink.plan.id).toBe(out.plan.id);
  return out as { plan: { id: string }; checkoutLink: { id: string } };
}

async function count(sql: string, params: unknown[]): Promise<number> {
  const [row] = (await gw.db.orm.em.getConnection().execute(sql, params)) as { n: string | number }[];
  return Number(row?.n);
}

beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

describe('createPlanWithCheckoutLink reuseIdentical', () => {
  it('sells the identical plan made before: a second link, no second plan, product or price', async () => {
    const first = await create(planInput('Same'));
    const products = await count(`select count(*) as n from product where name = ?`, ['Same']);
    const second = await create(planInput('Same'));
    expect(second.plan.id).toBe(first.plan.id);
    expect(second.checkoutLink.id).not.toBe(first.checkoutLink.id);
    expect(await count(`select count(*) as n from plan where name = ?`, ['Same'])).toBe(1);
    expect(await count(`select count(*) as n from product where name = ?`, ['Same'])).toBe(products);
    // Key order does not matter; any difference in the input does.
    const reordered = Object.fromEntries(Object.entries(planInput('Same')).reverse());
    expect((await create(reordered)).plan.id).toBe(first.plan.id);
    expect((await create(planInput('Same', { initialPrice: 1251 }))).plan.id).not.toBe(first.plan.id);
  });

  it('always creates a new plan without reuseIdentical (false or left out)', async () => {
    const a = await create(planInput('Fresh'));
    const b = await create(planInput('Fresh'), false);
    const c = await create(planInput('Fresh'), null);
    expect(new Set([a.plan.id, b.plan.id, c.plan.id]).size).toBe(3);
    // The forced ones carry no fingerprint, so the reusable one stays the one found.
    expect((await create(planInput('Fresh'))).plan.id).toBe(a.plan.id);
  });

  it('concurrent identical requests end with one plan sold by every link', async () => {
    const replies = await Promise.all(Array.from({ length: 8 }, () => create(planInput('Raced'))));
    expect(new Set(replies.map((r) => r.plan.id)).size).toBe(1);
    expect(new Set(replies.map((r) => r.checkoutLink.id)).size).toBe(8);
    expect(await count(`select count(*) as n from plan where name = ?`, ['Raced'])).toBe(1);
    expect(await count(`select count(*) as n from product where name = ?`, ['Raced'])).toBe(1);
    expect(await count(`select count(*) as n from checkout_link where plan_id = ?`, [replies[0]?.plan.id])).toBe(8);
  });

  it("does not reuse a plan changed since (update, archive), nor another tenant's or mode's plan", async () => {
    const first = await create(planInput('Changed'));
    const upd = await gw.graphql<any>('mutation ($id: ID!) { updatePlan(id: $id, input: { description: "new" }) { userErrors { reason } } }', {
      id: first.plan.id,
    });
    expect(upd.body.data.updatePlan.userErrors).toEqual([]);
    const second = await create(planInput('Changed'));
    expect(second.plan.id).not.toBe(first.plan.id);
    await gw.graphql<any>('mutation ($id: ID!) { archivePlan(id: $id) { userErrors { reason } } }', { id: second.plan.id });
    const third = await create(planInput('Changed'));
    expect([first.plan.id, second.plan.id]).not.toContain(third.plan.id);

    const otherTenant = await create(planInput('Changed'), true, gw.orgB.testKey);
    const liveMode = await create(planInput('Changed'), true, gw.orgA.liveKey);
    expect(new Set([third.plan.id, otherTenant.plan.id, liveMode.plan.id]).size).toBe(3);
    expect((await create(planInput('Changed'), true, gw.orgB.testKey)).plan.id).toBe(otherTenant.plan.id);
  });

  it('a refused link leaves no plan behind, and the next identical request still creates one', async () => {
    const bad = await gw.graphql<any>(CREATE, { input: { plan: planInput('Refused'), checkoutLink: { slug: 'Not A Slug' }, reuseIdentical: true } });
    expect(bad.body.data.createPlanWithCheckoutLink.userErrors.map((e: any) => e.path.join('.'))).toEqual(['input.checkoutLink.slug']);
    expect(await count(`select count(*) as n from plan where name = ?`, ['Refused'])).toBe(0);
    await create(planInput('Refused'));
    expect(await count(`select count(*) as n from plan where name = ?`, ['Refused'])).toBe(1);
  });
});
