// Prices: minor units + currency, one-time or recurring.
import type { EntityManager } from '@mikro-orm/core';
import { z } from 'zod';
import { CheckoutLink, LineItem, PlanTierItem, Price, Product, SalesChannel } from '../../entities/index.ts';
import { INTERVALS, PRICING_MODELS, TAX_BEHAVIORS } from '../../entities/price.ts';
import { invalid, notFound } from '../../errors.ts';
import { normaliseCurrency, parseDecimal } from '../../money.ts';
import { paginate, type Page, type PageArgs } from '../../pagination.ts';
import type { Principal } from '../../principal.ts';
import { inTransaction, owner, requireScope, type ServiceContext } from '../../service-context.ts';
import { fields, opt, parse } from '../../validate.ts';
import { isUuid } from '../support/ids.ts';
import { fastFindOne } from '../../../db/fast-read.ts';
import { checkOneMetadataInput, findForUpdate, metadataPatchField, patchedMetadata } from '../support/metadata-patch.ts';

const MAX_AMOUNT = 99_999_999_999;

export const recurringSchema = z.object({
  interval: z.enum(INTERVALS),
  intervalCount: opt(z.number().int().min(1).max(365)),
  periodDays: z.number().int().min(1).max(3650).nullish(),
});

/** Price data without a product: shared by createPrice, product defaultPrice and inline prices. */
export const priceDataSchema = z
  .object({
    currency: z.string(),
    unitAmount: z.number().int().min(0).max(MAX_AMOUNT).nullish(),
    unitAmountDecimal: z.string().max(32).nullish(),
    recurring: recurringSchema.nullish(),
    taxBehavior: opt(z.enum(TAX_BEHAVIORS)),
    pricingModel: opt(z.enum(PRICING_MODELS)),
    trialDays: z.number().int().min(0).max(730).nullish(),
    applyTrial: opt(z.boolean()),
    nickname: z.string().max(255).nullish(),
    lookupKey: z.string().max(255).nullish(),
    metadata: opt(fields.metadata),
  })
  .refine((d) => (d.unitAmount == null) !== (d.unitAmountDecimal == null), {
    message: 'Exactly one of unitAmount and unitAmountDecimal is required.',
    path: ['unitAmount'],
  });
export type PriceData = z.output<typeof priceDataSchema>;

/** The product a price creates with it (Stripe's price `product_data`). */
const productDataSchema = z.object({
  name: fields.name,
  description: z.string().max(5000).nullish(),
  active: opt(z.boolean()),
  metadata: opt(fields.metadata),
  images: opt(z.array(fields.url).max(8)),
});

const createSchema = z
  .intersection(
    priceDataSchema,
    z.object({
      productId: z.string().nullish(),
      productData: productDataSchema.nullish(),
      active: opt(z.boolean()),
      salesChannel: z.string().max(64).nullish(),
    }),
  )
  .refine((d) => (d.productId == null) !== (d.productData == null), {
    message: 'Exactly one of productId and productData is required.',
    path: ['productId'],
  });
const updateSchema = z.object({
  active: opt(z.boolean()),
  nickname: z.string().max(255).nullish(),
  lookupKey: z.string().max(255).nullish(),
  taxBehavior: opt(z.enum(TAX_BEHAVIORS)),
  metadata: opt(fields.metadata),
  metadataPatch: metadataPatchField.nullish(),
});

export type CreatePriceInput = z.input<typeof createSchema>;
export type UpdatePriceInput = z.input<typeof updateSchema>;

/** Creates (persists, unflushed) a price of `productId` from validated price data. */
export function buildPrice(em: EntityManager, principal: Principal, productId: string, data: PriceData, path: string[], extra: Partial<Price> = {}): Price {
  const currency = normaliseCurrency(data.currency, [...path, 'currency']);
  let unitAmount = data.unitAmount ?? null;
  if (unitAmount === null) {
    unitAmount = parseDecimal(data.unitAmountDecimal ?? '', currency);
    if (unitAmount === null || unitAmount < 0 || unitAmount > MAX_AMOUNT) {
      throw invalid([...path, 'unitAmountDecimal'], `Must be a non-negative decimal with at most the digits of ${currency}.`, 'AMOUNT__INVALID');
    }
  }
  return em.create(Price, {
    ...owner(principal),
    product: productId,
    currency,
    unitAmount,
    recurringInterval: data.recurring?.interval ?? null,
    recurringIntervalCount: data.recurring ? (data.recurring.intervalCount ?? 1) : null,
    recurringPeriodDays: data.recurring?.periodDays ?? null,
    taxBehavior: data.taxBehavior ?? 'unspecified',
    pricingModel: data.pricingModel ?? 'per_unit',
    trialDays: data.trialDays ?? null,
    applyTrial: data.applyTrial ?? true,
    nickname: data.nickname ?? null,
    lookupKey: data.lookupKey ?? null,
    metadata: data.metadata ?? {},
    ...extra,
  });
}

export async function getPrice(ctx: ServiceContext, id: string): Promise<Price | null> {
  requireScope(ctx, 'price:read');
  return isUuid(id) ? fastFindOne(ctx.em, Price, { id }) : null;
}

export interface PriceFilter {
  productId?: string | null;
  active?: boolean | null;
  currency?: string | null;
  includeInline?: boolean | null;
  lookupKeys?: readonly string[] | null;
  recurring?: boolean | null;
}

export function listPrices(ctx: ServiceContext, filter: PriceFilter = {}, page: PageArgs = {}): Promise<Page<Price>> {
  requireScope(ctx, 'price:read');
  const where: Record<string, unknown> = {};
  if (filter.productId) where.product = isUuid(filter.productId) ? filter.productId : '00000000-0000-0000-0000-000000000000';
  if (filter.active != null) where.active = filter.active;
  if (filter.currency) where.currency = filter.currency.toUpperCase();
  if (!filter.includeInline) where.inline = false;
  if (filter.lookupKeys) {
    if (filter.lookupKeys.length > 100) throw invalid(['lookupKeys'], 'At most 100 lookup keys.');
    where.lookupKey = { $in: [...filter.lookupKeys] };
  }
  if (filter.recurring != null) where.recurringInterval = filter.recurring ? { $ne: null } : null;
  return paginate(ctx.em, Price, where, page);
}

export async function createPrice(ctx: ServiceContext, raw: CreatePriceInput): Promise<Price> {
  const principal = requireScope(ctx, 'price:write');
  const input = parse(createSchema, raw);
  return inTransaction(ctx, async (em) => {
    const product = input.productData ? await newProduct(ctx, em, principal, input.productData) : await existingProduct(em, input.productId ?? '');
    let salesChannel: string | null = null;
    if (input.salesChannel) salesChannel = (await resolveSalesChannel(em, input.salesChannel, ['salesChannel'])).id;
    const price = buildPrice(em, principal, product.id, input, [], { active: input.active ?? true, salesChannel });
    await em.flush();
    return price;
  });
}

async function existingProduct(em: EntityManager, id: string): Promise<Product> {
  const product = isUuid(id) ? await em.findOne(Product, { id, deletedAt: null }) : null;
  if (!product) throw notFound('Product', ['productId']);
  return product;
}

/** The product of `productData` (persisted with the price, in its transaction). */
async function newProduct(ctx: ServiceContext, em: EntityManager, principal: Principal, data: z.output<typeof productDataSchema>): Promise<Product> {
  requireScope(ctx, 'product:write');
  const defined = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined && v !== null));
  const product = em.create(Product, { ...owner(principal), ...defined, name: data.name });
  await em.flush(); // the price references it: insert the product first
  return product;
}

export async function updatePrice(ctx: ServiceContext, id: string, raw: UpdatePriceInput): Promise<Price> {
  requireScope(ctx, 'price:write');
  const input = parse(updateSchema, raw);
  checkOneMetadataInput(input);
  return inTransaction(ctx, async (em) => {
    const { metadataPatch, ...rest } = input;
    const price = isUuid(id) ? await findForUpdate(em, Price, { id }, metadataPatch != null) : null;
    if (!price) throw notFound('Price');
    em.assign(price, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)));
    if (metadataPatch != null) price.metadata = patchedMetadata(price.metadata, metadataPatch);
    await em.flush();
    return price;
  });
}

export function archivePrice(ctx: ServiceContext, id: string): Promise<Price> {
  return updatePrice(ctx, id, { active: false });
}

/** A sales channel by UUID or technical name, or a NOT_FOUND violation on `path`. */
export async function resolveSalesChannel(em: EntityManager, ref: string, path: string[]): Promise<SalesChannel> {
  const channel = await em.findOne(SalesChannel, isUuid(ref) ? { id: ref } : { name: ref });
  if (!channel) throw notFound('SalesChannel', path, `Sales channel "${ref}" not found.`);
  return channel;
}

/** Ids of checkout links whose line items or plan tiers use each price (batched). */
export async function checkoutLinkIdsByPrice(em: EntityManager, priceIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, Set<string>>(priceIds.map((id) => [id, new Set<string>()]));
  const items = await em.find(LineItem, { price: { $in: [...priceIds] } }, { fields: ['price', 'checkoutLink'] });
  for (const item of items) if (item.price) out.get(item.price)?.add(item.checkoutLink);
  const tierItems = await em.find(PlanTierItem, { price: { $in: [...priceIds] } }, { fields: ['price', 'tier'] });
  if (tierItems.length > 0) {
    const links = await em.find(CheckoutLink, { planTier: { $in: tierItems.map((t) => t.tier) }, deletedAt: null }, { fields: ['planTier'] });
    for (const t of tierItems) for (const l of links) if (l.planTier === t.tier) out.get(t.price)?.add(l.id);
  }
  return new Map([...out].map(([k, v]) => [k, [...v]]));
}
