// The GraphQL baseline: graphql-js with hand-written resolvers over the gateway's tables, one SQL
// statement per level of the bench's deep query (links; their line items; plans; tiers; tier
// items; prices; products), batched with DataLoader per request. It answers the same `data` as
// the gateway for graphqlLinksQuery (scenarios.ts): same ordering (links newest first, items and
// tiers by position), same tenant scope (the caller key's organisation and mode).
import DataLoader from 'dataloader';
import { buildSchema, execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';

type Row = Record<string, any>;
export type Query = (sql: string, params: unknown[]) => Promise<Row[]>;

export interface Tenant {
  organisationId: string;
  mode: string;
}

const SDL = /* GraphQL */ `
  type Query { checkoutLinks(first: Int): CheckoutLinkConnection! }
  type CheckoutLinkConnection { nodes: [CheckoutLink!]! }
  type CheckoutLink { id: ID! slug: String! title: String lineItems: [LineItem!]! plan: Plan }
  type LineItem { quantity: Int! price: Price }
  type Price { unitAmount: Float! currency: String! product: Product! }
  type Product { name: String! }
  type Plan { name: String! tiers: [PlanTier!]! }
  type PlanTier { name: String! items: [PlanTierItem!]! }
  type PlanTierItem { defaultQuantity: Int! price: Price! }
`;

interface Context {
  tenant: Tenant;
  links: DataLoader<string, Row[]>;
  plans: DataLoader<string, Row | null>;
  tiers: DataLoader<string, Row[]>;
  items: DataLoader<string, Row[]>;
  prices: DataLoader<string, Row | null>;
  products: DataLoader<string, Row | null>;
}

const scoped = 'organisation_id = $1 and mode = $2';

function grouped(query: Query, tenant: Tenant, sql: string, key: string): DataLoader<string, Row[]> {
  return new DataLoader(async (keys) => {
    const rows = await query(sql, [tenant.organisationId, tenant.mode, [...keys]]);
    const map = new Map<string, Row[]>(keys.map((k) => [k, []]));
    for (const row of rows) map.get(row[key])?.push(row);
    return keys.map((k) => map.get(k) ?? []);
  });
}

function byId(query: Query, tenant: Tenant, sql: string): DataLoader<string, Row | null> {
  return new DataLoader(async (ids) => {
    const rows = await query(sql, [tenant.organisationId, tenant.mode, [...ids]]);
    const map = new Map(rows.map((r) => [r.id as string, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

function context(query: Query, tenant: Tenant): Context {
  return {
    tenant,
    links: grouped(
      query,
      tenant,
      `select id, checkout_link_id, quantity, price_id from line_item where ${scoped} and checkout_link_id = any($3) order by position, id`,
      'checkout_link_id',
    ),
    plans: byId(query, tenant, `select id, name from plan where ${scoped} and id = any($3) and deleted_at is null`),
    tiers: grouped(query, tenant, `select id, plan_id, name from plan_tier where ${scoped} and plan_id = any($3) order by position, id`, 'plan_id'),
    items: grouped(
      query,
      tenant,
      `select id, tier_id, default_quantity, price_id from plan_tier_item where ${scoped} and tier_id = any($3) order by position, id`,
      'tier_id',
    ),
    prices: byId(query, tenant, `select id, unit_amount, currency, product_id from price where ${scoped} and id = any($3)`),
    products: byId(query, tenant, `select id, name from product where ${scoped} and id = any($3)`),
  };
}

const MAX_FIRST = 100;

function resolvers(query: Query) {
  const price = (id: string | null, ctx: Context) => (id ? ctx.prices.load(id) : null);
  return {
    Query: {
      checkoutLinks: async (_: unknown, args: { first?: number | null }, ctx: Context) => {
        const first = Math.min(Math.max(args.first ?? 10, 0), MAX_FIRST);
        const nodes = await query(`select id, slug, title, plan_id from checkout_link where ${scoped} and deleted_at is null order by id desc limit $3`, [
          ctx.tenant.organisationId,
          ctx.tenant.mode,
          first,
        ]);
        return { nodes };
      },
    },
    CheckoutLink: {
      lineItems: (link: Row, _: unknown, ctx: Context) => ctx.links.load(link.id),
      plan: (link: Row, _: unknown, ctx: Context) => (link.plan_id ? ctx.plans.load(link.plan_id) : null),
    },
    LineItem: { price: (item: Row, _: unknown, ctx: Context) => price(item.price_id, ctx) },
    Price: {
      unitAmount: (p: Row) => Number(p.unit_amount),
      product: (p: Row, _: unknown, ctx: Context) => ctx.products.load(p.product_id),
    },
    Plan: { tiers: (plan: Row, _: unknown, ctx: Context) => ctx.tiers.load(plan.id) },
    PlanTier: { items: (tier: Row, _: unknown, ctx: Context) => ctx.items.load(tier.id) },
    PlanTierItem: {
      defaultQuantity: (item: Row) => item.default_quantity,
      price: (item: Row, _: unknown, ctx: Context) => ctx.prices.load(item.price_id),
    },
  };
}

/** Attaches the resolvers to a schema built from SDL (graphql-js has no resolver map of its own). */
function executable(query: Query): GraphQLSchema {
  const schema = buildSchema(SDL);
  const map = resolvers(query) as Record<string, Record<string, (...args: any[]) => unknown>>;
  for (const [typeName, fields] of Object.entries(map)) {
    const type = schema.getType(typeName) as { getFields: () => Record<string, { resolve?: unknown }> };
    for (const [field, resolve] of Object.entries(fields)) {
      const f = type.getFields()[field];
      if (!f) throw new Error(`baseline GraphQL: no field ${typeName}.${field}`);
      f.resolve = resolve;
    }
  }
  return schema;
}

export function graphqlBaseline(query: Query) {
  const schema = executable(query);
  const documents = new Map<string, DocumentNode>();
  return async (source: string, variables: Record<string, unknown> | undefined, tenant: Tenant) => {
    let document = documents.get(source);
    if (!document) {
      document = parse(source);
      const errors = validate(schema, document);
      if (errors.length > 0) return { errors: errors.map((e) => ({ message: e.message })) };
      if (documents.size < 100) documents.set(source, document);
    }
    return execute({ schema, document, variableValues: variables, contextValue: context(query, tenant) });
  };
}
