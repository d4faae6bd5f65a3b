// Whop writes that create several rows are one transaction each: a plan with its plan_only
// product and its price (POST /plans), and a checkout configuration with an inline plan (product,
// price, plan, tier, item, link, line item). When the core refuses the last part, no row of any
// table stays behind, soft-deleted ones included (rows counted in SQL before and after).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

const TABLES = ['product', 'price', 'plan', 'plan_tier', 'plan_tier_item', 'checkout_link', 'line_item'] as const;
type Rows = Record<(typeof TABLES)[number], number>;

async function rows(): Promise<Rows> {
  const sql = `select ${TABLES.map((t) => `(select count(*) from ${t}) as ${t}`).join(', ')}`;
  const [row] = (await gw.db.orm.em.getConnection().execute(sql)) as Record<string, string | number>[];
  return Object.fromEntries(TABLES.map((t) => [t, Number(row?.[t])])) as Rows;
}

const post = (path: string, body: unknown, key = gw.orgA.testKey) =>
  gw.inject({ method: 'POST', url: `/whop/api/v1${path}`, payload: body as Record<string, unknown>, headers: { authorization: `Bearer ${key}` } });

const plan = (title: string, extra: Record<string, unknown> = {}) => ({ title, currency: 'usd', initial_price: 12.5, plan_type: 'one_time', ...extra });
const added = (before: Rows, diff: Partial<Rows>): Rows => Object.fromEntries(TABLES.map((t) => [t, before[t] + (diff[t] ?? 0)])) as Rows;

describe('POST /plans', () => {
  it('writes the plan_only product, the price, the plan, its tier and item', async () => {
    const before = await rows();
    const res = await post('/plans', plan('Whole'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ title: 'Whole', initial_price: 12.5, product: { title: 'Whole' } });
    expect(await rows()).toEqual(added(before, { product: 1, price: 1, plan: 1, plan_tier: 1, plan_tier_item: 1 }));
  });

  it('leaves no row when the core refuses the plan itself (expiration_days above its limit)', async () => {
    const before = await rows();
    const res = await post('/plans', plan('Too long', { expiration_days: 40_000 }));
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error).toMatchObject({ type: 'unprocessable_entity', code: 'value__too_high' });
    expect(await rows()).toEqual(before);
  });
});

describe('POST /checkout_configurations with an inline plan', () => {
  it('writes plan, product, price and link together', async () => {
    const before = await rows();
    const res = await post('/checkout_configurations', { plan: plan('Inline whole', { force_create_new_plan: true }), metadata: { a: '1' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ metadata: { a: '1' }, plan: { initial_price: 12.5, currency: 'usd' } });
    expect(await rows()).toEqual(added(before, { product: 1, price: 1, plan: 1, plan_tier: 1, plan_tier_item: 1, checkout_link: 1, line_item: 1 }));
  });

  it('reuses an identical inline plan: only the link and its line item are new', async () => {
    const body = { plan: plan('Reused') };
    const first = await post('/checkout_configurations', body);
    expect(first.statusCode, first.body).toBe(201);
    const before = await rows();
    const second = await post('/checkout_configurations', body);
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().plan.id).toBe(first.json().plan.id);
    expect(await rows()).toEqual(added(before, { checkout_link: 1, line_item: 1 }));
  });

  it('concurrent identical inline plans end as one plan sold by every link', async () => {
    const before = await rows();
    const body = { plan: plan('Raced', { initial_price: 7 }) };
    const replies = await Promise.all(Array.from({ length: 6 }, () => post('/checkout_configurations', body)));
    expect(replies.map((r) => r.statusCode)).toEqual(Array(6).fill(201));
    expect(new Set(replies.map((r) => r.json().plan.id)).size).toBe(1);
    expect(await rows()).toEqual(added(before, { product: 1, price: 1, plan: 1, plan_tier: 1, plan_tier_item: 1, checkout_link: 6, line_item: 6 }));
  });

  for (const force of [true, false]) {
    it(`leaves no plan, product or price when the core refuses the link (force_create_new_plan ${force})`, async () => {
      const before = await rows();
      const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
      const res = await post('/checkout_configurations', { plan: plan(`Refused link ${force}`, { force_create_new_plan: force }), metadata: tooMany });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error.message).toMatch(/^metadata: /);
      expect(await rows()).toEqual(before);
      const redirect = await post('/checkout_configurations', {
        plan: plan(`Refused redirect ${force}`, { force_create_new_plan: force }),
        redirect_url: 'ftp://example.test/x',
      });
      expect(redirect.statusCode, redirect.body).toBe(422);
      expect(await rows()).toEqual(before);
    });
  }

  it('names a missing product_id as before (404), writing nothing', async () => {
    const before = await rows();
    const res = await post('/checkout_configurations', { plan: plan('No product', { product_id: 'prod_0000000000000000000001' }) });
    expect(res.statusCode, res.body).toBe(404);
    expect(await rows()).toEqual(before);
  });
});
