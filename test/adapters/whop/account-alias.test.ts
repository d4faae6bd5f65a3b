// Vendor account aliases with the real @whop/sdk: a client configured with its real Whop
// company id (biz_…) gets 404 "Account" until the organisation records that id as an alias
// (GraphQL addVendorAccountAlias), then lists, creates and builds a checkout configuration with
// it, in both the current (account_id) and the old (company_id) spelling. Another organisation's
// alias, the other mode's alias, a removed alias and any other id stay 404 as before.
import Whop from '@whop/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.ts';

let gw: TestGateway;
let url: string;
const REAL = 'biz_Xq3n8LwT0pRz2k';
const whop = (key: string) => new Whop({ apiKey: key, baseURL: `${url}/whop/api/v1`, maxRetries: 0 });

const ADD = `mutation($input: AddVendorAccountAliasInput!) { addVendorAccountAlias(input: $input) { vendorAccountAlias { id vendor accountId livemode } userErrors { code reason message path } } }`;
const REMOVE = `mutation($id: ID!) { removeVendorAccountAlias(id: $id) { vendorAccountAlias { id } userErrors { code message } } }`;

async function status(work: Promise<unknown>): Promise<number> {
  try {
    await work;
    return 200;
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
}

beforeAll(async () => {
  gw = await startGateway();
  url = await gw.listen();
});
afterAll(async () => {
  await gw?.close();
});

describe('Whop account aliases', () => {
  let aliasId: string;

  it('refuses the real biz_ id before it is recorded, as any unknown account', async () => {
    const client = whop(gw.orgA.testKey);
    expect(await status(client.plans.list({ account_id: REAL }))).toBe(404);
    expect(await status(client.products.create({ account_id: REAL, title: 'X' }))).toBe(404);
  });

  it('records the alias through GraphQL (api-key:write), validated and listed', async () => {
    const bad = await gw.graphql(ADD, { input: { vendor: 'WHOP', accountId: 'acct_123' } });
    expect((bad.body.data as any).addVendorAccountAlias.userErrors).toEqual([
      expect.objectContaining({ code: 'VALIDATION', path: ['input', 'accountId'], message: 'A whop account id looks like biz_XXXXXXXXXXXXXX.' }),
    ]);
    const limited = await gw.keyWith(['product:write', 'plan:write', 'checkout-link:write']);
    const refused = await gw.graphql(ADD, { input: { vendor: 'WHOP', accountId: REAL } }, limited);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const added = await gw.graphql(ADD, { input: { vendor: 'WHOP', accountId: REAL } });
    const alias = (added.body.data as any).addVendorAccountAlias;
    expect(alias.userErrors).toEqual([]);
    expect(alias.vendorAccountAlias).toMatchObject({ vendor: 'WHOP', accountId: REAL, livemode: false });
    aliasId = alias.vendorAccountAlias.id;

    const twice = await gw.graphql(ADD, { input: { vendor: 'WHOP', accountId: REAL } });
    expect((twice.body.data as any).addVendorAccountAlias.userErrors[0]).toMatchObject({ code: 'CONFLICT', reason: 'VENDOR_ACCOUNT_ALIAS__EXISTS' });

    const listed = await gw.graphql('{ vendorAccountAliases { accountId } organisation { vendorAccountAliases(vendor: WHOP) { accountId } } }');
    expect(listed.body.data).toEqual({ vendorAccountAliases: [{ accountId: REAL }], organisation: { vendorAccountAliases: [{ accountId: REAL }] } });
    // Organisation B and the live mode of A see none.
    expect((await gw.graphql('{ vendorAccountAliases { accountId } }', {}, gw.orgB.testKey)).body.data).toEqual({ vendorAccountAliases: [] });
    expect((await gw.graphql('{ vendorAccountAliases { accountId } }', {}, gw.orgA.liveKey)).body.data).toEqual({ vendorAccountAliases: [] });
  });

  it('then the SDK works with the real id: products, plans, a checkout configuration, lists', async () => {
    const client = whop(gw.orgA.testKey);
    const product = await client.products.create({ account_id: REAL, title: 'Course' });
    const plan = await client.plans.create({ account_id: REAL, product_id: product.id, currency: 'usd', plan_type: 'one_time', initial_price: 25 });
    const config = await client.checkoutConfigurations.create({ account_id: REAL, plan_id: plan.id });
    expect(config.purchase_url).toMatch(/\/checkout-link\/[^/]+\/cart$/);
    const plans: string[] = [];
    for await (const p of client.plans.list({ account_id: REAL })) plans.push(p.id);
    expect(plans).toContain(plan.id);
    const products: string[] = [];
    for await (const p of client.products.list({ account_id: REAL })) products.push(p.id);
    expect(products).toContain(product.id);
    const configs: string[] = [];
    for await (const c of client.checkoutConfigurations.list({ account_id: REAL })) configs.push(c.id);
    expect(configs).toContain(config.id);
    // The old spelling (company_id, before 2026-07-20) with the alias.
    const old = await gw.inject({
      url: `/whop/api/v1/products?company_id=${REAL}`,
      headers: { authorization: `Bearer ${gw.orgA.testKey}`, 'api-version-date': '2026-06-08' },
    });
    expect(old.statusCode).toBe(200);
  });

  it('is no alias for another organisation, the other mode, or a similar id', async () => {
    expect(await status(whop(gw.orgB.testKey).plans.list({ account_id: REAL }))).toBe(404);
    expect(await status(whop(gw.orgA.liveKey).plans.list({ account_id: REAL }))).toBe(404);
    expect(await status(whop(gw.orgA.testKey).plans.list({ account_id: `${REAL}x` }))).toBe(404);
    expect(await status(whop(gw.orgA.testKey).plans.list({ account_id: REAL.toLowerCase() }))).toBe(404);
  });

  it('removed, the id is refused again; removing it from organisation B is not found', async () => {
    const other = await gw.graphql(REMOVE, { id: aliasId }, gw.orgB.testKey);
    expect((other.body.data as any).removeVendorAccountAlias.userErrors[0]).toMatchObject({ code: 'NOT_FOUND' });
    const removed = await gw.graphql(REMOVE, { id: aliasId });
    expect((removed.body.data as any).removeVendorAccountAlias).toEqual({ vendorAccountAlias: { id: aliasId }, userErrors: [] });
    expect(await status(whop(gw.orgA.testKey).plans.list({ account_id: REAL }))).toBe(404);
  });
});
