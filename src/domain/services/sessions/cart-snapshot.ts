// A link's items as a cart, read from the catalogue as it is now: the lines (unpriced), the
// currency, the trial, and whether everything is still sellable (prices and products active,
// plans active and open for checkout). Used when a cart is made, checked again at completion,
// and when a link is written (a cart whose amounts exceed the safe range is refused there).
import type { EntityManager } from '@mikro-orm/core';
import { type CheckoutLink, LineItem, Plan, Price, Product } from '../../entities/index.ts';
import type { SessionLine } from '../../entities/checkout-session.ts';
import { DomainError } from '../../errors.ts';
import { priceLines, sessionLineOf, trialDaysOf } from './cart-lines.ts';
import { planSellable } from '../checkout-links/items.ts';

export interface Snapshot {
  lines: SessionLine[];
  currency: string | null;
  trialDays: number | null;
  /** False when a price or product is archived or deleted, or a plan is not sellable. */
  sellable: boolean;
}

/**
 * What the caller already holds (a write that just created the link): its line items, in
 * position order, and rows it read (prices, plans, products, current in this transaction).
 * Nothing known is read again.
 */
export interface KnownRows {
  items?: LineItem[];
  rows?: readonly object[];
}

/** Rows of `entity` by id: the known ones, the others in one statement (none when none are missing). */
async function byId<T extends { id: string }>(
  em: EntityManager,
  entity: new (...a: never[]) => T,
  ids: string[],
  known: readonly object[],
): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  for (const row of known) if (row instanceof entity && ids.includes(row.id)) out.set(row.id, row);
  const missing = ids.filter((id) => !out.has(id));
  if (missing.length > 0) for (const row of (await em.find(entity as never, { id: { $in: missing } } as never)) as T[]) out.set(row.id, row);
  return out;
}

export async function snapshot(em: EntityManager, link: CheckoutLink, known: KnownRows = {}): Promise<Snapshot> {
  const items = known.items ?? (await em.find(LineItem, { checkoutLink: link.id }, { orderBy: { position: 'asc', id: 'asc' } }));
  const rows = known.rows ?? [];
  const ids = (pick: (i: LineItem) => string | null | undefined) => [...new Set(items.map(pick).filter((x): x is string => !!x))];
  const [priceById, planById] = await Promise.all([
    byId(
      em,
      Price,
      ids((i) => i.price),
      rows,
    ),
    byId(em, Plan, [...new Set([...ids((i) => i.plan), ...(link.plan ? [link.plan] : [])])], rows),
  ]);
  const prices = [...priceById.values()];
  const productById = await byId(em, Product, [...new Set([...ids((i) => i.product), ...prices.map((p) => p.product)])], rows);
  let currency: string | null = link.currency ?? null;
  let sellable = true;
  const lines = items.map((item): SessionLine => {
    const price = item.price ? priceById.get(item.price) : undefined;
    const plan = item.plan ? planById.get(item.plan) : undefined;
    const productId = item.product ?? price?.product ?? null;
    const product = productId ? productById.get(productId) : undefined;
    if ((item.price && (!price || !price.active)) || (productId && (!product || !product.active || product.deletedAt))) sellable = false;
    if (item.plan && (!plan || !planSellable(plan))) sellable = false;
    currency ??= price?.currency ?? plan?.currency?.toUpperCase() ?? null;
    return sessionLineOf(link, item, { price, plan, product });
  });
  const linkPlan = link.plan ? planById.get(link.plan) : null;
  return { lines, currency, trialDays: trialDaysOf(link, linkPlan), sellable };
}

/** The link's line items as unpriced cart lines, with the currency and the trial they sell at. */
export async function snapshotLines(
  em: EntityManager,
  link: CheckoutLink,
  known: KnownRows = {},
): Promise<{ lines: SessionLine[]; currency: string | null; trialDays: number | null }> {
  const { lines, currency, trialDays } = await snapshot(em, link, known);
  return { lines, currency, trialDays };
}

/**
 * The pricing module's error on cart line i as a VALIDATION error of the link's input:
 * lineItems.<i>.<field>, or `path` (planTierId, planId) when the link's items come from a plan.
 */
export function asLinkError(error: unknown, path: string[] | null = null): unknown {
  if (!(error instanceof DomainError)) return error;
  const violations = error.violations.map((v) => (v.path[0] !== 'lines' ? v : { ...v, path: path ?? ['lineItems', ...v.path.slice(1)] }));
  return new DomainError(error.code, error.reason, error.message, violations);
}

/** Prices the link's default cart once: amounts beyond the safe range are refused when the link is written. */
export async function assertPriceable(em: EntityManager, link: CheckoutLink, path: string[] | null = null, known: KnownRows = {}): Promise<void> {
  const { lines, currency, trialDays } = await snapshotLines(em, link, known);
  try {
    priceLines(lines, currency, trialDays);
  } catch (error) {
    throw asLinkError(error, path);
  }
}
