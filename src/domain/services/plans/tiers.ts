// Plan tiers and their items: the reference rules (products, prices, currency, kept ids) and the
// write of a full tier list (update kept rows in place, create new ones, delete omitted ones).
import type { EntityManager } from '@mikro-orm/core';
import { CheckoutLink, LineItem, PlanTier, PlanTierItem, Price, Product } from '../../entities/index.ts';
import { newId } from '../../entities/common.ts';
import { conflict, type Violation, type Reason } from '../../errors.ts';
import type { Principal } from '../../principal.ts';
import { owner } from '../../service-context.ts';
import { isUuid } from '../support/ids.ts';
import { referenceError, type ResolvedTier } from './input.ts';
import { DEFAULT_ITEM_QUANTITY } from '../../../contract/limits.ts';

export interface ExistingTiers {
  tiers: PlanTier[];
  items: PlanTierItem[];
}

export const NO_TIERS: ExistingTiers = { tiers: [], items: [] };

/** The tiers and items of a plan, in position order. */
export async function loadTiers(em: EntityManager, planId: string): Promise<ExistingTiers> {
  const tiers = await em.find(PlanTier, { plan: planId }, { orderBy: { position: 'asc', id: 'asc' } });
  const items = tiers.length ? await em.find(PlanTierItem, { tier: { $in: tiers.map((t) => t.id) } }, { orderBy: { position: 'asc', id: 'asc' } }) : [];
  return { tiers, items };
}

interface RefOptions {
  /** The plan's own currency column, if set: every price must be in it. */
  currency: string | null;
  originProductId?: string | null;
  existing: ExistingTiers;
}

/**
 * Checks every reference of a tier list: kept ids belong to the plan, products and prices exist
 * in the tenant, each price belongs to its product, and all prices share one currency. Throws
 * one error listing every violation.
 */
export async function checkTierReferences(em: EntityManager, tiers: ResolvedTier[], opts: RefOptions): Promise<void> {
  const productIds = new Set<string>();
  const priceIds = new Set<string>();
  for (const tier of tiers) {
    for (const item of tier.items) {
      if (isUuid(item.productId)) productIds.add(item.productId);
      if (isUuid(item.priceId)) priceIds.add(item.priceId);
    }
  }
  if (opts.originProductId && isUuid(opts.originProductId)) productIds.add(opts.originProductId);
  const products = productIds.size
    ? new Set((await em.find(Product, { id: { $in: [...productIds] }, deletedAt: null }, { fields: ['id'] })).map((p) => p.id))
    : new Set<string>();
  const prices = priceIds.size ? new Map((await em.find(Price, { id: { $in: [...priceIds] } })).map((p) => [p.id, p])) : new Map<string, Price>();

  const violations: Violation[] = [];
  const push = (path: string[], reason: Reason, message: string, code: Violation['code']) => violations.push({ path, reason, message, code });
  if (opts.originProductId && !products.has(opts.originProductId)) {
    push(['originProductId'], 'PRODUCT__NOT_FOUND', 'Product not found.', 'NOT_FOUND');
  }
  const tierIds = new Set(opts.existing.tiers.map((t) => t.id));
  const itemIds = new Set(opts.existing.items.map((t) => t.id));
  let currency = opts.currency;
  tiers.forEach((tier, i) => {
    const tierPath = ['tiers', String(i)];
    if (tier.id && !tierIds.has(tier.id)) push([...tierPath, 'id'], 'PLAN_TIER__NOT_FOUND', 'This tier is not part of the plan.', 'VALIDATION');
    tier.items.forEach((item, j) => {
      const path = [...tierPath, 'items', String(j)];
      if (item.id && !itemIds.has(item.id)) push([...path, 'id'], 'PLAN_TIER_ITEM__NOT_FOUND', 'This item is not part of the plan.', 'VALIDATION');
      const productOk = products.has(item.productId);
      if (!productOk) push([...path, 'productId'], 'PRODUCT__NOT_FOUND', 'Product not found.', 'NOT_FOUND');
      const price = prices.get(item.priceId);
      if (!price) {
        push([...path, 'priceId'], 'PRICE__NOT_FOUND', 'Price not found.', 'NOT_FOUND');
      } else if (productOk && price.product !== item.productId) {
        push([...path, 'priceId'], 'PRICE__PRODUCT_MISMATCH', 'The price does not belong to this product.', 'VALIDATION');
      } else if (currency === null) {
        currency = price.currency;
      } else if (price.currency !== currency) {
        push([...path, 'priceId'], 'PLAN__MIXED_CURRENCIES', `Every price of a plan must be in ${currency}; this one is in ${price.currency}.`, 'VALIDATION');
      }
    });
  });
  if (violations.length > 0) throw referenceError(violations);
}

/**
 * Writes `tiers` as the plan's full tier list: rows with an id are updated in place (checked
 * before by checkTierReferences), rows without one are created, omitted rows are deleted. A
 * tier still sold by a checkout link or a line item is not deleted (CONFLICT PLAN_TIER__IN_USE).
 */
export async function writeTiers(em: EntityManager, principal: Principal, planId: string, tiers: ResolvedTier[], existing: ExistingTiers): Promise<void> {
  const oldTiers = new Map(existing.tiers.map((t) => [t.id, t]));
  const oldItems = new Map(existing.items.map((t) => [t.id, t]));
  const keptTiers = new Set<string>();
  const keptItems = new Set<string>();

  tiers.forEach((input, i) => {
    const fields = {
      name: input.name,
      position: input.position ?? i,
      changeTiming: input.changeTiming ?? null,
      creditType: input.creditType ?? null,
    };
    let tier = input.id ? oldTiers.get(input.id) : undefined;
    if (tier) em.assign(tier, fields);
    else tier = em.create(PlanTier, { ...owner(principal), id: newId(), plan: planId, ...fields });
    keptTiers.add(tier.id);
    input.items.forEach((itemInput, j) => {
      const itemFields = {
        tier: (tier as PlanTier).id,
        product: itemInput.productId,
        price: itemInput.priceId,
        defaultQuantity: itemInput.defaultQuantity ?? DEFAULT_ITEM_QUANTITY,
        minQuantity: itemInput.minQuantity ?? null,
        maxQuantity: itemInput.maxQuantity ?? null,
        quantityEditable: itemInput.quantityEditable ?? false,
        position: j,
      };
      const item = itemInput.id ? oldItems.get(itemInput.id) : undefined;
      if (item) {
        em.assign(item, itemFields);
        keptItems.add(item.id);
      } else {
        em.create(PlanTierItem, { ...owner(principal), ...itemFields });
      }
    });
  });

  const goneTiers = existing.tiers.filter((t) => !keptTiers.has(t.id));
  if (goneTiers.length > 0) {
    const ids = goneTiers.map((t) => t.id);
    const used = (await em.count(CheckoutLink, { planTier: { $in: ids }, deletedAt: null })) + (await em.count(LineItem, { planTier: { $in: ids } }));
    if (used > 0) throw conflict('PLAN_TIER__IN_USE', 'A tier left out is still sold by a checkout link; keep it or delete the link first.', ['tiers']);
  }
  for (const item of existing.items) if (!keptItems.has(item.id)) em.remove(item);
  for (const tier of goneTiers) em.remove(tier);
}
