// The items a checkout link sells: explicit line items (ids checked in the tenant, inline
// prices created), the items of a plan tier, or a single-price plan. Rows are created unflushed
// on the transaction's EntityManager, except inline products and prices (flushed so that the
// link's rows can reference them).
import { LockMode, type EntityManager } from '@mikro-orm/core';
import { fastFindCounted, fastFindJoined, fastFindOne, fastFindWithChildren, type FastNested, type NestedRows } from '../../../db/fast-read.ts';
import { ITEM_ORDER, ITEMS_OF_TIER } from '../../../db/item-reads.ts';
import { LineItem, Plan, PlanTier, PlanTierItem, Price, Product } from '../../entities/index.ts';
import { invalid, notFound, rule, validationError } from '../../errors.ts';
import { normaliseCurrency } from '../../money.ts';
import type { Principal } from '../../principal.ts';
import { owner, type KnownRows } from '../../service-context.ts';
import { lineItemType, lineItemViolations, type InlinePrice, type LineItemData } from './input.ts';
import { isUuid } from '../support/ids.ts';
import { buildPrice } from '../catalog/prices.ts';

/** Line item rows before they are tied to a link. */
export type LineDraft = Omit<Partial<LineItem>, 'checkoutLink' | 'organisation' | 'mode'>;

export interface ResolvedItems {
  lines: LineDraft[];
  /** Currencies of the items' prices (one per priced item). */
  currencies: string[];
  /** The prices, plans and products read to resolve the items (the link's price check reuses them). */
  rows?: object[];
  /** What was read, as the answer's loaders would read it (ServiceContext.remember). */
  known?: KnownRows;
}

/**
 * A row the write only reads (its id and fields), in the tenant and the transaction: fast-read,
 * so it is not managed and costs the flush no change detection (see src/db/fast-read.ts).
 */
const find = <T extends object>(em: EntityManager, entity: new (...a: never[]) => T, id: string | null | undefined, where: Record<string, unknown> = {}) =>
  isUuid(id) ? fastFindOne(em, entity, { id, ...where }) : Promise.resolve(null);

/** True when a plan may be sold: active, open for checkout and not deleted. */
export const planSellable = (plan: Plan): boolean => plan.status === 'active' && plan.allowCheckout && !plan.deletedAt;

/** An archived (inactive) or deleted product cannot be put into a new link. */
function assertProductSellable(product: Product, path: string[]): void {
  if (!product.active || product.deletedAt) throw rule('PRODUCT__ARCHIVED', 'The product is archived and cannot be sold in a new link.', path);
}

function notActive(path: string[]) {
  return rule('PLAN__NOT_ACTIVE', 'The plan is not active or not open for checkout.', path);
}

/** Checks and resolves explicit line items (source ITEMS). */
export async function resolveLineItems(em: EntityManager, principal: Principal, items: LineItemData[], base: string[] = ['lineItems']): Promise<ResolvedItems> {
  const violations = items.flatMap((item, i) => lineItemViolations(item, [...base, String(i)]));
  if (violations.length > 0) throw validationError(violations);
  const lines: LineDraft[] = [];
  const currencies: string[] = [];
  const rows: object[] = [];
  for (const [i, item] of items.entries()) {
    const path = [...base, String(i)];
    const type = lineItemType(item);
    const line: LineDraft = {
      type,
      position: i,
      quantity: item.quantity ?? 1,
      adjustableEnabled: item.adjustableQuantity?.enabled ?? false,
      adjustableMin: item.adjustableQuantity?.minimum ?? null,
      adjustableMax: item.adjustableQuantity?.maximum ?? null,
      periods: (item.periods ?? []).map((p) => ({ contractPeriod: p.contractPeriod ?? null, cancellationPeriod: p.cancellationPeriod ?? null })),
      description: item.description ?? null,
    };
    let product: Product | null = null;
    if (item.productId) {
      product = await find(em, Product, item.productId, { deletedAt: null });
      if (!product) throw notFound('Product', [...path, 'productId']);
      assertProductSellable(product, [...path, 'productId']);
    }
    let price: Price | null = null;
    if (type === 'plan') {
      const plan = await find(em, Plan, item.planId, { deletedAt: null });
      if (!plan) throw notFound('Plan', [...path, 'planId']);
      if (!planSellable(plan)) throw notActive([...path, 'planId']);
      rows.push(plan);
      line.plan = plan.id;
      if (item.planTierId) {
        const tier = await find(em, PlanTier, item.planTierId, { plan: plan.id });
        if (!tier) throw notFound('PlanTier', [...path, 'planTierId']);
        line.planTier = tier.id;
      }
      if (plan.currency) currencies.push(plan.currency.toUpperCase());
    }
    if (item.priceId) {
      // The price with its product in one statement (the product is checked when not given).
      const read = isUuid(item.priceId) ? await fastFindJoined(em, Price, { id: item.priceId }, [{ prop: 'product', entity: Product }], { limit: 1 }) : null;
      price = (read?.rows[0] as Price | undefined) ?? null;
      if (!price) throw notFound('Price', [...path, 'priceId']);
      if (!price.active) throw rule('PRICE__ARCHIVED', 'The price is archived and cannot be sold in a new link.', [...path, 'priceId']);
      if (!product) {
        const owner = (read?.joined[0]?.[0] as Product | undefined) ?? null;
        if (owner) assertProductSellable(owner, [...path, 'priceId']);
        if (owner) rows.push(owner);
      }
      if (product && price.product !== product.id) {
        throw rule('LINE_ITEM__PRICE_PRODUCT_MISMATCH', 'The price belongs to another product.', [...path, 'priceId']);
      }
    } else if (item.priceData) {
      price = await inlinePrice(em, principal, item.priceData, product, [...path, 'priceData']);
    }
    if (price) {
      line.price = price.id;
      currencies.push(price.currency);
    }
    // Rows read as they are stored (inline prices and products made here are read back instead).
    if (price && item.priceId) rows.push(price);
    if (product && item.productId) rows.push(product);
    line.product = product?.id ?? price?.product ?? null;
    lines.push(line);
  }
  return { lines, currencies, rows };
}

/** A Price row with inline=true (and its product when only a name is given), flushed. */
async function inlinePrice(em: EntityManager, principal: Principal, data: InlinePrice, itemProduct: Product | null, path: string[]): Promise<Price> {
  normaliseCurrency(data.currency, [...path, 'currency']);
  let product = itemProduct;
  if (data.productId) {
    product = await find(em, Product, data.productId, { deletedAt: null });
    if (!product) throw notFound('Product', [...path, 'productId']);
    assertProductSellable(product, [...path, 'productId']);
  } else if (!product) {
    if (!data.productName) {
      throw rule('LINE_ITEM__PRODUCT_MISSING', 'Inline price data needs productId or productName.', [...path, 'productId']);
    }
    product = em.create(Product, { ...owner(principal), name: data.productName, kind: data.recurring ? 'recurring' : 'one_time' });
    await em.flush();
  }
  const price = buildPrice(em, principal, product.id, data, path, { inline: true });
  await em.flush();
  return price;
}

/** Why a tier is not one of `planId`'s: that plan is unknown (NOT_FOUND at planId), or the tier is another's. */
async function notInPlan(em: EntityManager, planId: string, path: string[]) {
  if (!(await find(em, Plan, planId, { deletedAt: null }))) return notFound('Plan', ['planId']);
  return invalid(path, 'The plan tier does not belong to this plan.', 'PLAN_TIER__NOT_IN_PLAN');
}

/** A tier's plan, read in the tier's statement. */
const PLAN_OF_TIER: FastNested = { entity: Plan, prop: 'plan', one: true };

/**
 * The items of a plan tier as line items of type plan (source TIER). With `planId`, the tier
 * must be one of that plan's (checked on the one load of the tier).
 */
export async function resolveTier(
  em: EntityManager,
  tierId: string,
  path: string[] = ['planTierId'],
  planId: string | null = null,
): Promise<ResolvedItems & { plan: Plan; tier: PlanTier }> {
  // The tier with its plan and its items (with their prices and products) in one statement.
  const read = isUuid(tierId) ? await fastFindCounted(em, PlanTier, { id: tierId }, { limit: 1, nested: [PLAN_OF_TIER, ITEMS_OF_TIER] }) : null;
  const tier = read?.rows[0] ?? null;
  if (planId != null && tier?.plan !== planId) throw await notInPlan(em, planId, path);
  if (!tier) throw notFound('PlanTier', path);
  const plan = (read?.nested?.[0]?.children.get(tier.id)?.[0] as Plan | undefined) ?? null;
  if (planId != null && plan?.deletedAt) throw notFound('Plan', ['planId']);
  if (!plan || !planSellable(plan)) throw notActive(path);
  const resolved = tierItems(plan, tier, read?.nested?.[1], path);
  if (!resolved) throw rule('PLAN_TIER__EMPTY', 'The plan tier has no items.', path);
  resolved.known = { ...resolved.known, planTiers: [tier] };
  return resolved;
}

const distinct = <T>(values: T[]): T[] => [...new Set(values)];

/**
 * A sellable plan's tier `tier` as line items (null when the tier has no items), from `read`: the
 * items of the tiers read (`tier` among them) with their prices and products (ITEMS_OF_TIER).
 * Those of `tier` are sold, all of them are known to the answer.
 */
function tierItems(plan: Plan, tier: PlanTier, read: NestedRows | undefined, path: string[]): (ResolvedItems & { plan: Plan; tier: PlanTier }) | null {
  const byTier = (read?.children ?? new Map()) as Map<string, PlanTierItem[]>;
  const items = byTier.get(tier.id) ?? [];
  if (items.length === 0) return null;
  const allPrices = (read?.joined[0] ?? []) as Price[];
  const allProducts = (read?.joined[1] ?? []) as Product[];
  const priceById = new Map(allPrices.map((p) => [p.id, p]));
  const productById = new Map(allProducts.map((p) => [p.id, p]));
  // The tier's own prices and products (each once, in item order).
  const prices = distinct(items.map((t) => priceById.get(t.price))).filter((p): p is Price => p !== undefined);
  if (prices.some((p) => !p.active)) throw rule('PRICE__ARCHIVED', 'A price of the plan tier is archived: the tier cannot be sold in a new link.', path);
  const products = distinct(items.map((t) => productById.get(t.product))).filter((p): p is Product => p !== undefined);
  if (products.some((p) => !p.active || p.deletedAt))
    throw rule('PRODUCT__ARCHIVED', 'A product of the plan tier is archived: the tier cannot be sold in a new link.', path);
  const lines = items.map(
    (t, i): LineDraft => ({
      type: 'plan',
      position: i,
      plan: plan.id,
      planTier: tier.id,
      product: t.product,
      price: t.price,
      quantity: t.defaultQuantity,
      adjustableEnabled: t.quantityEditable,
      adjustableMin: t.minQuantity ?? null,
      adjustableMax: t.maxQuantity ?? null,
      periods: [],
      description: null,
    }),
  );
  const known: KnownRows = { plans: [plan], itemsByTier: [...byTier], prices: allPrices, products: allProducts };
  return { lines, currencies: prices.map((p) => p.currency), plan, tier, rows: [plan, ...prices, ...products], known };
}

/** A single-price plan (source PLAN): one plan line, or its first tier's items when it has some. */
export async function resolvePlan(em: EntityManager, planId: string, path: string[] = ['planId']): Promise<ResolvedItems & { plan: Plan }> {
  if (!isUuid(planId)) throw notFound('Plan', path);
  // The plan with all its tiers (the answer shows them) in position order, and their items with
  // their prices and products, in one statement: the first tier is sold.
  const read = await fastFindWithChildren(em, Plan, { id: planId }, { entity: PlanTier, prop: 'plan', orderBy: ITEM_ORDER, nested: ITEMS_OF_TIER });
  const plan = read.rows[0] ?? null;
  if (!plan || plan.deletedAt) throw notFound('Plan', path);
  if (!planSellable(plan)) throw notActive(path);
  const tiers = read.children.get(plan.id) ?? [];
  const first = tiers[0];
  const resolved = first ? tierItems(plan, first, read.nested, path) : null;
  if (resolved) {
    resolved.known = { ...resolved.known, tiersByPlan: [[plan.id, tiers]] };
    return resolved;
  }
  const line: LineDraft = { type: 'plan', position: 0, plan: plan.id, quantity: 1, periods: [], description: null };
  return {
    lines: [line],
    currencies: plan.currency ? [plan.currency.toUpperCase()] : [],
    plan,
    rows: [plan],
    known: { plans: [plan], tiersByPlan: [[plan.id, tiers]] },
  };
}

/** The link's currency: given (and matching the items) or the items' one; never mixed. */
export function linkCurrency(given: string | null | undefined, currencies: string[], itemsPath: string[] = ['lineItems']): string | null {
  const distinct = [...new Set(currencies.map((c) => c.toUpperCase()))];
  if (distinct.length > 1) throw rule('LINK__MIXED_CURRENCIES', `The items mix currencies (${distinct.join(', ')}).`, itemsPath);
  if (given == null) return distinct[0] ?? null;
  const currency = normaliseCurrency(given, ['currency']);
  if (distinct[0] && distinct[0] !== currency) {
    throw rule('LINK__CURRENCY_MISMATCH', `The items are priced in ${distinct[0]}, not ${currency}.`, ['currency']);
  }
  return currency;
}

/** Creates the line item rows of `linkId` (unflushed). */
export function createLines(em: EntityManager, principal: Principal, linkId: string, lines: LineDraft[]): LineItem[] {
  return lines.map((line) => em.create(LineItem, { ...line, ...owner(principal), checkoutLink: linkId } as never));
}

/**
 * Deletes the inline prices among `priceIds` (those of replaced line items) that nothing uses
 * any more: no line item of any link (soft-deleted ones included), no plan tier item, no
 * product's default price. A catalog price (inline=false) is never touched. Call it after the
 * replacement is flushed, in the same transaction. The prices are locked first (FOR UPDATE), so
 * a concurrent write that references one either has committed (and is seen here: kept) or waits
 * and then fails on the missing row, instead of losing its line item to the cascade.
 *
 * Products created for an inline price (priceData.productName) stay: nothing in their row tells
 * them from a catalog product made by createProduct, and a catalog product must never be deleted.
 */
export async function deleteUnusedInlinePrices(em: EntityManager, priceIds: (string | null | undefined)[]): Promise<string[]> {
  const ids = [...new Set(priceIds.filter((id): id is string => typeof id === 'string'))];
  if (ids.length === 0) return [];
  const prices = await em.find(Price, { id: { $in: ids }, inline: true }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' }, refresh: true });
  if (prices.length === 0) return [];
  const candidates = prices.map((price) => price.id);
  const lines = await em.find(LineItem, { price: { $in: candidates } });
  const tierItems = await em.find(PlanTierItem, { price: { $in: candidates } });
  const products = await em.find(Product, { defaultPrice: { $in: candidates } });
  const used = new Set<string | null | undefined>([...lines.map((l) => l.price), ...tierItems.map((t) => t.price), ...products.map((pd) => pd.defaultPrice)]);
  const unused = prices.filter((price) => !used.has(price.id));
  for (const price of unused) em.remove(price);
  await em.flush();
  return unused.map((price) => price.id);
}
