// The pricing module's amounts as GraphQL fields: a link's cart, a plan tier, a single-price
// plan, a session. Rows come through the request's DataLoaders; the amounts from cart-lines.ts.
import type { GraphQLResolveInfo } from 'graphql';
import type { CheckoutLink, LineItem, Plan, PlanTier, PlanTierItem, Price } from '../../domain/entities/index.ts';
import type { SessionDiscount, SessionLine, SessionRecurring } from '../../domain/entities/checkout-session.ts';
import { INTERVALS } from '../../domain/entities/price.ts';
import { type LineRows, lineAmountsOf, priceLines, sessionLineOf, singlePriceOf, trialDaysOf } from '../../domain/services/sessions/cart-lines.ts';
import type { PriceSummary, RecurringAmount, Resolvers } from '../../generated/graphql.ts';
import type { GraphQLContext } from '../context.ts';
import { query, querySync } from '../errors.ts';
import { whenAllLoaded, whenLoaded } from '../maybe-async.ts';
import { linkUrl } from '../../domain/services/checkout-links/checkout-links.ts';

type Interval = (typeof INTERVALS)[number];
const intervalOf = (value: string): Interval => ((INTERVALS as readonly string[]).includes(value) ? (value as Interval) : 'day');

export const recurringAmounts = (list: SessionRecurring[] | null | undefined): RecurringAmount[] =>
  (list ?? []).map((r) => ({ ...r, interval: intervalOf(r.interval) }));

export function summary(p: {
  currency: string | null;
  amountSubtotal: number;
  amountDiscount: number;
  amountTotal: number;
  setupFees: number;
  amountOnce: number;
  trialDays: number | null;
  recurring: SessionRecurring[];
  discount: SessionDiscount | null;
}): PriceSummary {
  return {
    currency: p.currency,
    amountSubtotal: p.amountSubtotal,
    amountDiscount: p.amountDiscount,
    amountDueToday: p.amountTotal,
    setupFees: p.setupFees,
    amountOnce: p.amountOnce,
    trialDays: p.trialDays,
    recurring: recurringAmounts(p.recurring),
    discount: p.discount,
  };
}

/** A line's price, plan and product: at once when the loaders hold them. */
function rowsOf(item: { price?: string | null; plan?: string | null; product?: string | null }, ctx: GraphQLContext): LineRows | Promise<LineRows> {
  const price: Price | null | Promise<Price | null> = item.price ? ctx.loaders.price.get(item.price) : null;
  const plan: Plan | null | Promise<Plan | null> = item.plan ? ctx.loaders.plan.get(item.plan) : null;
  return whenAllLoaded<Price | Plan | null, LineRows>([price, plan], ([p, pl]) => {
    const productId = item.product ?? (p as Price | null)?.product ?? null;
    return whenLoaded(productId ? ctx.loaders.product.get(productId) : null, (product) => ({ price: p as Price | null, plan: pl as Plan | null, product }));
  });
}

/** The link's cart at default quantities, as the public link URL would make it. */
export async function linkPricing(link: CheckoutLink, ctx: GraphQLContext): Promise<PriceSummary> {
  const items = await ctx.loaders.lineItemsByLink.load(link.id);
  const rows = await Promise.all(items.map((item) => rowsOf(item, ctx)));
  const linkPlan = link.plan ? await ctx.loaders.plan.load(link.plan) : null;
  let currency = link.currency ?? null;
  const lines = items.map((item, i) => {
    const r = rows[i]!;
    currency ??= r.price?.currency ?? r.plan?.currency?.toUpperCase() ?? null;
    return sessionLineOf(link, item, r);
  });
  return query(async () => summary({ currency, ...priceLines(lines, currency, trialDaysOf(link, linkPlan)) }));
}

const asLine = (amounts: ReturnType<typeof lineAmountsOf>, quantity: number, productId: string | null): SessionLine => ({
  lineItemId: null,
  productId,
  priceId: null,
  name: '',
  quantity,
  minQuantity: null,
  maxQuantity: null,
  quantityEditable: false,
  unitAmount: amounts.unitAmount,
  amountSubtotal: 0,
  recurringInterval: amounts.recurringInterval,
  recurringIntervalCount: amounts.recurringIntervalCount,
  unitSetupFee: amounts.setupFee,
  trialApplies: amounts.trialApplies,
});

/**
 * A tier's items, read with those of every tier of its plan: a plan's currency (Plan.currency,
 * firstItemCurrency) reads the same set, so a link that shows its tier's amounts and its plan's
 * currency reads the items in one statement, whichever resolver asks first. At once when the
 * loaders hold them (read with the link or the plan).
 */
function itemsOfTier(tier: PlanTier, ctx: GraphQLContext): PlanTierItem[] | Promise<PlanTierItem[]> {
  return whenLoaded(ctx.loaders.tiersByPlan.get(tier.plan), (siblings) => {
    if (!siblings.some((t) => t.id === tier.id)) return ctx.loaders.itemsByTier.get(tier.id);
    const lists = siblings.map((t) => ctx.loaders.itemsByTier.get(t.id));
    return whenAllLoaded(lists, (all) => all[siblings.findIndex((t) => t.id === tier.id)] ?? []);
  });
}

type Amounts = PriceSummary | Promise<PriceSummary>;

/**
 * The amounts of each plan and tier of a query, computed once per request (a Whop configuration
 * shows a single-price plan's amounts as its plan's and as its tier's; the links of a page share
 * plans). Queries only: a mutation may change a row between two of its fields.
 */
const amountsByRequest = new WeakMap<object, Map<object, unknown>>();

function amountsOf(ctx: GraphQLContext, info: GraphQLResolveInfo): Map<object, unknown> | null {
  if (info.operation.operation !== 'query') return null;
  let amounts = amountsByRequest.get(ctx.loaders);
  if (!amounts) amountsByRequest.set(ctx.loaders, (amounts = new Map()));
  return amounts;
}

function memoised<T>(memo: Map<object, unknown> | null, row: object, compute: () => T): T {
  if (!memo) return compute();
  if (memo.has(row)) return memo.get(row) as T;
  const value = compute();
  memo.set(row, value);
  return value;
}

/** A plan tier's items at their default quantities (a single-price plan's own amounts win). */
function tierPricing(tier: PlanTier, ctx: GraphQLContext, memo: Map<object, unknown> | null): Amounts {
  return memoised(memo, tier, () => {
    const plan = ctx.loaders.plan.get(tier.plan);
    const items = itemsOfTier(tier, ctx);
    return whenLoaded(plan, (p) => whenLoaded(items, (i) => tierAmounts(p, i, ctx, memo)));
  });
}

function tierAmounts(plan: Plan | null, items: readonly PlanTierItem[], ctx: GraphQLContext, memo: Map<object, unknown> | null): Amounts {
  if (plan && singlePriceOf(plan)) return planPricing(plan, memo) as PriceSummary;
  const prices = items.map((item) => ctx.loaders.price.get(item.price));
  const amounts = (found: readonly (Price | null)[]) => {
    const currency = plan?.currency?.toUpperCase() ?? found.find((p) => p)?.currency ?? null;
    const lines = items.map((item, i) => asLine(lineAmountsOf({ price: found[i] }), item.defaultQuantity, item.product));
    return querySync(() => summary({ currency, ...priceLines(lines, currency, trialDaysOf({ trialDays: null }, plan)) }));
  };
  return whenAllLoaded(prices, amounts);
}

/** A single-price plan's amounts; null for a plan of tiers. */
function planPricing(plan: Plan, memo: Map<object, unknown> | null): PriceSummary | null {
  return memoised(memo, plan, () => {
    const single = singlePriceOf(plan);
    if (!single) return null;
    const currency = plan.currency?.toUpperCase() ?? null;
    const line = asLine({ ...single, trialApplies: true }, 1, plan.originProduct ?? null);
    return querySync(() => summary({ currency, ...priceLines([line], currency, trialDaysOf({ trialDays: null }, plan)) }));
  });
}

type ItemAmounts = { amountSubtotal: number; setupFee: number } | null;

/** A link's line item: its subtotal and setup fee at its quantity (once per query for both fields). */
function lineItemAmounts(item: LineItem, ctx: GraphQLContext, memo: Map<object, unknown> | null): ItemAmounts | Promise<ItemAmounts> {
  return memoised(memo, item, () =>
    whenLoaded(rowsOf(item, ctx), (rows) => {
      if (!rows.price && !singlePriceOf(rows.plan)) return null;
      const line = asLine(lineAmountsOf(rows), item.quantity, null);
      return querySync(() => {
        const p = priceLines([line], null, null).lines[0]!;
        return { amountSubtotal: p.amountSubtotal, setupFee: p.setupFee ?? 0 };
      });
    }),
  );
}

export const pricingResolvers: Resolvers = {
  CheckoutLink: { pricing: (link, _a, ctx) => linkPricing(link, ctx) },
  PlanTier: {
    pricing: (tier, _a, ctx, info) => tierPricing(tier, ctx, amountsOf(ctx, info)),
    checkoutUrl: async (tier, _a, ctx) => {
      const link = (await ctx.loaders.activeLinksByTier.load(tier.id))[0];
      return link ? linkUrl(ctx.publicUrl, link.slug) : null;
    },
  },
  Plan: {
    pricing: (plan, _a, ctx, info) => planPricing(plan, amountsOf(ctx, info)),
    checkoutUrl: async (plan, _a, ctx) => {
      const link = (await ctx.loaders.activeLinksByPlan.load(plan.id))[0];
      return link ? linkUrl(ctx.publicUrl, link.slug) : null;
    },
  },
  LineItem: {
    amountSubtotal: (item, _a, ctx, info) => whenLoaded(lineItemAmounts(item, ctx, amountsOf(ctx, info)), (a) => a?.amountSubtotal ?? null),
    setupFee: (item, _a, ctx, info) => whenLoaded(lineItemAmounts(item, ctx, amountsOf(ctx, info)), (a) => a?.setupFee ?? null),
  },
  CheckoutSession: {
    amountDiscount: (s) => s.amountDiscount ?? 0,
    amountDueToday: (s) => s.amountTotal,
    setupFees: (s) => s.setupFees ?? 0,
    trialDays: (s) => s.trialDays ?? null,
    recurring: (s) => recurringAmounts(s.recurring),
    discount: (s) => s.discount ?? null,
  },
};
