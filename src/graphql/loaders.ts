// DataLoaders, built per request, for every relation a resolver walks: the SQL statements of
// one GraphQL request stay constant in the number of rows returned.
import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { fastFind } from '../db/fast-read.ts';
import {
  CheckoutLink, CheckoutSession, LineItem, Organisation, Plan, PlanTier, PlanTierItem, Price, Product, SalesChannel,
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

export function createLoaders(em: EntityManager) {
  return {
    organisation: byId(em, Organisation),
    salesChannel: byId(em, SalesChannel),
    product: byId(em, Product),
    price: byId(em, Price),
    plan: byId(em, Plan),
    planTier: byId(em, PlanTier),
    planTierItem: byId(em, PlanTierItem),
    checkoutLink: byId(em, CheckoutLink),
    lineItem: byId(em, LineItem),
    checkoutSession: byId(em, CheckoutSession),
    tiersByPlan: groupedBy(em, PlanTier, 'plan'),
    itemsByTier: groupedBy(em, PlanTierItem, 'tier'),
    lineItemsByLink: groupedBy(em, LineItem, 'checkoutLink'),
    salesChannelsByOrganisation: groupedBy(em, SalesChannel, 'organisation', {}, { name: 'asc' }),
    checkoutLinkIdsByPrice: new DataLoader<string, string[]>(async (ids) => {
      const map = await checkoutLinkIdsByPrice(em, ids);
      return ids.map((id) => map.get(id) ?? []);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Loads a row that must exist (a foreign key). */
export async function must<T>(loader: DataLoader<string, T | null>, id: string): Promise<T> {
  const row = await loader.load(id);
  if (!row) throw new Error(`Dangling reference ${id}`);
  return row;
}
