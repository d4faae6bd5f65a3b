// The bench's fixed data set, made through the public GraphQL API: 10 products with a price
// each, 5 active plans of 2 tiers, and BENCH_LINKS checkout links (default 1,000): half sell a
// plan tier, half explicit line items (1-3 prices, quantities 1-3). Deterministic: the same
// names, slugs, amounts and shapes on every run.

export type GraphqlClient = (query: string, variables?: Record<string, unknown>) => Promise<Record<string, any>>;

export function graphqlClient(baseUrl: string, key: string): GraphqlClient {
  return async (query, variables) => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
    if (body.errors || !body.data) throw new Error(`GraphQL failed (${response.status}): ${JSON.stringify(body.errors ?? body)}`);
    return body.data;
  };
}

export interface Seeded {
  products: { id: string; priceId: string }[];
  plans: { id: string; tierIds: string[] }[];
  /** Every link's UUID, in creation order. */
  links: string[];
  ms: number;
}

const USER_ERRORS = 'userErrors { code reason message path }';

function ok<T>(payload: { userErrors: unknown[] } & T, what: string): T {
  if (payload.userErrors.length > 0) throw new Error(`${what}: ${JSON.stringify(payload.userErrors)}`);
  return payload;
}

/** Runs `work(i)` for i in [0, count) with at most `parallel` in flight. */
async function pool(count: number, parallel: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
}

export async function seed(gql: GraphqlClient, linkCount: number): Promise<Seeded> {
  const started = performance.now();
  const products: Seeded['products'] = [];
  for (let i = 0; i < 10; i++) {
    const data = await gql(`mutation ($input: CreateProductInput!) { createProduct(input: $input) { product { id defaultPrice { id } } ${USER_ERRORS} } }`, {
      input: {
        name: `Bench product ${i + 1}`,
        description: `Product ${i + 1} of the bench catalog`,
        defaultPrice: { currency: 'EUR', unitAmount: 900 + i * 250 },
      },
    });
    const { product } = ok(data.createProduct, 'createProduct');
    products.push({ id: product.id, priceId: product.defaultPrice.id });
  }
  const item = (n: number, quantity: number) => {
    const p = products[n % products.length] as Seeded['products'][number];
    return { productId: p.id, priceId: p.priceId, defaultQuantity: quantity };
  };
  const plans: Seeded['plans'] = [];
  for (let i = 0; i < 5; i++) {
    const data = await gql(`mutation ($input: CreatePlanInput!) { createPlan(input: $input) { plan { id tiers { id } } ${USER_ERRORS} } }`, {
      input: {
        code: `bench-plan-${i + 1}`,
        name: `Bench plan ${i + 1}`,
        allowCheckout: true,
        activate: true,
        tiers: [
          { name: 'Basic', items: [item(i * 2, 1)] },
          { name: 'Pro', items: [item(i * 2 + 1, 1), item(i * 2 + 2, 2)] },
        ],
      },
    });
    const { plan } = ok(data.createPlan, 'createPlan');
    plans.push({ id: plan.id, tierIds: plan.tiers.map((t: { id: string }) => t.id) });
  }
  const tiers = plans.flatMap((p) => p.tierIds);
  const links: string[] = new Array(linkCount);
  await pool(linkCount, 4, async (i) => {
    const base = {
      slug: `bench-link-${String(i).padStart(4, '0')}`,
      title: `Bench link ${i + 1}`,
      description: i % 5 === 0 ? `Link ${i + 1} of the bench` : undefined,
    };
    const input =
      i % 2 === 0
        ? { ...base, planTierId: tiers[(i / 2) % tiers.length] }
        : {
            ...base,
            lineItems: Array.from({ length: 1 + (i % 3) }, (_, j) => ({
              priceId: (products[(i + j * 3) % products.length] as Seeded['products'][number]).priceId,
              quantity: 1 + ((i + j) % 3),
            })),
          };
    const data = await gql(`mutation ($input: CreateCheckoutLinkInput!) { createCheckoutLink(input: $input) { checkoutLink { id } ${USER_ERRORS} } }`, {
      input,
    });
    links[i] = ok(data.createCheckoutLink, `createCheckoutLink #${i}`).checkoutLink.id;
  });
  return { products, plans, links, ms: performance.now() - started };
}

/**
 * `count` API keys of the seeded organisation (test mode, every scope), made through the public
 * GraphQL API: the bench gives every connection its own key, so per-key rate limits apply as to
 * that many clients, and every scenario fresh ones, so one scenario's counts never throttle the next.
 */
export async function createKeys(gql: GraphqlClient, count: number): Promise<string[]> {
  const viewer = await gql('{ viewer { organisation { id } mode } }');
  const organisationId = viewer.viewer.organisation.id as string;
  const mode = viewer.viewer.mode as string;
  const keys: string[] = new Array(count);
  await pool(count, 4, async (i) => {
    const data = await gql(`mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret ${USER_ERRORS} } }`, {
      input: { organisationId, mode, name: `bench connection ${i + 1}` },
    });
    keys[i] = ok(data.createApiKey, 'createApiKey').secret;
  });
  return keys;
}
