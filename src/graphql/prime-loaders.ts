// A write's rows for its answer: the rows a mutation read in its transaction (ServiceContext
// .remember) prime the request's DataLoaders, so resolving the answer reads none of them again.
// Only what a loader would return for the same key goes in (all of a plan's tiers, all of a
// tier's items, in the loaders' order); a key already loaded keeps its value (DataLoader.prime).
import type { FastNested, NestedRows } from '../db/fast-read.ts';
import type { CheckoutLink, LineItem, Plan, PlanTier, Price, Product } from '../domain/entities/index.ts';
import type { KnownRows } from '../domain/service-context.ts';
import type { GraphQLResolveInfo } from 'graphql';
import {
  LINE_ITEM_PRICE_FIELDS,
  LINE_ITEM_PRICES_OF_LINK,
  LINE_ITEM_REF_FIELDS,
  LINE_ITEM_REFS_OF_LINK,
  LINE_ITEMS_OF_LINK,
  PLAN_OF_LINK,
  PLAN_OF_LINK_PRICED,
  PLAN_PRICED_FIELDS,
  primeTierItems,
  type Loaders,
} from './loaders.ts';
import { operationSelectsOnly } from './selection.ts';

export function primeLoaders(loaders: Loaders, rows: KnownRows): void {
  for (const plan of rows.plans ?? []) loaders.plan.prime(plan.id, plan);
  for (const tier of rows.planTiers ?? []) loaders.planTier.prime(tier.id, tier);
  for (const [planId, tiers] of rows.tiersByPlan ?? []) {
    loaders.tiersByPlan.prime(planId, tiers);
    for (const tier of tiers) loaders.planTier.prime(tier.id, tier);
  }
  for (const [tierId, items] of rows.itemsByTier ?? []) loaders.itemsByTier.prime(tierId, items);
  for (const price of rows.prices ?? []) loaders.price.prime(price.id, price);
  for (const product of rows.products ?? []) loaders.product.prime(product.id, product);
  for (const channel of rows.salesChannels ?? []) loaders.salesChannel.prime(channel.id, channel);
}

/**
 * What links' own statement read with them (FastNested `reads`, `found` in the same order): their
 * line items (LINE_ITEMS_OF_LINK) and plans (PLAN_OF_LINK), as the loaders would have read them;
 * and the links themselves (an item's checkoutLink).
 */
export function primeLinkReads(loaders: Loaders, reads: readonly FastNested[], found: readonly NestedRows[] | undefined, links: readonly CheckoutLink[]): void {
  for (const link of links) loaders.checkoutLink.prime(link.id, link);
  reads.forEach((read, i) => {
    const rows = found?.[i];
    if (!rows) return;
    if (read === LINE_ITEMS_OF_LINK || read === LINE_ITEM_REFS_OF_LINK || read === LINE_ITEM_PRICES_OF_LINK) primeLineItems(loaders, rows);
    else if (read === PLAN_OF_LINK || read === PLAN_OF_LINK_PRICED) primePlans(loaders, rows);
  });
}

/**
 * How to read links' line items in their statement for this operation: only the items' columns
 * and their price's, product's and plan's ids when nothing the operation selects reads more
 * (LINE_ITEM_REF_FIELDS: e.g. the Fynn classic link, which shows the items' ids); the items with
 * their prices' amounts, products' names and plans' names when nothing reads more
 * (LINE_ITEM_PRICE_FIELDS: e.g. the deep link pages of the bench); else whole rows.
 */
export function lineItemsReadFor(info: GraphQLResolveInfo): FastNested {
  if (operationSelectsOnly(info, LINE_ITEM_REF_FIELDS)) return LINE_ITEM_REFS_OF_LINK;
  return operationSelectsOnly(info, LINE_ITEM_PRICE_FIELDS) ? LINE_ITEM_PRICES_OF_LINK : LINE_ITEMS_OF_LINK;
}

/** How to read links' plans in their statement for this operation: without the tier items' products when nothing selected reads them (PLAN_PRICED_FIELDS). */
export function planReadFor(info: GraphQLResolveInfo): FastNested {
  return operationSelectsOnly(info, PLAN_PRICED_FIELDS) ? PLAN_OF_LINK_PRICED : PLAN_OF_LINK;
}

/** Each link's line items (empty lists too) and the prices, products and plans read with them. */
function primeLineItems(loaders: Loaders, found: NestedRows): void {
  for (const [linkId, items] of found.children) loaders.lineItemsByLink.prime(linkId, items as LineItem[]);
  const [prices = [], products = [], plans = []] = found.joined;
  for (const price of prices as Price[]) loaders.price.prime(price.id, price);
  for (const product of products as Product[]) loaders.product.prime(product.id, product);
  for (const plan of plans as Plan[]) loaders.plan.prime(plan.id, plan);
}

/** Links' plans with their tiers (empty lists too) and the tiers' items, prices and products. */
function primePlans(loaders: Loaders, found: NestedRows): void {
  for (const plans of found.children.values()) for (const plan of plans as Plan[]) loaders.plan.prime(plan.id, plan);
  for (const [planId, tiers] of found.nested?.children ?? []) loaders.tiersByPlan.prime(planId, tiers as PlanTier[]);
  primeTierItems(loaders, found.nested?.nested);
}
