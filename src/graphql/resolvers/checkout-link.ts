// Checkout links and their line items. Every relation goes through the request's DataLoaders.
import type { GraphQLResolveInfo } from 'graphql';
import type { FastNested, NestedRows } from '../../db/fast-read.ts';
import type { CheckoutLink, LineItem, Plan, PlanTier, Price } from '../../domain/entities/index.ts';
import * as links from '../../domain/services/checkout-links/checkout-links.ts';
import * as linkUpdates from '../../domain/services/checkout-links/updates.ts';
import { DEFAULT_PAGE_SIZE } from '../../domain/pagination.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import type { GraphQLContext } from '../context.ts';
import { payload, query } from '../errors.ts';
import { must } from '../loaders.ts';
import { whenLoaded } from '../maybe-async.ts';
import { lineItemsReadFor, planReadFor, primeLinkReads } from '../prime-loaders.ts';
import { selects } from '../selection.ts';

/** A plan not deleted, or null: at once when the loader holds it (read with the link). */
function planOf(id: string | null | undefined, ctx: GraphQLContext): Plan | null | Promise<Plan | null> {
  if (!id) return null;
  return whenLoaded(ctx.loaders.plan.get(id), (plan) => (plan && !plan.deletedAt ? plan : null));
}

/**
 * A link's plan tier: read with the link's plan and its other tiers (the faces that show a tier
 * also show its plan, so one statement serves both), by id when the link has no plan. At once
 * when the loaders hold them.
 */
function tierOf(link: CheckoutLink, ctx: GraphQLContext): PlanTier | null | Promise<PlanTier | null> {
  const tierId = link.planTier;
  if (!tierId) return null;
  if (!link.plan) return ctx.loaders.planTier.get(tierId);
  const planId = link.plan;
  // The plan's read brings its tiers (loaders.ts, plansWithTiers): no statement of their own.
  return whenLoaded(ctx.loaders.plan.get(planId), () =>
    whenLoaded(ctx.loaders.tiersByPlan.get(planId), (tiers) => tiers.find((t) => t.id === tierId) ?? ctx.loaders.planTier.get(tierId)),
  );
}

function priceOf(item: LineItem, ctx: GraphQLContext): Price | null | Promise<Price | null> {
  return item.price ? ctx.loaders.price.get(item.price) : null;
}

/**
 * What to read with links in their statement: what the operation selects of them under each of
 * `paths`. Their plans only for a few links (`withPlans`): links share plans, and the statement
 * builds each plan's JSON (tiers, items) once per link. Measured on PostgreSQL (EXPLAIN ANALYZE,
 * half the links on 4 plans' tiers): 50 links 3.3 ms against 1.8 ms for the page and then the
 * plans (loaders); 10 links 1.0 against 0.9 ms, where the statement saved costs the gateway more
 * (trace: GraphQL first:10 3.05-3.27 -> 2.75 CPU ms/req).
 */
/** The largest page of links read with their plans (linkReads). */
const PLANS_NESTED_UP_TO = 10;

function linkReads(info: GraphQLResolveInfo, withPlans: boolean, ...paths: string[][]): FastNested[] {
  const reads: FastNested[] = [];
  if (paths.some((path) => selects(info, ...path, 'lineItems'))) reads.push(lineItemsReadFor(info));
  // A link's tier is read with its plan's tiers (tierOf).
  if (withPlans && paths.some((path) => selects(info, ...path, 'plan') || selects(info, ...path, 'planTier'))) reads.push(planReadFor(info));
  return reads;
}

const settings = (link: CheckoutLink) => ({
  couponsAllowed: link.couponsAllowed ?? null,
  forceCompany: link.forceCompany,
  quantityEditable: link.quantityEditable,
  trialDays: link.trialDays ?? null,
  billingAddressCollection: link.billingAddressCollection,
  submitType: link.submitType,
  paymentMethodTypes: link.paymentMethodTypes ?? null,
  paymentMethodConfiguration: link.paymentMethodConfiguration ?? null,
  threeDsLevel: link.threeDsLevel ?? null,
});

export const checkoutLinkResolvers: Resolvers = {
  Query: {
    // What the operation shows of the links' items and plans is read in the links' own statement.
    checkoutLinks: (_p, { filter, ...page }, ctx, info) =>
      query(async () => {
        const size = page.last ?? page.first ?? DEFAULT_PAGE_SIZE;
        const nested = linkReads(info, size <= PLANS_NESTED_UP_TO, ['nodes'], ['edges', 'node']);
        const found = await links.listCheckoutLinks(ctx, filter ?? {}, { ...page, countTotal: selects(info, 'totalCount'), nested });
        primeLinkReads(ctx.loaders, nested, found.nested, found.rows);
        return found;
      }),
    checkoutLink: (_p, { id, slug }, ctx, info) =>
      query(async () => {
        const nested = linkReads(info, true, []);
        let found: NestedRows[] | undefined;
        const also = nested.length > 0 ? { nested, found: (rows: NestedRows[]) => (found = rows) } : undefined;
        const link = await links.getCheckoutLink(ctx, { id, slug }, also);
        if (link) primeLinkReads(ctx.loaders, nested, found, [link]);
        return link;
      }),
    lineItem: (_p, { id }, ctx) => query(() => links.getLineItem(ctx, id)),
    lineItems: (_p, { checkoutLinkId, ...page }, ctx) => query(() => links.listLineItems(ctx, checkoutLinkId, page)),
  },
  Mutation: {
    createCheckoutLink: (_p, { input }, ctx) => payload('checkoutLink', () => links.createCheckoutLink(ctx, input)),
    updateCheckoutLink: (_p, { id, input }, ctx) => payload('checkoutLink', () => linkUpdates.updateCheckoutLink(ctx, id, input)),
    enableCheckoutLink: (_p, { id }, ctx) => payload('checkoutLink', () => linkUpdates.setCheckoutLinkActive(ctx, id, true)),
    disableCheckoutLink: (_p, { id }, ctx) => payload('checkoutLink', () => linkUpdates.setCheckoutLinkActive(ctx, id, false)),
    deleteCheckoutLink: (_p, { id }, ctx) => payload('deletedId', () => linkUpdates.deleteCheckoutLink(ctx, id)),
  },
  CheckoutLink: {
    // codegen types enum results as null (enumsAsTypes + enumValues); the value is the internal one.
    mode: (link) => link.checkoutMode as never,
    plan: (link, _a, ctx) => planOf(link.plan, ctx),
    planTier: (link, _a, ctx) => tierOf(link, ctx),
    lineItems: (link, _a, ctx) => ctx.loaders.lineItemsByLink.get(link.id),
    salesChannel: (link, _a, ctx) => (link.salesChannel ? ctx.loaders.salesChannel.get(link.salesChannel) : null),
    settings,
    afterCompletion: (link) => ({
      type: link.afterCompletionType,
      redirectUrl: link.afterCompletionRedirectUrl ?? null,
      message: link.afterCompletionMessage ?? null,
      backToProviderUrl: link.backToProviderUrl ?? null,
    }),
    completedSessions: (link) => (link.completedSessionsLimit == null ? null : { limit: link.completedSessionsLimit, count: link.completedSessionsCount }),
    url: (link, _a, ctx) => links.linkUrl(ctx.publicUrl, link.slug),
    livemode: (link) => link.mode === 'live',
  },
  LineItem: {
    checkoutLink: (item, _a, ctx) => must(ctx.loaders.checkoutLink, item.checkoutLink),
    product: (item, _a, ctx) => (item.product ? ctx.loaders.product.get(item.product) : null),
    plan: (item, _a, ctx) => planOf(item.plan, ctx),
    planTier: (item, _a, ctx) => (item.planTier ? ctx.loaders.planTier.get(item.planTier) : null),
    price: (item, _a, ctx) => priceOf(item, ctx),
    adjustableQuantity: (item) =>
      item.adjustableEnabled || item.adjustableMin != null || item.adjustableMax != null
        ? { enabled: item.adjustableEnabled, minimum: item.adjustableMin ?? null, maximum: item.adjustableMax ?? null }
        : null,
    periods: (item) => item.periods ?? [],
    // amountSubtotal and setupFee: the pricing module's (resolvers/pricing.ts).
    currency: (item, _a, ctx) =>
      whenLoaded(priceOf(item, ctx), (price) => price?.currency ?? whenLoaded(planOf(item.plan, ctx), (plan) => plan?.currency?.toUpperCase() ?? null)),
  },
};
