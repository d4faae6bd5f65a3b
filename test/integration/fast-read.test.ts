// The fast read path must return exactly what MikroORM returns, for every entity, and never a
// row of another tenant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastCount, fastFind, fastFindable, fastFindJoined, fastFindWithChildren } from '../../src/db/fast-read.ts';
import { allEntities, CheckoutLink, LineItem, Plan, PlanTier, Price, Product } from '../../src/domain/entities/index.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { countSql } from '../support/sql-counter.ts';
import { runsOnPglite } from '../../src/db/orm.ts';
import { linkApi } from '../support/checkout-link-fixtures.ts';

let gw: TestGateway;
beforeAll(async () => {
  // The webhook worker runs (it makes the delivery row below), and with it timers that send
  // statements of their own (its poll, the event purge, the expiry sweep): the counts below take
  // only the statements of the read itself (countSql's ownOnly). In CI they had landed inside a
  // counted read (a page of WebhookEndpoint rows, then of IdempotencyKey rows, counted 2).
  gw = await startGateway();
  const api = linkApi(() => gw);
  const seat = await api.product('Seat', 'EUR', 4900);
  const plan = await api.plan({
    code: 'team',
    name: 'Team',
    tiers: [{ name: 'Pro', items: [{ productId: seat.productId, priceId: seat.priceId, defaultQuantity: 2 }] }],
  });
  await api.createOk({ title: 'Items', lineItems: [{ priceId: seat.priceId, quantity: 3 }], metadata: { a: '1' } });
  await api.createOk({ title: 'Plan', planTierId: plan.tiers[0].id });
  const other = await api.product('Other', 'USD', 100, gw.orgB.testKey);
  await api.createOk({ title: 'B', lineItems: [{ priceId: other.priceId }] }, gw.orgB.testKey);
  // A checkout session (and its organisation's sales channel) for the session entity.
  const cart = await gw.inject({
    method: 'POST',
    url: '/checkout-link/items/cart',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'email=buyer%40example.com&card_number=4242424242424242&card_expiry=12%2F34&card_cvc=123',
  });
  expect(cart.statusCode).toBe(303);
  // An idempotency record.
  const made = await gw.inject({
    method: 'POST',
    url: '/leanrails/v1/products',
    payload: 'name=Idem',
    headers: { authorization: `Bearer ${gw.orgA.testKey}`, 'idempotency-key': 'fast-read-1', 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(made.statusCode).toBe(200);
  // A coupon with a promotion code, a vendor account alias and a webhook endpoint; the endpoint
  // (loopback, refused connection) gets a delivery row for the events the seeding recorded.
  const seeded = await gw.graphql<any>(`mutation {
    createCoupon(input: { name: "Ten", percentOff: 10, promotionCodes: [{ code: "FASTREAD" }] }) { coupon { id } userErrors { message } }
    addVendorAccountAlias(input: { vendor: WHOP, accountId: "biz_FastRead1" }) { vendorAccountAlias { id } userErrors { message } }
    createWebhookEndpoint(input: { url: "http://127.0.0.1:9/hook", format: STANDARD }) { webhookEndpoint { id } userErrors { message } }
  }`);
  expect(seeded.body.errors).toBeUndefined();
  await gw.graphql('mutation { createProduct(input: { name: "After hook" }) { product { id } } }');
  const deadline = Date.now() + 15_000;
  const deliveries = async () => (await gw.db.orm.em.fork().getConnection().execute('select count(*)::int as n from webhook_delivery'))[0].n as number;
  while ((await deliveries()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
});
afterAll(async () => {
  await gw?.close();
});

const plain = (rows: object[]) => rows.map((r) => ({ ...r })).sort((a, b) => String((a as { id: string }).id).localeCompare(String((b as { id: string }).id)));

describe('fastFind', () => {
  it.each(allEntities.map((e) => [e.name, e] as const))('reads %s rows exactly as em.find does', async (_name, entity) => {
    const em = gw.db.orm.em.fork();
    em.setFilterParams('tenant', { organisationId: gw.orgA.id, mode: 'test' });
    const viaOrm = await em.fork().find(entity as never, {});
    const viaFast = await fastFind(em, entity as never, {});
    expect(viaOrm.length).toBeGreaterThan(0);
    expect(viaFast.length).toBe(viaOrm.length);
    expect(plain(viaFast as object[])).toEqual(plain(viaOrm as object[]));
    for (const row of viaFast as object[]) expect(row).toBeInstanceOf(entity);
  });

  it.each(allEntities.map((e) => [e.name, e] as const))(
    'reads a page of %s rows exactly as em.find does (on PGlite: each row as one JSON array)',
    async (_name, entity) => {
      const em = gw.db.orm.em.fork();
      em.setFilterParams('tenant', { organisationId: gw.orgA.id, mode: 'test' });
      const viaOrm = await em.fork().find(entity as never, {}, { orderBy: { id: 'desc' } as never });
      const { result: viaFast, statements } = await countSql(gw.db.orm, () => fastFind(em, entity as never, {}, { orderBy: [['id', 'desc']], limit: 100 }), {
        ownOnly: true,
      });
      expect((viaFast as object[]).map((r) => ({ ...r }))).toEqual(viaOrm.map((r) => ({ ...(r as object) })));
      for (const row of viaFast as object[]) expect(row).toBeInstanceOf(entity);
      expect(statements).toHaveLength(1);
      if (runsOnPglite(gw.db.orm)) expect(statements[0]).toMatch(/^select json_build_array\(.*\) as "__row" from /);
      else expect(statements[0]).not.toMatch(/__row/);
    },
  );

  it('finds by ids, by null, in order, and only within the tenant', async () => {
    const a = gw.db.orm.em.fork();
    a.setFilterParams('tenant', { organisationId: gw.orgA.id, mode: 'test' });
    const b = gw.db.orm.em.fork();
    b.setFilterParams('tenant', { organisationId: gw.orgB.id, mode: 'test' });
    const mine = await fastFind(a, CheckoutLink, { deletedAt: null }, { orderBy: [['id', 'desc']] });
    const theirs = await fastFind(b, CheckoutLink, {});
    expect(mine.length).toBe(2);
    expect(theirs.length).toBe(1);
    expect(mine.map((l) => l.id)).toEqual(
      mine
        .map((l) => l.id)
        .sort()
        .reverse(),
    );
    const ids = [...mine, ...theirs].map((l) => l.id);
    expect((await fastFind(a, CheckoutLink, { id: ids })).map((l) => l.id).sort()).toEqual(mine.map((l) => l.id).sort());
    expect(await fastFind(b, CheckoutLink, { id: mine[0]?.id })).toEqual([]);
    const live = gw.db.orm.em.fork();
    live.setFilterParams('tenant', { organisationId: gw.orgA.id, mode: 'live' });
    expect(await fastFind(live, CheckoutLink, { id: ids })).toEqual([]);
    expect(await fastFind(a, CheckoutLink, { id: [] })).toEqual([]);
  });

  it('compares with operators, pages with limit and offset, and says what it cannot express', async () => {
    const em = gw.db.orm.em.fork();
    em.setFilterParams('tenant', { organisationId: gw.orgA.id, mode: 'test' });
    const all = await fastFind(em, CheckoutLink, {}, { orderBy: [['id', 'asc']] });
    const [first, second] = all.map((l) => l.id) as [string, string];
    expect((await fastFind(em, CheckoutLink, { id: { $gt: first } })).map((l) => l.id)).toEqual([second]);
    expect((await fastFind(em, CheckoutLink, { id: { $gte: first, $lt: second } })).map((l) => l.id)).toEqual([first]);
    expect((await fastFind(em, CheckoutLink, { id: { $ne: first } })).map((l) => l.id)).toEqual([second]);
    expect(await fastFind(em, CheckoutLink, { createdAt: { $lte: new Date(0) } })).toEqual([]);
    expect((await fastFind(em, CheckoutLink, {}, { orderBy: [['id', 'asc']], limit: 1, offset: 1 })).map((l) => l.id)).toEqual([second]);
    expect(fastFindable({ a: 1, b: null, c: [1], d: new Date(), e: { $lt: 1 } })).toBe(true);
    expect(fastFindable({ $and: [] })).toBe(false);
    expect(fastFindable({ plan: { status: 'active' } })).toBe(false);
    expect(fastFindable({ id: { $in: ['x'] } })).toBe(false);
  });

  it('the ORM applies the tenant filter to the queried table only (no joins to apply it to references)', async () => {
    const em = gw.db.orm.em.fork();
    em.setFilterParams('tenant', { organisationId: gw.orgA.id, mode: 'test' });
    const { statements } = await countSql(gw.db.orm, () => em.find(CheckoutLink, {}), { ownOnly: true });
    expect(statements).toHaveLength(1);
    expect(statements[0]).not.toMatch(/\bjoin\b/i);
  });

  it('refuses to read tenant rows without the tenant', async () => {
    const em = gw.db.orm.em.fork();
    await expect(fastFind(em, CheckoutLink, {})).rejects.toThrow(/without tenant/);
  });
});

describe('fastFindJoined', () => {
  const tenantEm = (organisationId: string) => {
    const em = gw.db.orm.em.fork();
    em.setFilterParams('tenant', { organisationId, mode: 'test' });
    return em;
  };

  it('reads rows with their many-to-ones in ONE statement, each exactly as fastFind reads it', async () => {
    const em = tenantEm(gw.orgA.id);
    const items = await fastFind(em, LineItem, {}, { orderBy: [['id', 'asc']] });
    expect(items.length).toBeGreaterThan(0);
    const { result, statements } = await countSql(
      gw.db.orm,
      () =>
        fastFindJoined(
          em,
          LineItem,
          { id: items.map((i) => i.id) },
          [
            { prop: 'price', entity: Price },
            { prop: 'product', entity: Product },
          ],
          { orderBy: [['id', 'asc']] },
        ),
      { ownOnly: true },
    );
    // (The items' events may be on their way through the webhook worker: its statements, on the
    // event and webhook tables, are not ours; every other statement counts.)
    expect(statements.filter((sql) => !/"?\b(event|webhook_endpoint|webhook_delivery)\b"?/.test(sql))).toHaveLength(1);
    expect(plain(result.rows)).toEqual(plain(items));
    for (const row of result.rows) expect(row).toBeInstanceOf(LineItem);
    const prices = await fastFind(em, Price, { id: [...new Set(items.map((i) => i.price as string))] });
    const products = await fastFind(em, Product, { id: [...new Set(items.map((i) => i.product as string))] });
    expect(plain(result.joined[0] as object[])).toEqual(plain(prices));
    expect(plain(result.joined[1] as object[])).toEqual(plain(products));
    for (const price of result.joined[0] as object[]) expect(price).toBeInstanceOf(Price);
  });

  it('joins only rows of the same tenant, and reads nothing without the tenant', async () => {
    const a = tenantEm(gw.orgA.id);
    const b = tenantEm(gw.orgB.id);
    const bItems = await fastFind(b, LineItem, {});
    expect(bItems.length).toBeGreaterThan(0);
    const ids = bItems.map((i) => i.id);
    const joins = [{ prop: 'price', entity: Price }] as const;
    expect((await fastFindJoined(a, LineItem, { id: ids }, joins)).rows).toEqual([]);
    expect((await fastFindJoined(b, LineItem, { id: ids }, joins)).joined[0]).toHaveLength(1);
    expect(await fastFindJoined(a, LineItem, { id: [] }, joins)).toEqual({ rows: [], joined: [[]] });
    await expect(fastFindJoined(gw.db.orm.em.fork(), LineItem, {}, joins)).rejects.toThrow(/without tenant/);
  });
});

describe('fastFindWithChildren and fastCount', () => {
  const tenantEm = (organisationId: string) => {
    const em = gw.db.orm.em.fork();
    em.setFilterParams('tenant', { organisationId, mode: 'test' });
    return em;
  };
  const tiers = { entity: PlanTier, prop: 'plan', orderBy: [['position', 'asc'] as const, ['id', 'asc'] as const] };

  it('reads parents with their children in ONE statement, each exactly as fastFind reads it', async () => {
    const api = linkApi(() => gw);
    const seat = await api.product('Desk', 'EUR', 1200);
    const item = { productId: seat.productId, priceId: seat.priceId, defaultQuantity: 1 };
    await api.plan({
      code: 'two-tiers',
      name: 'Two tiers',
      tiers: [
        { name: 'B', position: 1, items: [item] },
        { name: 'A', position: 0, items: [item] },
      ],
    });
    const em = tenantEm(gw.orgA.id);
    const plans = await fastFind(em, Plan, {}, { orderBy: [['id', 'asc']] });
    expect(plans.length).toBeGreaterThanOrEqual(2);
    const unknown = '00000000-0000-0000-0000-000000000000';
    const { result, statements } = await countSql(gw.db.orm, () => fastFindWithChildren(em, Plan, { id: [...plans.map((p) => p.id), unknown] }, tiers), {
      ownOnly: true,
    });
    // (The plan just made has events on their way to the webhook endpoint: the worker's statements are not ours.)
    const reads = statements.filter((sql) => /\bfrom "plan(_tier)?"/.test(sql));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatch(/from "plan" t0 left join "plan_tier" t1/);
    expect(plain(result.rows)).toEqual(plain(plans));
    for (const row of result.rows) expect(row).toBeInstanceOf(Plan);
    expect([...result.children.keys()].sort()).toEqual(plans.map((p) => p.id).sort());
    for (const plan of plans) {
      const expected = await fastFind(em, PlanTier, { plan: plan.id }, { orderBy: tiers.orderBy });
      const got = result.children.get(plan.id) ?? [];
      expect(got.map((t) => ({ ...t }))).toEqual(expected.map((t) => ({ ...t })));
      for (const tier of got) expect(tier).toBeInstanceOf(PlanTier);
    }
    expect((result.children.get(plans.find((p) => p.code === 'two-tiers')?.id ?? '') ?? []).map((t) => t.name)).toEqual(['A', 'B']);
  });

  it('reads only the tenant, and nothing without it', async () => {
    const a = tenantEm(gw.orgA.id);
    const ids = (await fastFind(a, Plan, {})).map((p) => p.id);
    expect((await fastFindWithChildren(tenantEm(gw.orgB.id), Plan, { id: ids }, tiers)).rows).toEqual([]);
    expect(await fastFindWithChildren(a, Plan, { id: [] }, tiers)).toEqual({ rows: [], children: new Map() });
    await expect(fastFindWithChildren(gw.db.orm.em.fork(), Plan, {}, tiers)).rejects.toThrow(/without tenant/);
  });

  it('counts as em.count does, within the tenant', async () => {
    const a = tenantEm(gw.orgA.id);
    for (const where of [{}, { deletedAt: null }, { title: 'Items' }, { title: 'nothing' }, { id: [] }]) {
      expect(await fastCount(a, CheckoutLink, where)).toBe(await a.fork().count(CheckoutLink, where as never));
    }
    expect(await fastCount(tenantEm(gw.orgB.id), CheckoutLink, {})).toBe(1);
    await expect(fastCount(gw.db.orm.em.fork(), CheckoutLink, {})).rejects.toThrow(/without tenant/);
  });
});
