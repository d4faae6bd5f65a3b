// The pricing module's amounts as GraphQL fields: a link's cart, a plan tier, a single-price
// plan, a session. Rows come through the request's DataLoaders; the amounts from cart-lines.ts.
import type { GraphQLResolveInfo } from 'graphql';
import type { CheckoutLink, LineItem, Plan, PlanTier, PlanTierItem, Price } from '../../domain/entities/index.ts';
import { DomainError } from '../../domain/errors.ts';
import type { SessionDiscount, SessionLine, SessionRecurring } from '../../domain/entities/checkout-session.ts';
import { INTERVALS } from '../../domain/entities/price.ts';
import { lineAmountsOf, priceLines, sessionLineOf, singlePriceOf, trialDaysOf } from '../../domain/services/sessions/cart-lines.ts';
import type { PriceSummary, RecurringAmount, Resolvers } from '../../generated/graphql.ts';
import type { GraphQLContext } from '../context.ts';
import { query, toGraphQLError } from '../errors.ts';
import { whenLoaded } from '../loaders.ts';
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

async function rowsOf(item: { price?: string | null; plan?: string | null; product?: string | null }, ctx: GraphQLContext) {
  const [price, plan] = await Promise.all([item.price ? ctx.loaders.price.load(item.price) : null, item.plan ? ctx.loaders.plan.load(item.plan) : null]);
  const productId = item.product ?? price?.product ?? null;
  return { price, plan, product: productId ? await ctx.loaders.product.load(productId) : null };
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
    const pick = (all: readonly PlanTierItem[][]) => all[siblings.findIndex((t) => t.id === tier.id)] ?? [];
    return lists.some(isPromise) ? Promise.all(lists).then(pick) : pick(lists as PlanTierItem[][]);
  });
}

const isPromise = (value: unknown): value is Promise<unknown> => value instanceof Promise;

/** Pricing's DomainError as the GraphQLError query() makes of it, thrown at once. */
function priced<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof DomainError) throw toGraphQLError(error);
    throw error;
  }
}

type Amounts = PriceSummary | Promise<PriceSummary>;

/**
 * The amounts of each plan and tier of a query, computed once per request (a Whop configuration
 * shows a single-price plan's amounts as its plan's and as its tier's; the links of a page share
 * plans). Queries only: a mutation may change a row between two of its fields.
 */
const amountsByRequest = new WeakMap<object, Map<object, Amounts | null>>();

function amountsOf(ctx: GraphQLContext, info: GraphQLResolveInfo): Map<object, Amounts | null> | null {
  if (info.operation.operation !== 'query') return null;
  let amounts = amountsByRequest.get(ctx.loaders);
  if (!amounts) amountsByRequest.set(ctx.loaders, (amounts = new Map()));
  return amounts;
}

function memoised<T extends Amounts | null>(memo: Map<object, Amounts | null> | null, row: object, compute: () => T): T {
  if (!memo) return compute();
  if (memo.has(row)) return memo.get(row) as T;
  const value = compute();
  memo.set(row, value);
  return value;
}

/** A plan tier's items at their default quantities (a single-price plan's own amounts win). */
function tierPricing(tier: PlanTier, ctx: GraphQLContext, memo: Map<object, Amounts | null> | null): Amounts {
  return memoised(memo, tier, () => {
    const plan = ctx.loaders.plan.get(tier.plan);
    const items = itemsOfTier(tier, ctx);
    if (isPromise(plan) || isPromise(items)) return Promise.all([plan, items]).then(([p, i]) => tierAmounts(p, i, ctx, memo));
    return tierAmounts(plan, items, ctx, memo);
  });
}

function tierAmounts(plan: Plan | null, items: readonly PlanTierItem[], ctx: GraphQLContext, memo: Map<object, Amounts | null> | null): Amounts {
  if (plan && singlePriceOf(plan)) return planPricing(plan, memo) as PriceSummary;
  const prices = items.map((item) => ctx.loaders.price.get(item.price));
  const amounts = (found: readonly (Price | null)[]) => {
    const currency = plan?.currency?.toUpperCase() ?? found.find((p) => p)?.currency ?? null;
    const lines = items.map((item, i) => asLine(lineAmountsOf({ price: found[i] }), item.defaultQuantity, item.product));
    return priced(() => summary({ currency, ...priceLines(lines, currency, trialDaysOf({ trialDays: null }, plan)) }));
  };
  return prices.some(isPromise) ? Promise.all(prices).then(amounts) : amounts(prices as (Price | null)[]);
}

/** A single-price plan's amounts; null for a plan of tiers. */
function planPricing(plan: Plan, memo: Map<object, Amounts | null> | null): PriceSummary | null {
  return memoised(memo, plan, () => {
    const single = singlePriceOf(plan);
    if (!single) return null;
    const currency = plan.currency?.toUpperCase() ?? null;
    const line = asLine({ ...single, trialApplies: true }, 1, plan.originProduct ?? null);
    return priced(() => summary({ currency, ...priceLines([line], currency, trialDaysOf({ trialDays: null }, plan)) }));
  });
}

/** A link's line item: its subtotal and setup fee at its quantity. */
export async function lineItemAmounts(item: LineItem, ctx: GraphQLContext): Promise<{ amountSubtotal: number; setupFee: number } | null> {
  const rows = await rowsOf(item, ctx);
  if (!rows.price && !singlePriceOf(rows.plan)) return null;
  const line = asLine(lineAmountsOf(rows), item.quantity, null);
  return query(async () => {
    const priced = priceLines([line], null, null).lines[0]!;
    return { amountSubtotal: priced.amountSubtotal, setupFee: priced.setupFee ?? 0 };
  });
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
    amountSubtotal: async (item, _a, ctx) => (await lineItemAmounts(item, ctx))?.amountSubtotal ?? null,
    setupFee: async (item, _a, ctx) => (await lineItemAmounts(item, ctx))?.setupFee ?? null,
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
