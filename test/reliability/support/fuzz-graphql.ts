// GraphQL endpoints for the fuzz suite: one per mutation of schema/*.graphql (generated
// `variables`: typed from the schema, almost-valid from a template, or hostile), plus raw bodies
// to /graphql. Seeds reference objects (used inside inputs) and target objects (the `id` of
// update, archive and delete mutations) through GraphQL first.
import fc from 'fast-check';
import type { TestGateway } from '../../support/gateway.ts';
import { graphqlErrorsProblem, graphqlHttpError, userErrorsProblem, type Reply } from './error-shapes.ts';
import type { Endpoint, FuzzRequest, Judgement } from './fuzz-harness.ts';
import { documentOf, literal, mutations, typedVariables, type IdPools } from './fuzz-graphql-values.ts';
import { almostValid, hostileString, hostileValue, jsonBodies, overLimit, randomObject, rawTexts, type Json } from './fuzz-values.ts';

type Gql = <T = any>(query: string, variables?: Record<string, unknown>) => Promise<T>;

function client(gw: TestGateway): Gql {
  return async (query, variables = {}) => {
    const r = await gw.graphql<any>(query, variables);
    const field = r.body.data && Object.values(r.body.data)[0];
    if (r.body.errors || !field || (field as { userErrors?: unknown[] }).userErrors?.length) throw new Error(`seed: ${JSON.stringify(r.body)}`);
    return field;
  };
}

export interface GraphqlSeed {
  pools: IdPools;
  templates: Record<string, () => Record<string, Json>>;
  /** A publishable key of org A (test): the storefront mutations are sent with it (a secret key is refused there). */
  publishableKey: string;
}

/** Mutations a publishable key (not a secret key) calls. */
export const STOREFRONT_MUTATIONS = new Set(['startCheckoutSession', 'updateCheckoutSession', 'completeCheckoutSession']);

/** A publishable key, a storefront link and open sessions (client secrets) to fuzz the storefront mutations on. */
async function seedStorefront(gw: TestGateway, gql: Gql, priceId: string): Promise<{ pk: string; slug: string; secrets: string[] }> {
  const pk = (
    await gql('mutation ($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret userErrors { message } } }', {
      i: { organisationId: gw.orgA.id, mode: 'TEST', kind: 'PUBLISHABLE' },
    })
  ).secret as string;
  const slug = (
    await gql('mutation ($i: CreateCheckoutLinkInput!) { createCheckoutLink(input: $i) { checkoutLink { slug } userErrors { message } } }', {
      i: {
        title: 'Storefront fuzz',
        lineItems: [{ priceId, quantity: 1, adjustableQuantity: { enabled: true, minimum: 1, maximum: 20 } }],
        settings: { couponsAllowed: true, billingAddressCollection: 'REQUIRED' },
      },
    })
  ).checkoutLink.slug as string;
  const secrets: string[] = [];
  for (let i = 0; i < 12; i++) {
    const res = await gw.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${pk}` },
      payload: { query: 'mutation ($s: String!) { startCheckoutSession(input: { slug: $s }) { clientSecret } }', variables: { s: slug } },
    });
    secrets.push(res.json().data.startCheckoutSession.clientSecret);
  }
  return { pk, slug, secrets };
}

export async function seedGraphql(gw: TestGateway): Promise<GraphqlSeed> {
  const gql = client(gw);
  const product = async (name: string, currency = 'EUR', recurring: unknown = { interval: 'MONTH' }) =>
    (
      await gql('mutation ($i: CreateProductInput!) { createProduct(input: $i) { product { id defaultPrice { id } } userErrors { message } } }', {
        i: { name, defaultPrice: { currency, unitAmount: 1900, recurring } },
      })
    ).product;
  const price = async (productId: string) =>
    (
      await gql('mutation ($i: CreatePriceInput!) { createPrice(input: $i) { price { id } userErrors { message } } }', {
        i: { productId, currency: 'EUR', unitAmount: 500 },
      })
    ).price.id as string;
  const plan = async (code: string, activate: boolean, p: { id: string; defaultPrice: { id: string } }) =>
    (
      await gql('mutation ($i: CreatePlanInput!) { createPlan(input: $i) { plan { id tiers { id items { id } } } userErrors { message } } }', {
        i: {
          code,
          name: code,
          activate,
          tiers: [
            { name: 'Basic', items: [{ productId: p.id, priceId: p.defaultPrice.id }] },
            { name: 'Pro', items: [{ productId: p.id, priceId: p.defaultPrice.id, defaultQuantity: 2 }] },
          ],
        },
      })
    ).plan;
  const link = async (input: unknown) =>
    (await gql('mutation ($i: CreateCheckoutLinkInput!) { createCheckoutLink(input: $i) { checkoutLink { id } userErrors { message } } }', { i: input }))
      .checkoutLink.id as string;
  const apiKey = async () =>
    (
      await gql('mutation ($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } userErrors { message } } }', {
        i: { organisationId: gw.orgA.id, mode: 'TEST', scopes: ['product:read'] },
      })
    ).apiKey.id as string;

  const refProduct = await product('Ref seat');
  const refUsd = await product('Ref usd', 'USD', null);
  const refPrice = await price(refProduct.id);
  const refPlan = await plan('ref-plan', true, refProduct);
  const refLink = await link({ title: 'Ref link', lineItems: [{ priceId: refProduct.defaultPrice.id, quantity: 1 }] });
  const targetProducts = [await product('Target 1'), await product('Target 2')];
  const targetPrices = [await price(targetProducts[0].id), await price(targetProducts[0].id)];
  const targetPlans = [await plan('target-plan-1', false, refProduct), await plan('target-plan-2', true, refProduct)];
  const targetLinks = [
    await link({ title: 'Target link', lineItems: [{ priceId: refPrice, quantity: 1 }] }),
    await link({ planTierId: refPlan.tiers[0].id, title: 'Target tier link' }),
  ];
  const channel = (await gql('mutation { createSalesChannel(input: { name: "fuzz-target" }) { salesChannel { id } userErrors { message } } }')).salesChannel
    .id as string;
  const defaultChannel = (await gw.graphql<any>('{ salesChannels { id name } }')).body.data.salesChannels.find((c: any) => c.name === 'default').id as string;
  const keys = [await apiKey(), await apiKey()];
  const alias = async (accountId: string) =>
    (
      await gql('mutation ($i: AddVendorAccountAliasInput!) { addVendorAccountAlias(input: $i) { vendorAccountAlias { id } userErrors { message } } }', {
        i: { vendor: 'WHOP', accountId },
      })
    ).vendorAccountAlias.id as string;
  const aliases = [await alias('biz_FuzzTarget1'), await alias('biz_FuzzTarget2')];
  const hook = async (format: string) =>
    (
      await gql('mutation ($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { webhookEndpoint { id } userErrors { message } } }', {
        i: { url: 'https://hooks.example.com/fuzz', format },
      })
    ).webhookEndpoint.id as string;
  const hooks = [await hook('STANDARD'), await hook('LEANRAILS')];
  const coupon = async (name: string) =>
    (
      await gql('mutation ($i: CreateCouponInput!) { createCoupon(input: $i) { coupon { id promotionCodes { id } } userErrors { message } } }', {
        i: { name, percentOff: 10, promotionCodes: [{ code: name }] },
      })
    ).coupon;
  const coupons = [await coupon('fuzz-target-1'), await coupon('fuzz-target-2')];
  const eventId = (await gw.graphql<any>('query ($id: ID!) { events(filter: { objectId: $id }) { nodes { id } } }', { id: refProduct.id })).body.data.events
    .nodes[0].id as string;

  const b = gw.orgB.testKey;
  const bProduct = (
    await gw.graphql<any>(
      'mutation { createProduct(input: { name: "B", defaultPrice: { currency: "EUR", unitAmount: 1 } }) { product { id defaultPrice { id } } } }',
      {},
      b,
    )
  ).body.data.createProduct.product;
  const tiers = refPlan.tiers.map((t: any) => t.id) as string[];
  const storefront = await seedStorefront(gw, gql, refPrice);
  const pools: IdPools = {
    byField: {
      slug: [storefront.slug],
      clientSecret: storefront.secrets,
      productId: [refProduct.id, refUsd.id],
      originProductId: [refProduct.id],
      priceId: [refProduct.defaultPrice.id, refUsd.defaultPrice.id, refPrice],
      defaultPriceId: [targetProducts[0].defaultPrice.id, refPrice],
      planId: [refPlan.id],
      familyId: [refPlan.id],
      planTierId: tiers,
      checkoutLinkId: [refLink],
      couponId: coupons.map((c) => c.id),
      organisationId: [gw.orgA.id, gw.orgB.id],
    },
    any: [refProduct.id, refPrice, refPlan.id, ...tiers, refLink, defaultChannel],
    invalid: [bProduct.id, bProduct.defaultPrice.id, '0190a1b2-0000-7000-8000-000000000000', '00000000-0000-0000-0000-000000000000', 'not-an-id', ''],
  };
  const targets: Record<string, string[]> = {
    Product: targetProducts.map((p) => p.id),
    Price: targetPrices,
    Plan: targetPlans.map((p) => p.id),
    CheckoutLink: targetLinks,
    SalesChannel: [channel],
    ApiKey: keys,
    WebhookEndpoint: hooks,
    WebhookEndpointSecret: hooks,
    Event: [eventId],
    VendorAccountAlias: aliases,
    Coupon: coupons.map((c) => c.id),
    PromotionCode: coupons.map((c) => c.promotionCodes[0].id),
  };
  // The `id` argument of update/archive/delete mutations: target objects of the mutation's kind.
  const targetOf = (mutation: string): string[] => Object.entries(targets).find(([kind]) => mutation.endsWith(kind))?.[1] ?? pools.any;
  let n = 0;
  const pick = <T>(list: T[]): T => list[n++ % list.length] as T;
  const item = { productId: refProduct.id, priceId: refProduct.defaultPrice.id, defaultQuantity: 1 };
  const templates: Record<string, () => Record<string, Json>> = {
    createProduct: () => ({
      input: {
        name: 'Fuzz product',
        description: 'd',
        kind: 'RECURRING',
        metadata: { a: 'b' },
        images: ['https://example.com/a.png'],
        visibility: 'VISIBLE',
        defaultPrice: { currency: 'EUR', unitAmount: 1900, recurring: { interval: 'MONTH', intervalCount: 1 }, taxBehavior: 'EXCLUSIVE' },
      },
    }),
    updateProduct: () => ({ id: pick(targets.Product!), input: { name: 'Renamed', description: 'x', metadata: { c: 'd' }, headline: 'h' } }),
    createPrice: () => ({
      input: {
        productId: refProduct.id,
        currency: 'EUR',
        unitAmount: 990,
        recurring: { interval: 'YEAR' },
        nickname: 'Yearly',
        salesChannel: 'default',
        metadata: {},
      },
    }),
    updatePrice: () => ({ id: pick(targetPrices), input: { active: true, nickname: 'n', taxBehavior: 'INCLUSIVE', metadata: { a: '1' } } }),
    createPlan: () => ({
      input: { code: `gql-plan-${++n}`, name: 'Fuzz plan', description: 'd', metadata: {}, tiers: [{ name: 'Basic', position: 0, items: [item] }] },
    }),
    replacePlan: () => ({ id: targets.Plan![0]!, input: { code: 'target-plan-1', name: 'Replaced', tiers: [{ name: 'T', items: [item] }] } }),
    updatePlan: () => ({
      id: pick(targets.Plan!),
      input: { name: 'Updated', description: 'd', metadata: { a: 'b' }, trialPeriodDays: 7, visibility: 'VISIBLE' },
    }),
    createPlanWithCheckoutLink: () =>
      pick<Record<string, Json>>([
        {
          input: {
            plan: { code: `gql-plan-link-${++n}`, name: 'Plan with link', activate: true, tiers: [{ name: 'Only', items: [item] }] },
            checkoutLink: { title: 'Plan link', settings: { couponsAllowed: true } },
          },
        },
        // The same plan input each time: the first creates the plan, the others sell it (fingerprint).
        {
          input: {
            plan: { name: 'Reused plan', activate: true, tiers: [{ name: 'Only', items: [item] }] },
            checkoutLink: { title: 'Reused plan link' },
            reuseIdentical: true,
          },
        },
      ]),
    createCheckoutLink: () =>
      pick<Record<string, Json>>([
        {
          input: {
            title: 'Fuzz link',
            lineItems: [{ priceId: refPrice, quantity: 2 }, { priceData: { productName: 'Setup', currency: 'EUR', unitAmount: 9900 } }],
            settings: { couponsAllowed: true, trialDays: 14, billingAddressCollection: 'REQUIRED' },
            afterCompletion: { type: 'REDIRECT', redirectUrl: 'https://example.com/thanks' },
            metadata: { a: 'b' },
          },
        },
        { input: { planTierId: pick(tiers), title: 'Tier link', salesChannel: 'default' } },
      ]),
    updateCheckoutLink: () =>
      pick<Record<string, Json>>([
        {
          id: pick(targetLinks),
          input: { title: 'Renamed', description: 'd', active: true, inactiveMessage: 'Closed', completedSessionsLimit: 10, metadata: { a: 'b' } },
        },
        { id: pick(targetLinks), input: { metadataPatch: { a: null, b: '', c: 'set' } } },
      ]),
    createCart: () => ({ input: { checkoutLinkId: refLink, customerId: 'cus_1', metadata: { a: 'b' } } }),
    createApiKey: () => ({ input: { organisationId: gw.orgA.id, mode: 'TEST', scopes: ['product:read'], name: 'fuzz' } }),
    createOrganisation: () => ({ input: { name: 'Fuzz org', slug: `fuzz-org-${++n}` } }),
    createSalesChannel: () => ({ input: { name: `fuzz-channel-${++n}`, brandName: 'Brand', customerfrontBaseUrl: 'https://shop.example.com' } }),
    updateSalesChannel: () => ({ id: channel, input: { brandName: 'B2', customerfrontBaseUrl: 'https://x.example.com' } }),
    addVendorAccountAlias: () => ({ input: { vendor: 'WHOP', accountId: `biz_Fuzz${++n}` } }),
    createWebhookEndpoint: () => ({
      input: {
        url: 'https://hooks.example.com/fuzz',
        format: pick(['STANDARD', 'LEANRAILS', 'WHOP', 'FYNN']),
        enabledEvents: ['*'],
        enabled: true,
        description: 'd',
        metadata: { a: 'b' },
        apiVersion: 'v1',
      },
    }),
    updateWebhookEndpoint: () => ({
      id: pick(hooks),
      input: { url: 'https://hooks.example.com/fuzz-2', enabledEvents: ['*'], enabled: false, description: 'x', metadata: { c: 'd' } },
    }),
    createCoupon: () => ({
      input: {
        name: 'Fuzz coupon',
        percentOff: 12.5,
        duration: 'REPEATING',
        durationInMonths: 3,
        maxRedemptions: 100,
        redeemBy: '2040-01-01T00:00:00Z',
        appliesToProducts: [refProduct.id],
        metadata: { a: 'b' },
        promotionCodes: [{ code: `FUZZ-C${++n}`, active: true, maxRedemptions: 5, expiresAt: '2040-01-01T00:00:00Z' }],
      },
    }),
    updateCoupon: () => ({ id: pick(targets.Coupon!), input: { name: 'Renamed', metadata: { c: 'd' } } }),
    createPromotionCode: () => ({
      input: {
        couponId: pick(targets.Coupon!),
        code: `fuzz-code-${++n}`,
        active: true,
        maxRedemptions: 3,
        expiresAt: '2040-01-01T00:00:00Z',
        metadata: { a: 'b' },
      },
    }),
    updatePromotionCode: () => ({ id: pick(targets.PromotionCode!), input: { active: false, metadata: { c: 'd' } } }),
    resendEvent: () => ({ id: eventId, endpointId: pick(hooks) }),
    setStorefrontAllowedOrigins: () => ({ origins: ['https://shop.example.com', 'http://localhost:5173'] }),
    startCheckoutSession: () => ({
      input: { slug: storefront.slug, update: { quantities: [{ line: 0, quantity: 2 }], email: 'buyer@example.com', name: 'Ada' } },
    }),
    updateCheckoutSession: () => ({
      clientSecret: pick(storefront.secrets),
      input: {
        quantities: [{ line: 0, quantity: 3 }],
        email: 'buyer@example.com',
        name: 'Ada',
        company: 'Acme',
        billingAddress: { line1: 'Main St 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
      },
    }),
    completeCheckoutSession: () => ({
      clientSecret: pick(storefront.secrets),
      input: {
        update: { email: 'buyer@example.com', billingAddress: { line1: 'Main St 1', postalCode: '10115', city: 'Berlin', country: 'DE' } },
        payment: {
          card: {
            number: pick(['4242 4242 4242 4242', '4000 0000 0000 0002', '4000000000009995', '4242424242424241']),
            expMonth: 12,
            expYear: 2040,
            cvc: '123',
            name: 'Ada',
          },
        },
      },
    }),
  };
  for (const m of mutations()) {
    // Mutations of an id alone (archive, delete, …) target objects of their kind; a mutation
    // added to the schema without a template here starts from one typed sample of its arguments.
    const idOnly = m.args.length === 1 && m.args[0]?.name === 'id';
    const sample = idOnly ? null : (fc.sample(typedVariables(m, pools), { numRuns: 1, seed: 7 })[0] ?? {});
    if (!templates[m.name]) templates[m.name] = idOnly ? () => ({ id: pick(targetOf(m.name)) }) : () => structuredClone(sample ?? {});
    if (m.args.some((a) => a.name === 'id')) (pools.byField as Record<string, string[]>)[`id:${m.name}`] = targetOf(m.name);
  }
  return { pools, templates, publishableKey: storefront.pk };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Refused: a 4xx, errors[], or userErrors; each in its shape. Accepted: every payload has its result. */
export function judgeGraphql(res: Reply): Judgement {
  if (res.statusCode >= 400) return { refused: true, problem: graphqlHttpError(res) };
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return { refused: true, problem: `a ${res.statusCode} that is not JSON` };
  }
  if (!isObject(body)) return { refused: true, problem: 'body is not an object' };
  if ('errors' in body) {
    const data = body.data;
    const partial = isObject(data) && Object.values(data).some((v) => v !== null);
    return { refused: true, problem: graphqlErrorsProblem(body.errors) ?? (partial ? 'errors[] next to data' : null) };
  }
  if (!isObject(body.data)) return { refused: false, problem: 'neither data nor errors' };
  let refused = false;
  for (const [field, payload] of Object.entries(body.data)) {
    // Payloads carry userErrors; other fields (`_noop`, introspection) are plain data.
    if (!isObject(payload) || !('userErrors' in payload)) continue;
    const problem = userErrorsProblem(payload.userErrors);
    if (problem) return { refused: true, problem };
    if ((payload.userErrors as unknown[]).length) refused = true;
    // Without userErrors the payload's selected result fields (if any were selected) must be there.
    else if (Object.keys(payload).length > 1 && !Object.entries(payload).some(([k, v]) => k !== 'userErrors' && v !== null))
      return { refused, problem: `${field}: no userErrors and no result` };
  }
  return { refused, problem: null };
}

const gqlRequest = (key: string, body: { payload?: string; contentType?: string }): FuzzRequest => ({
  method: 'POST',
  url: '/graphql',
  headers: { authorization: `Bearer ${key}`, ...(body.contentType ? { 'content-type': body.contentType } : {}) },
  ...(body.payload === undefined ? {} : { payload: body.payload }),
});

/** One endpoint per mutation: generated variables, sent as JSON { query, variables }. */
export function graphqlEndpoints(gw: TestGateway, seed: GraphqlSeed): Endpoint[] {
  const endpoints: Endpoint[] = mutations().map((m) => {
    const key = STOREFRONT_MUTATIONS.has(m.name) ? seed.publishableKey : gw.orgA.testKey;
    const query = documentOf(m);
    const pools: IdPools = { ...seed.pools, byField: { ...seed.pools.byField, id: seed.pools.byField[`id:${m.name}`] ?? seed.pools.any } };
    const template = seed.templates[m.name] as () => Record<string, Json>;
    const variables = fc.oneof(
      { weight: 6, arbitrary: typedVariables(m, pools) as fc.Arbitrary<Json> },
      { weight: 6, arbitrary: almostValid(template) },
      { weight: 2, arbitrary: fc.constant(null).map(() => template() as Json) },
      { weight: 2, arbitrary: randomObject(m.args.map((a) => a.name)) },
      { weight: 1, arbitrary: hostileValue },
    );
    const body = fc.oneof(
      { weight: 150, arbitrary: variables.map((v) => ({ payload: JSON.stringify({ query, variables: v }), contentType: 'application/json' })) },
      { weight: 1, arbitrary: overLimit.map((payload) => ({ payload, contentType: 'application/json' })) },
    );
    return { name: `mutation ${m.name}`, request: body.map((b) => gqlRequest(key, b)), judge: judgeGraphql };
  });
  endpoints.push({ name: 'POST /graphql raw bodies', request: rawGraphqlBodies(seed).map((b) => gqlRequest(gw.orgA.testKey, b)), judge: judgeGraphql });
  return endpoints;
}

/** Raw bodies to /graphql: inline literals, broken documents, batches, odd content types, non-JSON. */
function rawGraphqlBodies(seed: GraphqlSeed): fc.Arbitrary<{ payload?: string; contentType?: string }> {
  const ms = mutations();
  const mutation = fc.constantFrom(...ms);
  const json = (value: unknown) => ({ payload: JSON.stringify(value), contentType: 'application/json' });
  const inline = fc.tuple(mutation, fc.nat()).chain(([m, i]) =>
    almostValid(seed.templates[m.name] as () => Json).map((vars) => {
      const args = isObject(vars)
        ? Object.entries(vars)
            .map(([k, v]) => `${/^[_A-Za-z]\w*$/.test(k) ? k : 'bad'}: ${literal(v as Json)}`)
            .join(', ')
        : '';
      return json({
        query: `mutation { ${m.name}${args ? `(${args})` : ''} { userErrors { code reason message path } } }`,
        operationName: i % 5 === 0 ? 'Nope' : undefined,
      });
    }),
  );
  const documents = fc.oneof(
    hostileString,
    fc.constantFrom(
      'mutation',
      'mutation {',
      '{ __schema { types { name } } }',
      'subscription { x }',
      'mutation A { _noop } mutation B { _noop }',
      `mutation { ${'a: _noop '.repeat(30)} }`,
      `{ ${'viewer { '.repeat(20)}${'}'.repeat(20)} }`,
      `mutation { _noop ${'@skip(if: false) '.repeat(30)} }`,
      `mutation { ${'_noop '.repeat(4_100)} }`,
    ),
  );
  return fc.oneof(
    { weight: 6, arbitrary: inline },
    { weight: 4, arbitrary: fc.tuple(mutation, hostileValue).map(([m, v]) => json({ query: documentOf(m), variables: v })) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(documents, fc.oneof(fc.constant(undefined), hostileValue), fc.oneof(fc.constant(undefined), hostileValue))
        .map(([query, variables, operationName]) => json({ query, variables, operationName })),
    },
    { weight: 2, arbitrary: fc.tuple(mutation, mutation).map(([a, b]) => json([{ query: documentOf(a) }, { query: documentOf(b) }])) },
    { weight: 2, arbitrary: jsonBodies(() => ({ query: documentOf(ms[0]!), variables: (seed.templates[ms[0]!.name] as () => Json)() })) },
    { weight: 2, arbitrary: rawTexts(() => ({ query: 'mutation { _noop }', variables: {} })).map((payload) => ({ payload, contentType: 'application/json' })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/graphql')
        .map((contentType) => ({ payload: '{"query":"mutation { _noop }"}', contentType })),
    },
    {
      weight: 1,
      arbitrary: hostileString.map((query) =>
        json({ query: `mutation { createProduct(input: { name: ${JSON.stringify(query)} }) { product { id } userErrors { code reason message path } } }` }),
      ),
    },
  );
}
