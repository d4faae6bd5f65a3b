// DataLoaders, built per request, for every relation a resolver walks: the SQL statements of
// one GraphQL request stay constant in the number of rows returned.
import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { fastFind, fastFindJoined } from '../db/fast-read.ts';
import {
  CheckoutLink, CheckoutSession, Coupon, LineItem, Organisation, Plan, PlanTier, PlanTierItem, Price, Product, PromotionCode, SalesChannel,
} from '../domain/entities/index.ts';
import { checkoutLinkIdsByPrice } from '../domain/services/prices.ts';

type Ctor<T> = new (...args: never[]) => T;

function byId<T extends { id: string }>(em: EntityManager, entity: Ctor<T>): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const rows = await fastFind(em, entity, { id: [...ids] });
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

function groupedBy<T extends { id: string }>(
  em: EntityManager,
  entity: Ctor<T>,
  key: keyof T & string,
  extraWhere: Record<string, unknown> = {},
  orderBy: Record<string, 'asc' | 'desc'> = { position: 'asc', id: 'asc' },
): DataLoader<string, T[]> {
  return new DataLoader(async (keys) => {
    const rows = await fastFind(em, entity, { [key]: [...keys], ...extraWhere }, { orderBy: Object.entries(orderBy) });
    const map = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) map.get(row[key] as string)?.push(row);
    return keys.map((k) => map.get(k) ?? []);
  });
}

/**
 * Items of a parent (line items of links, items of plan tiers) with their price and product in ONE
 * statement; the prices and products found prime the request's price and product loaders, so
 * `item.price`, `item.product` and `price.product` cost no statement of their own.
 */
interface PricesAndProducts {
  readonly price: DataLoader<string, Price | null>;
  readonly product: DataLoader<string, Product | null>;
}

function itemsWithPriceAndProduct<T extends { id: string }>(
  em: EntityManager,
  loaders: PricesAndProducts,
  entity: Ctor<T>,
  key: keyof T & string,
): DataLoader<string, T[]> {
  return new DataLoader(async (keys) => {
    const { rows, joined } = await fastFindJoined(em, entity, { [key]: [...keys] }, [
      { prop: 'price', entity: Price },
      { prop: 'product', entity: Product },
    ], { orderBy: [['position', 'asc'], ['id', 'asc']] });
    for (const price of joined[0] as Price[]) loaders.price.prime(price.id, price);
    for (const product of joined[1] as Product[]) loaders.product.prime(product.id, product);
    const map = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) map.get(row[key] as string)?.push(row);
    return keys.map((k) => map.get(k) ?? []);
  });
}

const factories = {
  organisation: (em: EntityManager) => byId(em, Organisation),
  salesChannel: (em: EntityManager) => byId(em, SalesChannel),
  product: (em: EntityManager) => byId(em, Product),
  price: (em: EntityManager) => byId(em, Price),
  plan: (em: EntityManager) => byId(em, Plan),
  planTier: (em: EntityManager) => byId(em, PlanTier),
  planTierItem: (em: EntityManager) => byId(em, PlanTierItem),
  checkoutLink: (em: EntityManager) => byId(em, CheckoutLink),
  lineItem: (em: EntityManager) => byId(em, LineItem),
  checkoutSession: (em: EntityManager) => byId(em, CheckoutSession),
  coupon: (em: EntityManager) => byId(em, Coupon),
  promotionCode: (em: EntityManager) => byId(em, PromotionCode),
  activeLinksByTier: (em: EntityManager) => groupedBy(em, CheckoutLink, 'planTier', { deletedAt: null, active: true }, { id: 'asc' }),
  activeLinksByPlan: (em: EntityManager) => groupedBy(em, CheckoutLink, 'plan', { deletedAt: null, active: true }, { id: 'asc' }),
  promotionCodesByCoupon: (em: EntityManager) => groupedBy(em, PromotionCode, 'coupon', {}, { id: 'asc' }),
  tiersByPlan: (em: EntityManager) => groupedBy(em, PlanTier, 'plan'),
  itemsByTier: (em: EntityManager, loaders: PricesAndProducts) => itemsWithPriceAndProduct(em, loaders, PlanTierItem, 'tier'),
  lineItemsByLink: (em: EntityManager, loaders: PricesAndProducts) => itemsWithPriceAndProduct(em, loaders, LineItem, 'checkoutLink'),
  salesChannelsByOrganisation: (em: EntityManager) => groupedBy(em, SalesChannel, 'organisation', {}, { name: 'asc' }),
  checkoutLinkIdsByPrice: (em: EntityManager) =>
    new DataLoader<string, string[]>(async (ids) => {
      const map = await checkoutLinkIdsByPrice(em, ids);
      return ids.map((id) => map.get(id) ?? []);
    }),
};

export type Loaders = { readonly [K in keyof typeof factories]: ReturnType<(typeof factories)[K]> };

/** The loaders of one request, each made on first use (most requests need two or three). */
class LazyLoaders {
  readonly made: Partial<Record<keyof Loaders, unknown>> = {};
  readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }
}
for (const name of Object.keys(factories) as (keyof Loaders)[]) {
  Object.defineProperty(LazyLoaders.prototype, name, {
    get(this: LazyLoaders) {
      return (this.made[name] ??= factories[name](this.em, this as unknown as PricesAndProducts));
    },
  });
}

export function createLoaders(em: EntityManager): Loaders {
  return new LazyLoaders(em) as unknown as Loaders;
}

/** Loads a row that must exist (a foreign key). */
export async function must<T>(loader: DataLoader<string, T | null>, id: string): Promise<T> {
  const row = await loader.load(id);
  if (!row) throw new Error(`Dangling reference ${id}`);
  return row;
}
