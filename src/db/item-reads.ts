// How items are read in their parent's statement (fast-read.ts), shared by the create path
// (src/domain/services/checkout-links/items.ts) and the GraphQL loaders (src/graphql/loaders.ts),
// so that both read a tier's items in the same order with the same joins.
import { Price, PlanTierItem, Product } from '../domain/entities/index.ts';
import type { FastJoin, FastNested } from './fast-read.ts';

/** Items (a tier's, a link's) and tiers: by position, then id. */
export const ITEM_ORDER = [
  ['position', 'asc'],
  ['id', 'asc'],
] as const;

/** An item's price and product, joined in the item's row. */
export const PRICE_AND_PRODUCT: readonly FastJoin[] = [
  { prop: 'price', entity: Price },
  { prop: 'product', entity: Product },
];

/** A tier's items in position order with their prices and products, read in the statement of the tiers. */
export const ITEMS_OF_TIER: FastNested = { entity: PlanTierItem, prop: 'tier', orderBy: ITEM_ORDER, joins: PRICE_AND_PRODUCT };
