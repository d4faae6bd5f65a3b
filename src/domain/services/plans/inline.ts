// Products and prices created with a plan (PlanTierItemInput.product / .price and
// CreatePlanInput.originProduct): the rules between an item's fields, checked before anything is
// written, and the rows themselves, created in the plan's transaction so that the plan and
// everything it creates are committed together or not at all.
import type { EntityManager } from '@mikro-orm/core';
import { Product } from '../../entities/index.ts';
import { newId } from '../../entities/common.ts';
import { DomainError, validationError, type Violation, type Reason } from '../../errors.ts';
import { isCurrency, parseDecimal } from '../../money.ts';
import type { Principal } from '../../principal.ts';
import { owner, requireScope, type ServiceContext } from '../../service-context.ts';
import { isUuid } from '../support/ids.ts';
import type { PlanProductData, ResolvedTier, TierInput } from './input.ts';
import type { Origin } from './inline-rules.ts';
import { buildPrice, type PriceData } from '../catalog/prices.ts';

/** The scopes creating inline rows needs (product:write, price:write), checked before writing. */
export function requireInlineScopes(ctx: ServiceContext, tiers: TierInput[], origin: Origin<PlanProductData>): void {
  const items = tiers.flatMap((t) => t.items);
  if (origin.originProduct != null || items.some((i) => i.product != null)) requireScope(ctx, 'product:write');
  if (items.some((i) => i.price != null)) requireScope(ctx, 'price:write');
}

/** The existing products that get an inline price must exist (NOT_FOUND on the item's productId). */
async function checkPricedProducts(em: EntityManager, tiers: TierInput[], origin: Origin<PlanProductData>): Promise<void> {
  const wanted: { id: string; path: string[] }[] = [];
  tiers.forEach((tier, i) =>
    tier.items.forEach((item, j) => {
      if (item.price == null || item.product != null) return;
      const path = ['tiers', String(i), 'items', String(j)];
      if (item.productId != null) wanted.push({ id: item.productId, path: [...path, 'productId'] });
      else if (origin.originProductId != null) wanted.push({ id: origin.originProductId, path: ['originProductId'] });
    }),
  );
  if (wanted.length === 0) return;
  const ids = [...new Set(wanted.map((w) => w.id).filter((id) => isUuid(id)))];
  const found = ids.length ? new Set((await em.find(Product, { id: { $in: ids }, deletedAt: null }, { fields: ['id'] })).map((p) => p.id)) : new Set<string>();
  const missing = wanted.filter((w) => !found.has(w.id));
  if (missing.length === 0) return;
  const unique = [...new Map(missing.map((m) => [m.path.join('.'), m])).values()];
  const violations = unique.map((m): Violation => ({ path: m.path, reason: 'PRODUCT__NOT_FOUND', message: 'Product not found.', code: 'NOT_FOUND' }));
  throw new DomainError('NOT_FOUND', 'PRODUCT__NOT_FOUND', validationError(violations).message, violations);
}

/**
 * Creates the inline products (origin product first), then the inline prices, on the plan's
 * transaction, and returns the tiers with every item naming existing rows. Expects input that
 * passed inlineViolations.
 */
export async function createInlineRows(
  em: EntityManager,
  principal: Principal,
  tiers: TierInput[],
  origin: Origin<PlanProductData>,
): Promise<{ tiers: ResolvedTier[]; originProductId: string | null }> {
  const product = (data: PlanProductData): string =>
    em.create(Product, {
      ...owner(principal),
      id: newId(),
      name: data.name,
      description: data.description ?? null,
      kind: data.kind ?? 'plan_only',
      active: data.active ?? true,
      visibility: data.visibility ?? null,
      metadata: data.metadata ?? {},
    }).id;
  await checkPricedProducts(em, tiers, origin);
  const originProductId = origin.originProduct ? product(origin.originProduct) : (origin.originProductId ?? null);
  const productIds = tiers.map((tier) => tier.items.map((item) => item.productId ?? (item.product ? product(item.product) : originProductId)));
  // Products first: a product and a price may reference each other, so one flush would not order them.
  await em.flush();
  const resolved = tiers.map(
    (tier, i): ResolvedTier => ({
      ...tier,
      items: tier.items.map(({ product: _product, price, ...item }, j) => {
        const productId = productIds[i]?.[j];
        if (!productId) throw new DomainError('INTERNAL', 'INTERNAL', 'Tier item without a product after validation.');
        const priceId =
          item.priceId ?? buildPrice(em, principal, productId, price as PriceData, ['tiers', String(i), 'items', String(j), 'price'], { id: newId() }).id;
        return { ...item, productId, priceId };
      }),
    }),
  );
  await em.flush();
  return { tiers: resolved, originProductId };
}
