// DataLoaders, built per request, for every relation a resolver walks: the SQL statements of
// one GraphQL request stay constant in the number of rows returned.
import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { fastFind, fastFindCounted, fastFindJoined, fastFindWithChildren, type FastJoin, type FastNested, type NestedRows } from '../db/fast-read.ts';
import {
  CheckoutLink,
  CheckoutSession,
  Coupon,
  LineItem,
  Organisation,
  Plan,
  PlanTier,
  PlanTierItem,
  Price,
  Product,
  PromotionCode,
  SalesChannel,
} from '../domain/entities/index.ts';
import { ITEM_ORDER, ITEMS_OF_TIER, PRICE_AND_PRODUCT } from '../db/item-reads.ts';
import { checkoutLinkIdsByPrice } from '../domain/services/catalog/prices.ts';
import { paginateByParent, type Page, type PageArgs } from '../domain/pagination.ts';
import type { FieldAllowList } from './selection.ts';
import { isPromiseLike, whenLoaded } from './maybe-async.ts';

type Ctor<T> = new (...args: never[]) => T;

/**
 * A DataLoader keyed by id that also answers synchronously for a row it already holds (primed, or
 * returned by a batch that has resolved): `get(key)` is the value itself then, else `load(key)`.
 * A resolver returning the value instead of a promise saves graphql-jit a promise and a microtask
 * round per field (a face's retrieve resolves ~10 fields on rows read with the link or plan). The
 * value is the one `load` resolves to: `prime` keeps a key already loaded or in flight, as
 * DataLoader does; `clear` and `clearAll` forget it.
 */
export class RowLoader<V> extends DataLoader<string, V> {
  private readonly known = new Map<string, V>();
  /** Keys loaded (in flight or settled): a prime does not change what they resolve to. */
  private readonly asked = new Set<string>();
  /**
   * Keys primed with a value (in `known`) that DataLoader's cache does not hold yet: it gets them
   * at their first `load`. Most primed rows are only ever read through `get`, and DataLoader's
   * prime makes a promise per row (a page of 50 links primes ~250 rows).
   */
  private readonly unprimed = new Set<string>();

  constructor(batch: (keys: readonly string[]) => Promise<readonly (V | Error)[]>) {
    const box: { self?: RowLoader<V> } = {};
    super(async (keys) => {
      const values = await batch(keys);
      const { known, asked } = box.self as RowLoader<V>;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        const value = values[i];
        // A key cleared while in flight (and perhaps primed since) is not this batch's any more.
        if (!(value instanceof Error) && asked.has(key) && !known.has(key)) known.set(key, value as V);
      }
      return values;
    });
    box.self = this;
  }

  override load(key: string): Promise<V> {
    // A value primed but not yet handed to DataLoader's cache: there before the first load.
    if (this.unprimed.delete(key)) super.prime(key, this.known.get(key) as V);
    this.asked.add(key);
    return super.load(key);
  }

  /** Whether `key` has a value here (primed, loaded or in flight): `get(key)` reads nothing then. */
  holds(key: string): boolean {
    return this.known.has(key) || this.asked.has(key);
  }

  /** The value `load(key)` resolves to when it is already known, else `load(key)`. */
  get(key: string): V | Promise<V> {
    const known = this.known;
    return known.has(key) ? (known.get(key) as V) : this.load(key);
  }

  override prime(key: string, value: V | PromiseLike<V> | Error): this {
    // Known: DataLoader's cache holds (or will hold) the first value primed; a prime keeps it.
    if (this.known.has(key)) return this;
    if (!this.asked.has(key) && !(value instanceof Error) && !isPromiseLike(value)) {
      this.known.set(key, value);
      this.unprimed.add(key);
      return this;
    }
    return super.prime(key, value);
  }

  override clear(key: string): this {
    this.unprimed.delete(key);
    this.known.delete(key);
    this.asked.delete(key);
    return super.clear(key);
  }

  override clearAll(): this {
    this.unprimed.clear();
    this.known.clear();
    this.asked.clear();
    return super.clearAll();
  }
}

function byId<T extends { id: string }>(em: EntityManager, entity: Ctor<T>): RowLoader<T | null> {
  return new RowLoader(async (ids) => {
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
): RowLoader<T[]> {
  return new RowLoader(async (keys) => {
    const rows = await fastFind(em, entity, { [key]: [...keys], ...extraWhere }, { orderBy: Object.entries(orderBy) });
    const map = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) map.get(row[key] as string)?.push(row);
    return keys.map((k) => map.get(k) ?? []);
  });
}

/** A page of a connection under a parent: the parent's id, extra equalities and the page arguments. */
export interface RelationPageKey {
  parent: string;
  where: Record<string, unknown>;
  args: PageArgs;
}

/**
 * Pages of a connection field under a list (one per parent), fetched in ONE statement per
 * distinct (where, arguments): e.g. every product's `prices(first: 10)` at once.
 */
function pagesBy<T extends { id: string }>(
  em: EntityManager,
  entity: Ctor<T>,
  parentProp: keyof T & string,
  baseWhere: Record<string, unknown>,
): DataLoader<RelationPageKey, Page<T>, string> {
  const shapeOf = (key: RelationPageKey) => JSON.stringify([key.where, key.args]);
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, RelationPageKey[]>();
      for (const key of keys) {
        const shape = shapeOf(key);
        const group = groups.get(shape);
        if (group) group.push(key);
        else groups.set(shape, [key]);
      }
      const results = new Map<string, Page<T> | Error>();
      await Promise.all(
        [...groups].map(async ([shape, group]) => {
          const [{ where, args }] = group as [RelationPageKey];
          const parents = [...new Set(group.map((k) => k.parent))];
          try {
            const pages = await paginateByParent(em, entity, parentProp, parents, { ...baseWhere, ...where }, args);
            for (const [parent, page] of pages) results.set(`${parent} ${shape}`, page);
          } catch (error) {
            for (const parent of parents) results.set(`${parent} ${shape}`, error as Error);
          }
        }),
      );
      return keys.map((key) => results.get(`${key.parent} ${shapeOf(key)}`) ?? new Error('page not loaded'));
    },
    { cacheKeyFn: (key) => `${key.parent} ${shapeOf(key)}` },
  );
}

/**
 * Items of a parent (line items of links, items of plan tiers) with their price and product in ONE
 * statement; the prices and products found prime the request's price and product loaders, so
 * `item.price`, `item.product` and `price.product` cost no statement of their own.
 */
interface PrimedLoaders {
  readonly price: RowLoader<Price | null>;
  readonly product: RowLoader<Product | null>;
  readonly plan: RowLoader<Plan | null>;
  readonly tiersByPlan: RowLoader<PlanTier[]>;
  readonly itemsByTier: RowLoader<PlanTierItem[]>;
}

// A link's PLAN items name their plan: read with them (the face maps `item.plan`).
const LINE_ITEM_JOINS: readonly FastJoin[] = [...PRICE_AND_PRODUCT, { prop: 'plan', entity: Plan }];

/**
 * A link's line items as lineItemsByLink reads them (same joins, same order), for reading them in
 * the link's own statement when the operation selects them (prime-loaders.ts, primeLineItems).
 */
export const LINE_ITEMS_OF_LINK: FastNested = { entity: LineItem, prop: 'checkoutLink', orderBy: ITEM_ORDER, joins: LINE_ITEM_JOINS };

/** The line item columns of LINE_ITEM_REFS_OF_LINK and LINE_ITEM_PRICES_OF_LINK: what the LineItem fields they allow read. */
const LINE_ITEM_OWN_COLUMNS = [
  'checkoutLink',
  'position',
  'type',
  'product',
  'plan',
  'planTier',
  'price',
  'quantity',
  'adjustableEnabled',
  'adjustableMin',
  'adjustableMax',
  'periods',
  'description',
];

/**
 * LINE_ITEMS_OF_LINK narrowed to what the fields of LINE_ITEM_REF_FIELDS read: the items without
 * their tenant and timestamps, and of their price, product and plan only the id (and the plan's
 * deletedAt, which LineItem.plan checks). The rows primed are partial: only for an operation that
 * selects nothing else (prime-loaders.ts, lineItemsReadFor), whose loaders (one set per operation)
 * no other resolver reads.
 */
export const LINE_ITEM_REFS_OF_LINK: FastNested = {
  ...LINE_ITEMS_OF_LINK,
  columns: LINE_ITEM_OWN_COLUMNS,
  joins: [
    { prop: 'price', entity: Price, columns: [] },
    { prop: 'product', entity: Product, columns: [] },
    { prop: 'plan', entity: Plan, columns: ['deletedAt'] },
  ],
};

const fields = (...names: string[]): ReadonlySet<string> => new Set(names);

/**
 * LINE_ITEMS_OF_LINK narrowed to what the fields of LINE_ITEM_PRICE_FIELDS read: the items as in
 * LINE_ITEM_REFS_OF_LINK, of their prices the amount, currency and product, of their products the
 * name, of their plans the name (and deletedAt, which LineItem.plan and CheckoutLink.plan check).
 * For the deep link pages (e.g. the bench's `checkoutLinks(first: 50) { nodes { lineItems { price
 * { unitAmount currency product { name } } } plan { name tiers ... } } }`): the whole rows of the
 * items' prices, products and plans, built as JSON once per item, were most of the statement's
 * bytes and of PGlite's time (measured inside PGlite on the bench's data, 50 links: 144 kB and
 * 6.5-9.1 CPU ms per EXECUTE whole, 85 kB and 4.5-5.0 narrowed). The prices, products and plans
 * primed are partial: only for an operation that selects nothing else (prime-loaders.ts,
 * lineItemsReadFor), whose loaders (one set per operation) no other resolver reads.
 */
export const LINE_ITEM_PRICES_OF_LINK: FastNested = {
  ...LINE_ITEMS_OF_LINK,
  columns: LINE_ITEM_OWN_COLUMNS,
  joins: [
    { prop: 'price', entity: Price, columns: ['currency', 'unitAmount', 'product'] },
    { prop: 'product', entity: Product, columns: ['name'] },
    { prop: 'plan', entity: Plan, columns: ['name', 'deletedAt'] },
  ],
};

/** The fields of a link and its page that read nothing but the link's own row (the base of both allow-lists below). */
const LINK_OWN_FIELDS: FieldAllowList = {
  Query: fields('checkoutLinks', 'checkoutLink'),
  CheckoutLinkConnection: fields('nodes', 'edges', 'pageInfo', 'totalCount'),
  CheckoutLinkEdge: fields('cursor', 'node'),
  PageInfo: fields('hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'),
  CheckoutSettings: fields(
    'couponsAllowed',
    'forceCompany',
    'quantityEditable',
    'trialDays',
    'billingAddressCollection',
    'submitType',
    'paymentMethodTypes',
    'paymentMethodConfiguration',
    'threeDsLevel',
  ),
  PaymentMethodConfiguration: fields('enabled', 'disabled', 'includePlatformDefaults'),
  AfterCompletion: fields('type', 'redirectUrl', 'message', 'backToProviderUrl'),
  CompletedSessionsRestriction: fields('limit', 'count'),
};
/** A link's scalar fields read from its own row (not `currency`: it may read its items' or plan's prices). */
const LINK_OWN_SCALARS = [
  'id',
  'slug',
  'title',
  'description',
  'active',
  'mode',
  'source',
  'settings',
  'afterCompletion',
  'completedSessions',
  'completedSessionsCount',
  'inactiveMessage',
  'metadata',
  'affiliateCode',
  'url',
  'livemode',
  'createdAt',
  'updatedAt',
];

/**
 * The fields an operation may select for LINE_ITEM_REFS_OF_LINK: each resolver here reads only a
 * link's own columns, its items' columns of LINE_ITEM_REFS_OF_LINK, or the id of an item's price,
 * product or plan (LineItem.plan: and whether the plan is deleted). A field whose resolver reads
 * more (pricing, currency, a link's plan or tier, a price's amount...) is left out, so an
 * operation selecting it reads whole rows.
 */
export const LINE_ITEM_REF_FIELDS: FieldAllowList = {
  ...LINK_OWN_FIELDS,
  CheckoutLink: fields(...LINK_OWN_SCALARS, 'lineItems'),
  LineItem: fields('id', 'type', 'position', 'product', 'plan', 'price', 'quantity', 'adjustableQuantity', 'periods', 'description'),
  AdjustableQuantity: fields('enabled', 'minimum', 'maximum'),
  Period: fields('contractPeriod', 'cancellationPeriod'),
  Product: fields('id'),
  Price: fields('id'),
  Plan: fields('id'),
};

/**
 * The fields an operation may select for LINE_ITEM_PRICES_OF_LINK: each resolver here reads only
 * a link's own columns, its items' columns of LINE_ITEM_PRICES_OF_LINK, a price's amount,
 * currency and product, a product's name, a plan's name (LineItem.plan, CheckoutLink.plan: and
 * whether it is deleted), a tier's own columns, its items' columns of ITEM_PRICES_OF_TIER (Plan.tiers
 * reads a plan's tiers with tiersWithItemPrices when they are not already held). A field whose resolver reads
 * more (pricing, currency, a plan's other columns, a link's tier...) is left out, so an operation
 * selecting it reads whole rows.
 */
export const LINE_ITEM_PRICE_FIELDS: FieldAllowList = {
  ...LINK_OWN_FIELDS,
  CheckoutLink: fields(...LINK_OWN_SCALARS, 'lineItems', 'plan'),
  LineItem: LINE_ITEM_REF_FIELDS.LineItem as ReadonlySet<string>,
  AdjustableQuantity: LINE_ITEM_REF_FIELDS.AdjustableQuantity as ReadonlySet<string>,
  Period: LINE_ITEM_REF_FIELDS.Period as ReadonlySet<string>,
  Price: fields('id', 'unitAmount', 'currency', 'product'),
  Product: fields('id', 'name'),
  Plan: fields('id', 'name', 'tiers'),
  PlanTier: fields('id', 'name', 'position', 'items'),
  PlanTierItem: fields('id', 'defaultQuantity', 'minQuantity', 'maxQuantity', 'quantityEditable', 'position', 'price', 'product'),
};

/**
 * A link's plan with its tiers and their items, as plansWithTiers reads them, for reading them
 * in the link's own statement when the operation shows the link's plan or tier (primePlanOfLink).
 */
export const PLAN_OF_LINK: FastNested = {
  entity: Plan,
  prop: 'plan',
  one: true,
  nested: { entity: PlanTier, prop: 'plan', orderBy: ITEM_ORDER, nested: ITEMS_OF_TIER },
};

/**
 * ITEMS_OF_TIER for PLAN_OF_LINK_PRICED: without their products, and only the columns that what
 * the allowed fields resolve reads of the items (tierPricing, firstItemCurrency: price, product,
 * default quantity; the rest of the item's own columns kept) and of their prices (lineAmountsOf
 * and the currencies: amount, currency, recurrence, trial). No tenant columns and timestamps.
 */
const PRICED_ITEMS_OF_TIER: FastNested = {
  ...ITEMS_OF_TIER,
  columns: ['tier', 'product', 'price', 'defaultQuantity', 'minQuantity', 'maxQuantity', 'quantityEditable', 'position'],
  joins: [{ prop: 'price', entity: Price, columns: ['currency', 'unitAmount', 'recurringInterval', 'recurringIntervalCount', 'applyTrial'] }],
};

/**
 * PLAN_OF_LINK without the tier items' products, and narrowed to what the fields of
 * PLAN_PRICED_FIELDS read: the plan's whole row (they show most of it), its tiers without their
 * tenant columns and timestamps (no allowed PlanTier field shows them), the tiers' items and
 * prices as PRICED_ITEMS_OF_TIER; for an operation that shows what a link's plan or tier costs
 * but no product (e.g. the Whop checkout configuration). Every level is built once per link that
 * shows it (the JSON of a plan is in each of its links' rows): most of a page's bytes. The
 * product loader is not primed then, and the tiers, items and prices primed are partial: nothing
 * the allowed fields resolve reads more.
 */
export const PLAN_OF_LINK_PRICED: FastNested = {
  ...PLAN_OF_LINK,
  nested: {
    ...(PLAN_OF_LINK.nested as FastNested),
    columns: ['plan', 'name', 'position', 'changeTiming', 'creditType'],
    nested: PRICED_ITEMS_OF_TIER,
  },
};

/** A plan's fields read from its own row, its currency (its tier items' prices) and its tiers: shared by the plan allow-lists below. */
const PLAN_OWN_FIELDS = [
  'id',
  'code',
  'name',
  'description',
  'status',
  'allowCheckout',
  'familyId',
  'currency',
  'tiers',
  'metadata',
  'planType',
  'releaseMethod',
  'visibility',
  'initialPrice',
  'renewalPrice',
  'billingPeriodDays',
  'expirationDays',
  'trialPeriodDays',
  'threeDsLevel',
  'taxType',
  'paymentMethodConfiguration',
  'internalNotes',
  'stock',
  'unlimitedStock',
  'livemode',
  'createdAt',
  'updatedAt',
];

/**
 * The fields an operation may select for PLAN_OF_LINK_PRICED: a link's own fields, its plan and
 * tier, their amounts (pricing: plans, tiers, their items and prices) and currencies, none of
 * which reads a product. Anything else (a plan's origin product, tier items, line items...) reads
 * whole rows.
 */
export const PLAN_PRICED_FIELDS: FieldAllowList = {
  ...LINK_OWN_FIELDS,
  CheckoutLink: fields(...LINK_OWN_SCALARS, 'currency', 'organisationId', 'plan', 'planTier'),
  Plan: fields(...PLAN_OWN_FIELDS, 'pricing'),
  PlanTier: fields('id', 'name', 'position', 'changeTiming', 'creditType', 'currency', 'pricing'),
  PriceSummary: fields('currency', 'amountSubtotal', 'amountDiscount', 'amountDueToday', 'setupFees', 'amountOnce', 'trialDays', 'recurring'),
  RecurringAmount: fields('interval', 'intervalCount', 'amount', 'amountDiscount', 'amountAfterDiscount'),
};

/** Tier items read with their tiers (ITEMS_OF_TIER): each tier's list (empty ones too), their prices and products. */
export function primeTierItems(loaders: PrimedLoaders, found: NestedRows | undefined): void {
  if (!found) return;
  for (const [tierId, items] of found.children) loaders.itemsByTier.prime(tierId, items as PlanTierItem[]);
  for (const price of (found.joined[0] ?? []) as Price[]) loaders.price.prime(price.id, price);
  for (const product of (found.joined[1] ?? []) as Product[]) loaders.product.prime(product.id, product);
}

function itemsWithPriceAndProduct<T extends { id: string }>(
  em: EntityManager,
  loaders: PrimedLoaders,
  entity: Ctor<T>,
  key: keyof T & string,
  joins: readonly FastJoin[],
): RowLoader<T[]> {
  return new RowLoader(async (keys) => {
    const { rows, joined } = await fastFindJoined(em, entity, { [key]: [...keys] }, joins, { orderBy: ITEM_ORDER });
    for (const price of joined[0] as Price[]) loaders.price.prime(price.id, price);
    for (const product of joined[1] as Product[]) loaders.product.prime(product.id, product);
    for (const plan of (joined[2] ?? []) as Plan[]) loaders.plan.prime(plan.id, plan);
    const map = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) map.get(row[key] as string)?.push(row);
    return keys.map((k) => map.get(k) ?? []);
  });
}

/**
 * Plans by id with their tiers and the tiers' items (with prices and products) in ONE statement:
 * they prime the request's tiersByPlan, itemsByTier, price and product loaders (every face that
 * shows a plan shows or prices its tiers: Plan.tiers, Plan.currency, a link's tier).
 */
function plansWithTiers(em: EntityManager, loaders: PrimedLoaders, items: FastNested = ITEMS_OF_TIER): RowLoader<Plan | null> {
  return new RowLoader(async (ids) => {
    const { rows, children, nested } = await fastFindWithChildren(
      em,
      Plan,
      { id: [...ids] },
      { entity: PlanTier, prop: 'plan', orderBy: TIER_ORDER, nested: items },
    );
    for (const [plan, tiers] of children) loaders.tiersByPlan.prime(plan, tiers);
    primeTierItems(loaders, nested);
    const map = new Map(rows.map((r) => [r.id, r]));
    // The narrowed read (planWithTierRefs) answers for the plan loader too: the same plan row.
    if (items !== ITEMS_OF_TIER) for (const row of rows) loaders.plan.prime(row.id, row);
    return ids.map((id) => map.get(id) ?? null);
  });
}

/**
 * ITEMS_OF_TIER narrowed to what the fields of PLAN_TIER_REF_FIELDS read: the items' own columns,
 * of their prices only the currency (Plan.currency, firstItemCurrency) and of their products only
 * the id. The prices and products primed are partial: only for an operation that selects nothing
 * else (Query.plan in resolvers/plan.ts), whose loaders no other resolver reads.
 */
const ITEM_REFS_OF_TIER: FastNested = {
  ...ITEMS_OF_TIER,
  joins: [
    { prop: 'price', entity: Price, columns: ['currency'] },
    { prop: 'product', entity: Product, columns: [] },
  ],
};

/**
 * The fields an operation may select for the plan read with ITEM_REFS_OF_TIER (planWithTierRefs):
 * a plan's own columns, its currency, its tiers and their items, and the ids of the items' prices
 * and products (e.g. the Fynn V2 plan). A field that reads more (pricing, a product's or price's
 * other fields, links, the origin product) is left out, so an operation selecting it reads whole rows.
 */
export const PLAN_TIER_REF_FIELDS: FieldAllowList = {
  Query: fields('plan'),
  Plan: fields(...PLAN_OWN_FIELDS),
  PlanTier: fields('id', 'name', 'position', 'changeTiming', 'creditType', 'items'),
  PlanTierItem: fields('id', 'product', 'price', 'defaultQuantity', 'minQuantity', 'maxQuantity', 'quantityEditable', 'position'),
  Product: fields('id'),
  Price: fields('id'),
};

const TIER_ORDER = [
  ['position', 'asc'],
  ['id', 'asc'],
] as const;

/** A plan's tiers (a plan already known, e.g. read with a link's items) with their items in ONE statement, as plansWithTiers. */
function tiersWithItems(em: EntityManager, loaders: PrimedLoaders, items: FastNested = ITEMS_OF_TIER): RowLoader<PlanTier[]> {
  return new RowLoader(async (planIds) => {
    const { rows, nested } = await fastFindCounted(em, PlanTier, { plan: [...planIds] }, { orderBy: TIER_ORDER, nested: [items] });
    primeTierItems(loaders, nested?.[0]);
    const map = new Map<string, PlanTier[]>(planIds.map((k) => [k, []]));
    for (const row of rows) map.get(row.plan)?.push(row);
    const found = planIds.map((k) => map.get(k) ?? []);
    // The narrowed read (tiersWithItemPrices) answers for tiersByPlan too: the same tier rows.
    if (items !== ITEMS_OF_TIER) found.forEach((tiers, i) => loaders.tiersByPlan.prime(planIds[i] as string, tiers));
    return found;
  });
}

/**
 * ITEMS_OF_TIER narrowed to what the fields of LINE_ITEM_PRICE_FIELDS read of a tier's items: the
 * items' own columns (no tenant, no timestamps), of their prices the amount, currency and product,
 * of their products the name (tiersWithItemPrices, Plan.tiers). The items, prices and products
 * primed are partial: only for an operation that selects nothing else. Measured inside PGlite on
 * the bench's data (the tiers of 5 plans): 1.28 CPU ms per EXECUTE whole, 0.88 narrowed.
 */
const ITEM_PRICES_OF_TIER: FastNested = {
  ...ITEMS_OF_TIER,
  columns: ['tier', 'product', 'price', 'defaultQuantity', 'minQuantity', 'maxQuantity', 'quantityEditable', 'position'],
  joins: [
    { prop: 'price', entity: Price, columns: ['currency', 'unitAmount', 'product'] },
    { prop: 'product', entity: Product, columns: ['name'] },
  ],
};

const factories = {
  organisation: (em: EntityManager) => byId(em, Organisation),
  salesChannel: (em: EntityManager) => byId(em, SalesChannel),
  product: (em: EntityManager) => byId(em, Product),
  price: (em: EntityManager) => byId(em, Price),
  plan: (em: EntityManager, loaders: PrimedLoaders) => plansWithTiers(em, loaders),
  /** Plans as `plan` reads them, their tier items' prices and products narrowed (ITEM_REFS_OF_TIER; PLAN_TIER_REF_FIELDS). */
  planWithTierRefs: (em: EntityManager, loaders: PrimedLoaders) => plansWithTiers(em, loaders, ITEM_REFS_OF_TIER),
  planTier: (em: EntityManager) => byId(em, PlanTier),
  planTierItem: (em: EntityManager) => byId(em, PlanTierItem),
  checkoutLink: (em: EntityManager) => byId(em, CheckoutLink),
  lineItem: (em: EntityManager) => byId(em, LineItem),
  checkoutSession: (em: EntityManager) => byId(em, CheckoutSession),
  coupon: (em: EntityManager) => byId(em, Coupon),
  promotionCode: (em: EntityManager) => byId(em, PromotionCode),
  activeLinksByTier: (em: EntityManager) => groupedBy(em, CheckoutLink, 'planTier', { active: true, deletedAt: null }, { createdAt: 'asc', id: 'asc' }),
  promotionCodesByCoupon: (em: EntityManager) => groupedBy(em, PromotionCode, 'coupon', {}, { id: 'asc' }),
  tiersByPlan: (em: EntityManager, loaders: PrimedLoaders) => tiersWithItems(em, loaders),
  /** Plans' tiers as tiersByPlan reads them, their items, prices and products narrowed (ITEM_PRICES_OF_TIER; LINE_ITEM_PRICE_FIELDS). */
  tiersWithItemPrices: (em: EntityManager, loaders: PrimedLoaders) => tiersWithItems(em, loaders, ITEM_PRICES_OF_TIER),
  itemsByTier: (em: EntityManager, loaders: PrimedLoaders) => itemsWithPriceAndProduct(em, loaders, PlanTierItem, 'tier', PRICE_AND_PRODUCT),
  lineItemsByLink: (em: EntityManager, loaders: PrimedLoaders) => itemsWithPriceAndProduct(em, loaders, LineItem, 'checkoutLink', LINE_ITEM_JOINS),
  pricePagesByProduct: (em: EntityManager) => pagesBy(em, Price, 'product', { inline: false }),
  salesChannelsByOrganisation: (em: EntityManager) => groupedBy(em, SalesChannel, 'organisation', {}, { name: 'asc' }),
  activeLinksByPlan: (em: EntityManager) => groupedBy(em, CheckoutLink, 'plan', { active: true, deletedAt: null }, { createdAt: 'asc', id: 'asc' }),
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
      return (this.made[name] ??= factories[name](this.em, this as unknown as PrimedLoaders));
    },
  });
}

export function createLoaders(em: EntityManager): Loaders {
  return new LazyLoaders(em) as unknown as Loaders;
}

/** A row that must exist (a foreign key): at once when the loader holds it. */
export function must<T>(loader: RowLoader<T | null>, id: string): T | Promise<T> {
  return whenLoaded(loader.get(id), (row) => {
    if (!row) throw new Error(`Dangling reference ${id}`);
    return row;
  });
}
