// Plans, their tiers and tier items. Every relation goes through the request's DataLoaders.
import type { Plan, PlanTier, PlanTierItem } from '../../domain/entities/index.ts';
import * as plans from '../../domain/services/plans/plans.ts';
import { createPlanWithCheckoutLink } from '../../domain/services/plans/with-checkout-link.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import type { GraphQLContext } from '../context.ts';
import { payload, query } from '../errors.ts';
import { LINE_ITEM_PRICE_FIELDS, must, PLAN_TIER_REF_FIELDS } from '../loaders.ts';
import { whenLoaded } from '../maybe-async.ts';
import { operationSelectsOnly } from '../selection.ts';
import { linkUrl } from '../../domain/services/checkout-links/checkout-links.ts';

/** The currency of the first priced item of `tiers` (in position order), or null: at once when the loaders hold the rows. */
function firstItemCurrency(tiers: readonly PlanTier[], ctx: GraphQLContext): string | null | Promise<string | null> {
  const lists = tiers.map((t) => ctx.loaders.itemsByTier.get(t.id));
  const fromItems = (itemLists: readonly PlanTierItem[][]) => {
    const first = itemLists.flat()[0];
    if (!first) return null;
    return whenLoaded(ctx.loaders.price.get(first.price), (price) => price?.currency ?? null);
  };
  return lists.some((l) => l instanceof Promise) ? Promise.all(lists).then(fromItems) : fromItems(lists as PlanTierItem[][]);
}

function planCurrency(plan: Plan, ctx: GraphQLContext): string | null | Promise<string | null> {
  if (plan.currency) return plan.currency;
  return whenLoaded(ctx.loaders.tiersByPlan.get(plan.id), (tiers) => firstItemCurrency(tiers, ctx));
}

export const planResolvers: Resolvers = {
  Query: {
    plans: (_p, { filter, ...page }, ctx) => query(() => plans.listPlans(ctx, filter ?? {}, page)),
    plan: (_p, { id, code }, ctx, info) => {
      // An operation showing the plan, its tiers and its items' ids (the Fynn V2 plan) reads the items' prices and products narrowed.
      const loader = operationSelectsOnly(info, PLAN_TIER_REF_FIELDS) ? ctx.loaders.planWithTierRefs : ctx.loaders.plan;
      return query(() => plans.getPlan(ctx, { id, code }, (planId) => loader.load(planId)));
    },
    planTier: (_p, { id }, ctx) => query(() => plans.getPlanTier(ctx, id)),
  },
  Mutation: {
    createPlan: (_p, { input }, ctx) => payload('plan', () => plans.createPlan(ctx, input)),
    createPlanWithCheckoutLink: async (_p, { input }, ctx) => {
      const { created, userErrors } = await payload('created', () => createPlanWithCheckoutLink(ctx, input));
      return { plan: created?.plan ?? null, checkoutLink: created?.checkoutLink ?? null, userErrors };
    },
    replacePlan: (_p, { id, input }, ctx) => payload('plan', () => plans.replacePlan(ctx, id, input)),
    updatePlan: (_p, { id, input }, ctx) => payload('plan', () => plans.updatePlan(ctx, id, input)),
    activatePlan: (_p, { id }, ctx) => payload('plan', () => plans.activatePlan(ctx, id)),
    archivePlan: (_p, { id }, ctx) => payload('plan', () => plans.archivePlan(ctx, id)),
    deletePlan: (_p, { id }, ctx) => payload('deletedId', () => plans.deletePlan(ctx, id)),
  },
  Plan: {
    // Narrowed (tiersWithItemPrices) when the operation shows only what it reads and the tiers are
    // not already held (e.g. read with the links' plans): a deep link page's items show a price's
    // amount and a product's name, not their whole rows.
    tiers: (plan, _a, ctx, info) =>
      !ctx.loaders.tiersByPlan.holds(plan.id) && operationSelectsOnly(info, LINE_ITEM_PRICE_FIELDS)
        ? ctx.loaders.tiersWithItemPrices.get(plan.id)
        : ctx.loaders.tiersByPlan.get(plan.id),
    purchaseUrl: async (plan, _a, ctx) => {
      const [link] = await ctx.loaders.activeLinksByPlan.load(plan.id);
      return link ? linkUrl(ctx.publicUrl, link.slug) : null;
    },
    originProduct: (plan, _a, ctx) => (plan.originProduct ? ctx.loaders.product.load(plan.originProduct) : null),
    currency: (plan, _a, ctx) => planCurrency(plan, ctx),
    metadata: (plan) => plan.metadata ?? {},
    unlimitedStock: (plan) => plan.unlimitedStock ?? true,
    livemode: (plan) => plan.mode === 'live',
  },
  PlanTier: {
    plan: (tier, _a, ctx) => must(ctx.loaders.plan, tier.plan),
    items: (tier, _a, ctx) => ctx.loaders.itemsByTier.get(tier.id),
    currency: (tier, _a, ctx) => whenLoaded(ctx.loaders.plan.get(tier.plan), (plan) => plan?.currency ?? firstItemCurrency([tier], ctx)),
  },
  PlanTierItem: {
    tier: (item, _a, ctx) => must(ctx.loaders.planTier, item.tier),
    product: (item, _a, ctx) => must(ctx.loaders.product, item.product),
    price: (item, _a, ctx) => must(ctx.loaders.price, item.price),
  },
};
