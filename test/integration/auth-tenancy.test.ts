// Who may call what: API keys from Bearer or Basic, ADMIN_TOKEN for operators, scopes, and the
// tenant wall (another organisation's or mode's objects are simply not there).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

const VIEWER = '{ viewer { organisation { slug } mode scopes } }';
const basic = (key: string): string => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

async function post(authorization: string | undefined, query: string, variables: Record<string, unknown> = {}) {
  const res = await gw.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    payload: { query, variables },
  });
  return { status: res.statusCode, body: res.json() as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };
}

const codeOf = (body: { errors?: { extensions?: { code?: string } }[] }): string | undefined => body.errors?.[0]?.extensions?.code;

describe('authentication', () => {
  it('accepts a key as Bearer token and as Basic user name with an empty password', async () => {
    const bearer = await post(`Bearer ${gw.orgA.testKey}`, VIEWER);
    expect(bearer.status).toBe(200);
    expect(bearer.body.data.viewer).toMatchObject({ organisation: { slug: 'acme' }, mode: 'TEST' });
    const viaBasic = await post(basic(gw.orgA.liveKey), VIEWER);
    expect(viaBasic.status).toBe(200);
    expect(viaBasic.body.data.viewer).toMatchObject({ organisation: { slug: 'acme' }, mode: 'LIVE' });
  });

  it('answers 401 UNAUTHENTICATED for an unknown, malformed or empty key', async () => {
    for (const header of [`Bearer sk_test_${'x'.repeat(32)}`, 'Bearer nope', 'Bearer', basic(''), `Token ${gw.orgA.testKey}`]) {
      const res = await post(header, VIEWER);
      expect(res.status, header).toBe(401);
      expect(codeOf(res.body), header).toBe('UNAUTHENTICATED');
      expect(res.body.data ?? null).toBeNull();
    }
  });

  it('answers UNAUTHENTICATED to an anonymous request for tenant data', async () => {
    const res = await post(undefined, '{ products { totalCount } }');
    expect(codeOf(res.body)).toBe('UNAUTHENTICATED');
    expect(res.body.data ?? null).toBeNull();
    const viewer = await post(undefined, VIEWER);
    expect(viewer.body.data.viewer).toBeNull();
  });

  it('refuses a revoked key with 401', async () => {
    const key = await gw.keyWith(['product:read']);
    expect((await post(`Bearer ${key}`, VIEWER)).status).toBe(200);
    const id = (await post(`Bearer ${key}`, '{ viewer { apiKeyId } }')).body.data.viewer.apiKeyId;
    const revoked = await gw.graphql('mutation ($id: ID!) { revokeApiKey(id: $id) { apiKey { id revokedAt } userErrors { code } } }', { id });
    expect((revoked.body.data as any).revokeApiKey.apiKey.revokedAt).toEqual(expect.any(String));
    const after = await post(`Bearer ${key}`, '{ products { totalCount } }');
    expect(after.status).toBe(401);
    expect(codeOf(after.body)).toBe('UNAUTHENTICATED');
  });
});

describe('operators and API keys', () => {
  const CREATE_ORG =
    'mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { organisation { id slug } userErrors { code reason path } } }';
  const CREATE_KEY =
    'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id mode scopes } userErrors { code reason path } } }';

  it('lets ADMIN_TOKEN create an organisation (with sales channel default) and a live key in it', async () => {
    const org = await post(`Bearer ${ADMIN_TOKEN}`, CREATE_ORG, { input: { name: 'Initech', slug: 'initech' } });
    expect(org.body.errors).toBeUndefined();
    const created = org.body.data.createOrganisation;
    expect(created).toEqual({ organisation: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), slug: 'initech' }, userErrors: [] });

    const key = await post(`Bearer ${ADMIN_TOKEN}`, CREATE_KEY, {
      input: { organisationId: created.organisation.id, mode: 'LIVE', scopes: ['product:read', 'checkout-link:read'] },
    });
    expect(key.body.errors).toBeUndefined();
    const { secret, apiKey } = key.body.data.createApiKey;
    expect(secret).toMatch(/^sk_live_[0-9A-Za-z]{32}$/);
    expect(apiKey).toEqual({ id: expect.any(String), mode: 'LIVE', scopes: ['checkout-link:read', 'product:read'] });

    const seen = await post(`Bearer ${secret}`, '{ viewer { organisation { slug } mode } salesChannels { name isDefault livemode } }');
    expect(seen.body.data).toEqual({
      viewer: { organisation: { slug: 'initech' }, mode: 'LIVE' },
      salesChannels: [{ name: 'default', isDefault: true, livemode: true }],
    });

    const dup = await post(`Bearer ${ADMIN_TOKEN}`, CREATE_ORG, { input: { name: 'Initech', slug: 'initech' } });
    expect(dup.body.data.createOrganisation.userErrors[0]).toMatchObject({ code: 'CONFLICT', path: ['input', 'slug'] });
    const bad = await post(`Bearer ${ADMIN_TOKEN}`, CREATE_ORG, { input: { name: '', slug: 'Not A Slug' } });
    expect(bad.body.data.createOrganisation.userErrors.map((e: any) => e.path.join('.')).sort()).toEqual(['input.name', 'input.slug']);
  });

  it('refuses createOrganisation to a normal key (FORBIDDEN) and to nobody (FORBIDDEN)', async () => {
    const res = await post(`Bearer ${gw.orgA.testKey}`, CREATE_ORG, { input: { name: 'Evil', slug: 'evil' } });
    expect(codeOf(res.body)).toBe('FORBIDDEN');
    const anon = await post(undefined, CREATE_ORG, { input: { name: 'Evil', slug: 'evil' } });
    expect(codeOf(anon.body)).toBe('FORBIDDEN');
    const orgs = await post(`Bearer ${ADMIN_TOKEN}`, CREATE_ORG, { input: { name: 'Evil', slug: 'evil' } });
    expect(orgs.body.data.createOrganisation.organisation.slug).toBe('evil'); // the slug was still free
  });

  it('lets a key with api-key:write create keys in its own organisation and mode only', async () => {
    const writer = await gw.keyWith(['api-key:write', 'plan:read']);
    const own = await post(`Bearer ${writer}`, CREATE_KEY, { input: { organisationId: gw.orgA.id, mode: 'TEST', scopes: ['plan:read'] } });
    expect(own.body.data.createApiKey.secret).toMatch(/^sk_test_/);
    expect(own.body.data.createApiKey.apiKey.scopes).toEqual(['plan:read']);

    const other = await post(`Bearer ${writer}`, CREATE_KEY, { input: { organisationId: gw.orgB.id, mode: 'TEST' } });
    expect(other.body.data.createApiKey).toMatchObject({ secret: null, apiKey: null, userErrors: [{ code: 'NOT_FOUND', path: ['input', 'organisationId'] }] });
    const live = await post(`Bearer ${writer}`, CREATE_KEY, { input: { organisationId: gw.orgA.id, mode: 'LIVE' } });
    expect(codeOf(live.body)).toBe('FORBIDDEN');
    const reader = await gw.keyWith(['product:read']);
    const noScope = await post(`Bearer ${reader}`, CREATE_KEY, { input: { organisationId: gw.orgA.id, mode: 'TEST' } });
    expect(codeOf(noScope.body)).toBe('FORBIDDEN');
    const unknown = await post(`Bearer ${writer}`, CREATE_KEY, { input: { organisationId: gw.orgA.id, mode: 'TEST', scopes: ['root'] } });
    expect(unknown.body.data.createApiKey.userErrors[0]).toMatchObject({ code: 'VALIDATION', path: ['input', 'scopes', '0'] });
  });
});

describe('tenancy', () => {
  const CREATE_PRODUCT = 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { product { id defaultPrice { id } } userErrors { code } } }';
  const CREATE_CHANNEL = 'mutation ($input: CreateSalesChannelInput!) { createSalesChannel(input: $input) { salesChannel { id } userErrors { code } } }';
  const LOOKUP = 'query ($id: ID!) { product(id: $id) { id } price(id: $id) { id } salesChannel(id: $id) { id } node(id: $id) { id } }';

  async function seed(key: string, name: string) {
    const p = (await gw.graphql(CREATE_PRODUCT, { input: { name, defaultPrice: { currency: 'EUR', unitAmount: 1000 } } }, key)).body.data as any;
    const c = (await gw.graphql(CREATE_CHANNEL, { input: { name: name.toLowerCase() } }, key)).body.data as any;
    return {
      product: p.createProduct.product.id as string,
      price: p.createProduct.product.defaultPrice.id as string,
      channel: c.createSalesChannel.salesChannel.id as string,
    };
  }

  async function expectInvisible(key: string, ids: Record<string, string>) {
    for (const [what, id] of Object.entries(ids)) {
      const res = await gw.graphql(LOOKUP, { id }, key);
      expect(res.body.errors, what).toBeUndefined();
      expect(res.body.data, what).toEqual({ product: null, price: null, salesChannel: null, node: null });
    }
    const lists = (await gw.graphql('{ products(first: 100) { nodes { id } } prices(first: 100) { nodes { id } } salesChannels { id } }', {}, key)).body
      .data as any;
    const seen = new Set([...lists.products.nodes, ...lists.prices.nodes, ...lists.salesChannels].map((n: { id: string }) => n.id));
    for (const id of Object.values(ids)) expect(seen.has(id)).toBe(false);
  }

  it('shows an organisation none of the objects of another (null, never an error)', async () => {
    const b = await seed(gw.orgB.testKey, 'Globex-Only');
    const own = (await gw.graphql(LOOKUP, { id: b.product }, gw.orgB.testKey)).body.data as any;
    expect(own.product.id).toBe(b.product); // the owner does see it
    await expectInvisible(gw.orgA.testKey, b);
    const bDefault = ((await gw.graphql('{ salesChannels { id } }', {}, gw.orgB.testKey)).body.data as any).salesChannels[0].id;
    await expectInvisible(gw.orgA.testKey, { channel: bDefault });

    const update = await gw.graphql('mutation ($id: ID!) { updateProduct(id: $id, input: { name: "pwned" }) { product { id } userErrors { code } } }', {
      id: b.product,
    });
    expect((update.body.data as any).updateProduct).toEqual({ product: null, userErrors: [{ code: 'NOT_FOUND' }] });
    const price = await gw.graphql('mutation ($input: CreatePriceInput!) { createPrice(input: $input) { price { id } userErrors { code path } } }', {
      input: { productId: b.product, currency: 'EUR', unitAmount: 1 },
    });
    expect((price.body.data as any).createPrice.price).toBeNull();
    expect((price.body.data as any).createPrice.userErrors[0].code).toBe('NOT_FOUND');
    const still = (await gw.graphql('query ($id: ID!) { product(id: $id) { name prices(first: 10) { totalCount } } }', { id: b.product }, gw.orgB.testKey)).body
      .data as any;
    expect(still.product).toEqual({ name: 'Globex-Only', prices: { totalCount: 1 } });
  });

  it('never shows live objects to a test key, nor test objects to a live key', async () => {
    const live = await seed(gw.orgA.liveKey, 'Live-Only');
    await expectInvisible(gw.orgA.testKey, live);
    const test = await seed(gw.orgA.testKey, 'Test-Only');
    await expectInvisible(gw.orgA.liveKey, test);
  });

  it('refuses an operation to a key without its scope (FORBIDDEN)', async () => {
    const priceReader = await gw.keyWith(['price:read']);
    const list = await gw.graphql('{ products { totalCount } }', {}, priceReader);
    expect(codeOf(list.body)).toBe('FORBIDDEN');
    const write = await gw.graphql(CREATE_PRODUCT, { input: { name: 'x' } }, priceReader);
    expect(codeOf(write.body)).toBe('FORBIDDEN');
    expect((await gw.graphql('{ prices { totalCount } }', {}, priceReader)).body.errors).toBeUndefined();
    const productReader = await gw.keyWith(['product:read']);
    const create = await gw.graphql(CREATE_PRODUCT, { input: { name: 'x' } }, productReader);
    expect(codeOf(create.body)).toBe('FORBIDDEN');
    const channel = await gw.graphql(CREATE_CHANNEL, { input: { name: 'nope' } }, productReader);
    expect(codeOf(channel.body)).toBe('FORBIDDEN');
    const keys = await gw.graphql('{ apiKeys { id } }', {}, productReader);
    expect(codeOf(keys.body)).toBe('FORBIDDEN');
  });
});

describe('tenancy of plans and checkout links', () => {
  async function seedPlanAndLinks(key: string, code: string) {
    const p = (
      await gw.graphql(
        'mutation { createProduct(input: { name: "Seat", defaultPrice: { currency: "EUR", unitAmount: 900 } }) { product { id defaultPrice { id } } } }',
        {},
        key,
      )
    ).body.data as any;
    const product = p.createProduct.product.id as string;
    const price = p.createProduct.product.defaultPrice.id as string;
    const plan = (
      await gw.graphql(
        'mutation ($input: CreatePlanInput!) { createPlan(input: $input) { plan { id tiers { id items { id } } } userErrors { message } } }',
        {
          input: { code, name: code, activate: true, tiers: [{ name: 'Only', items: [{ productId: product, priceId: price }] }] },
        },
        key,
      )
    ).body.data as any;
    const tier = plan.createPlan.plan.tiers[0];
    const fromTier = (
      await gw.graphql(
        'mutation ($t: ID!) { createCheckoutLink(input: { planTierId: $t }) { checkoutLink { id slug } userErrors { message } } }',
        { t: tier.id },
        key,
      )
    ).body.data as any;
    const fromItems = (
      await gw.graphql(
        'mutation ($p: ID!) { createCheckoutLink(input: { lineItems: [{ priceId: $p, quantity: 2 }] }) { checkoutLink { id slug lineItems { id } } userErrors { message } } }',
        { p: price },
        key,
      )
    ).body.data as any;
    return {
      plan: plan.createPlan.plan.id as string,
      code,
      tier: tier.id as string,
      tierItem: tier.items[0].id as string,
      tierLink: fromTier.createCheckoutLink.checkoutLink as { id: string; slug: string },
      itemsLink: fromItems.createCheckoutLink.checkoutLink as { id: string; slug: string; lineItems: { id: string }[] },
    };
  }

  async function expectInvisible(key: string, s: Awaited<ReturnType<typeof seedPlanAndLinks>>) {
    const res = await gw.graphql(
      `query ($plan: ID!, $code: String!, $tier: ID!, $item: ID!, $link: ID!, $slug: String!, $li: ID!) {
      plan(id: $plan) { id } byCode: plan(code: $code) { id } planTier(id: $tier) { id } link: checkoutLink(id: $link) { id }
      bySlug: checkoutLink(slug: $slug) { id } lineItem(id: $li) { id }
      n1: node(id: $plan) { id } n2: node(id: $tier) { id } n3: node(id: $item) { id } n4: node(id: $link) { id } n5: node(id: $li) { id }
      plans(first: 100) { nodes { id } } checkoutLinks(first: 100) { nodes { id } }
    }`,
      { plan: s.plan, code: s.code, tier: s.tier, item: s.tierItem, link: s.tierLink.id, slug: s.itemsLink.slug, li: s.itemsLink.lineItems[0]?.id },
      key,
    );
    expect(res.body.errors).toBeUndefined();
    const d = res.body.data as any;
    for (const field of ['plan', 'byCode', 'planTier', 'link', 'bySlug', 'lineItem', 'n1', 'n2', 'n3', 'n4', 'n5']) expect(d[field], field).toBeNull();
    const listed = new Set([...d.plans.nodes, ...d.checkoutLinks.nodes].map((n: { id: string }) => n.id));
    for (const id of [s.plan, s.tierLink.id, s.itemsLink.id]) expect(listed.has(id)).toBe(false);
  }

  it('hides plans, tiers, links and line items of another organisation and of the other mode', async () => {
    const b = await seedPlanAndLinks(gw.orgB.testKey, 'globex-team');
    const own = (await gw.graphql('query ($id: ID!) { plan(id: $id) { status } checkoutLinks { totalCount } }', { id: b.plan }, gw.orgB.testKey)).body
      .data as any;
    expect(own.plan.status).toBe('ACTIVE');
    expect(own.checkoutLinks.totalCount).toBeGreaterThanOrEqual(2);
    await expectInvisible(gw.orgA.testKey, b);
    const live = await seedPlanAndLinks(gw.orgA.liveKey, 'acme-live');
    await expectInvisible(gw.orgA.testKey, live);

    const disable = await gw.graphql('mutation ($id: ID!) { disableCheckoutLink(id: $id) { checkoutLink { id } userErrors { code } } }', { id: b.tierLink.id });
    expect((disable.body.data as any).disableCheckoutLink).toEqual({ checkoutLink: null, userErrors: [{ code: 'NOT_FOUND' }] });
    const link = await gw.graphql('mutation ($t: ID!) { createCheckoutLink(input: { planTierId: $t }) { checkoutLink { id } userErrors { code } } }', {
      t: b.tier,
    });
    expect((link.body.data as any).createCheckoutLink.checkoutLink).toBeNull();
    expect((link.body.data as any).createCheckoutLink.userErrors[0].code).toBe('NOT_FOUND');
  });

  it('refuses plans and checkout links to keys without their scopes', async () => {
    const productsOnly = await gw.keyWith(['product:read', 'product:write', 'price:read']);
    expect(codeOf((await gw.graphql('{ plans { totalCount } }', {}, productsOnly)).body)).toBe('FORBIDDEN');
    expect(codeOf((await gw.graphql('{ checkoutLinks { totalCount } }', {}, productsOnly)).body)).toBe('FORBIDDEN');
    const create = await gw.graphql('mutation { createPlan(input: { name: "x", tiers: [] }) { plan { id } } }', {}, productsOnly);
    expect(codeOf(create.body)).toBe('FORBIDDEN');
    const readLinks = await gw.keyWith(['checkout-link:read']);
    const write = await gw.graphql('mutation { createCheckoutLink(input: { lineItems: [] }) { checkoutLink { id } } }', {}, readLinks);
    expect(codeOf(write.body)).toBe('FORBIDDEN');
  });
});
