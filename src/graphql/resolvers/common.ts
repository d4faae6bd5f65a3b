// Scalars, enums (internal values are the lower-case names), Node, connections, viewer.
import { GraphQLEnumType, type GraphQLSchema } from 'graphql';
import { DateTimeResolver, JSONObjectResolver, SafeIntResolver } from 'graphql-scalars';
import {
  ApiKey,
  CheckoutLink,
  CheckoutSession,
  Coupon,
  Event,
  LineItem,
  Organisation,
  Plan,
  PlanTier,
  PlanTierItem,
  Price,
  Product,
  PromotionCode,
  SalesChannel,
  WebhookEndpoint,
} from '../../domain/entities/index.ts';
import type { Page } from '../../domain/pagination.ts';
import { isUuid } from '../../domain/services/support/ids.ts';
import type { Resolvers } from '../../generated/graphql.ts';

/** Enum resolvers mapping every GraphQL enum value to its lower-case internal value. */
export function enumResolvers(typeDefsSchema: GraphQLSchema): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const type of Object.values(typeDefsSchema.getTypeMap())) {
    if (!(type instanceof GraphQLEnumType) || type.name.startsWith('__') || type.name === 'ErrorCode') continue;
    out[type.name] = Object.fromEntries(type.getValues().map((v) => [v.name, v.name.toLowerCase()]));
  }
  return out;
}

/** Relay connection fields over a Page of rows. */
const connection = <T extends { id: string }>() => ({
  edges: (page: Page<T>) => page.rows.map((node) => ({ cursor: page.cursor(node), node })),
  nodes: (page: Page<T>) => page.rows,
  pageInfo: (page: Page<T>) => {
    const first = page.rows[0];
    const last = page.rows[page.rows.length - 1];
    return {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: first ? page.cursor(first) : null,
      endCursor: last ? page.cursor(last) : null,
    };
  },
  totalCount: (page: Page<T>) => page.totalCount(),
});

const nodeTypes: [new (...a: never[]) => object, string][] = [
  [CheckoutLink, 'CheckoutLink'],
  [LineItem, 'LineItem'],
  [Plan, 'Plan'],
  [PlanTier, 'PlanTier'],
  [PlanTierItem, 'PlanTierItem'],
  [Product, 'Product'],
  [Price, 'Price'],
  [SalesChannel, 'SalesChannel'],
  [CheckoutSession, 'CheckoutSession'],
  [ApiKey, 'ApiKey'],
  [Organisation, 'Organisation'],
  [Event, 'Event'],
  [WebhookEndpoint, 'WebhookEndpoint'],
  [Coupon, 'Coupon'],
  [PromotionCode, 'PromotionCode'],
];

export const commonResolvers: Resolvers = {
  DateTime: DateTimeResolver,
  JSONObject: JSONObjectResolver,
  SafeInt: SafeIntResolver,
  Node: {
    __resolveType: (obj) => (nodeTypes.find(([cls]) => obj instanceof cls)?.[1] ?? null) as never,
  },
  ProductConnection: connection<Product>(),
  PriceConnection: connection<Price>(),
  PlanConnection: connection<Plan>(),
  CheckoutLinkConnection: connection<CheckoutLink>(),
  LineItemConnection: connection<LineItem>(),
  CheckoutSessionConnection: connection<CheckoutSession>(),
  CouponConnection: connection<Coupon>(),
  PromotionCodeConnection: connection<PromotionCode>(),
  Query: {
    viewer: (_p, _a, ctx) => ctx.principal,
    node: async (_p, { id }, ctx) => {
      if (!isUuid(id) || !ctx.principal) return null;
      const l = ctx.loaders;
      const found = await Promise.all([
        l.checkoutLink.load(id),
        l.lineItem.load(id),
        l.plan.load(id),
        l.planTier.load(id),
        l.planTierItem.load(id),
        l.product.load(id),
        l.price.load(id),
        l.salesChannel.load(id),
        l.checkoutSession.load(id),
        ...(ctx.principal.scopes.has('coupon:read') ? [l.coupon.load(id), l.promotionCode.load(id)] : []),
      ]);
      const hit = found.find((x) => x !== null) ?? null;
      if (hit && 'deletedAt' in hit && hit.deletedAt) return null;
      return hit;
    },
  },
  Viewer: {
    organisation: async (principal, _a, ctx) => {
      const org = await ctx.loaders.organisation.load(principal.organisationId);
      if (!org) throw new Error('organisation of the key is gone');
      return org;
    },
    livemode: (principal) => principal.mode === 'live',
    scopes: (principal) => [...principal.scopes].sort(),
    apiKeyId: (principal) => principal.apiKeyId,
  },
};
