// A write's rows for its answer: the rows a mutation read in its transaction (ServiceContext
// .remember) prime the request's DataLoaders, so resolving the answer reads none of them again.
// Only what a loader would return for the same key goes in (all of a plan's tiers, all of a
// tier's items, in the loaders' order); a key already loaded keeps its value (DataLoader.prime).
import type { NestedRows } from '../db/fast-read.ts';
import type { CheckoutLink, LineItem, Plan, Price, Product } from '../domain/entities/index.ts';
import type { KnownRows } from '../domain/service-context.ts';
import type { Loaders } from './loaders.ts';

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
 * Links' line items read in the links' own statement (loaders.ts, LINE_ITEMS_OF_LINK): each link's
 * list (empty ones too) and the prices, products and plans read with them, as lineItemsByLink
 * would have loaded and primed them; and the links themselves (an item's checkoutLink).
 */
export function primeLineItems(loaders: Loaders, found: NestedRows, links: readonly CheckoutLink[]): void {
  for (const link of links) loaders.checkoutLink.prime(link.id, link);
  for (const [linkId, items] of found.children) loaders.lineItemsByLink.prime(linkId, items as LineItem[]);
  const [prices = [], products = [], plans = []] = found.joined;
  for (const price of prices as Price[]) loaders.price.prime(price.id, price);
  for (const product of products as Product[]) loaders.product.prime(product.id, product);
  for (const plan of plans as Plan[]) loaders.plan.prime(plan.id, plan);
}
