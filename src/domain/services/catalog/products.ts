// Products: the catalog's sellable things.
import { z } from 'zod';
import { Plan, PlanTierItem, LineItem, Price, Product } from '../../entities/index.ts';
import { PRODUCT_KINDS, VISIBILITIES } from '../../entities/product.ts';
import { conflict, notFound } from '../../errors.ts';
import { paginate, type Page, type PageArgs } from '../../pagination.ts';
import { inTransaction, owner, requireScope, type ServiceContext } from '../../service-context.ts';
import { fields, opt, parse } from '../../validate.ts';
import { isUuid } from '../support/ids.ts';
import { priceDataSchema, buildPrice } from './prices.ts';
import { fastFindOne } from '../../../db/fast-read.ts';
import { checkOneMetadataInput, findForUpdate, metadataPatchField, patchedMetadata } from '../support/metadata-patch.ts';

const productFields = {
  name: fields.name,
  description: z.string().max(5000).nullish(),
  active: opt(z.boolean()),
  metadata: opt(fields.metadata),
  images: opt(z.array(fields.url).max(8)),
  shippable: z.boolean().nullish(),
  invoiceVisibility: z.enum(['always', 'only_if_charged']).nullish(),
  customFields: opt(fields.metadata),
  visibility: z.enum(VISIBILITIES).nullish(),
  route: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'Must be lower kebab case.')
    .nullish(),
  headline: z.string().max(255).nullish(),
};

const createSchema = z.object({ ...productFields, kind: opt(z.enum(PRODUCT_KINDS)), defaultPrice: priceDataSchema.nullish() });
const updateSchema = z.object({ ...productFields, name: opt(fields.name), defaultPriceId: fields.uuid.nullish(), metadataPatch: metadataPatchField.nullish() });

export type CreateProductInput = z.input<typeof createSchema>;
export type UpdateProductInput = z.input<typeof updateSchema>;

export async function getProduct(ctx: ServiceContext, id: string): Promise<Product | null> {
  requireScope(ctx, 'product:read');
  if (!isUuid(id)) return null;
  return fastFindOne(ctx.em, Product, { id, deletedAt: null });
}

export interface ProductFilter {
  active?: boolean | null;
  kind?: (typeof PRODUCT_KINDS)[number] | null;
  includePlanOnly?: boolean | null;
}

export function listProducts(ctx: ServiceContext, filter: ProductFilter = {}, page: PageArgs = {}): Promise<Page<Product>> {
  requireScope(ctx, 'product:read');
  const where: Record<string, unknown> = { deletedAt: null };
  if (filter.active != null) where.active = filter.active;
  if (filter.kind) where.kind = filter.kind;
  else if (!filter.includePlanOnly) where.kind = { $ne: 'plan_only' };
  return paginate(ctx.em, Product, where, page);
}

export async function createProduct(ctx: ServiceContext, raw: CreateProductInput): Promise<Product> {
  const principal = requireScope(ctx, 'product:write');
  const input = parse(createSchema, raw);
  return inTransaction(ctx, async (em) => {
    const { defaultPrice, ...rest } = input;
    const product = em.create(Product, { ...owner(principal), ...clean(rest), name: input.name });
    if (defaultPrice) {
      requireScope(ctx, 'price:write');
      await em.flush(); // product and price reference each other: insert the product first
      const price = buildPrice(em, principal, product.id, defaultPrice, ['defaultPrice']);
      await em.flush();
      product.defaultPrice = price.id;
    }
    await em.flush();
    return product;
  });
}

export async function updateProduct(ctx: ServiceContext, id: string, raw: UpdateProductInput): Promise<Product> {
  requireScope(ctx, 'product:write');
  const input = parse(updateSchema, raw);
  checkOneMetadataInput(input);
  return inTransaction(ctx, async (em) => {
    const product = await findOrThrow(em, id, input.metadataPatch != null);
    const { defaultPriceId, metadataPatch, ...rest } = input;
    em.assign(product, clean(rest));
    if (metadataPatch != null) product.metadata = patchedMetadata(product.metadata, metadataPatch);
    if (defaultPriceId !== undefined) {
      if (defaultPriceId !== null) {
        const price = await em.findOne(Price, { id: defaultPriceId, product: product.id });
        if (!price) throw notFound('Price', ['defaultPriceId']);
      }
      product.defaultPrice = defaultPriceId;
    }
    await em.flush();
    return product;
  });
}

export async function archiveProduct(ctx: ServiceContext, id: string): Promise<Product> {
  requireScope(ctx, 'product:write');
  return inTransaction(ctx, async (em) => {
    const product = await findOrThrow(em, id);
    product.active = false;
    await em.flush();
    return product;
  });
}

/** Soft-deletes a product that no plan tier or checkout link sells. */
export async function deleteProduct(ctx: ServiceContext, id: string): Promise<string> {
  requireScope(ctx, 'product:write');
  return inTransaction(ctx, async (em) => {
    const product = await findOrThrow(em, id);
    const prices = await em.find(Price, { product: product.id }, { fields: ['id'] });
    const priceIds = prices.map((p) => p.id);
    const used =
      (await em.count(PlanTierItem, { product: product.id })) +
      (await em.count(LineItem, { $or: [{ product: product.id }, { price: { $in: priceIds } }] })) +
      (await em.count(Plan, { originProduct: product.id, deletedAt: null }));
    if (used > 0) throw conflict('PRODUCT__IN_USE', 'The product is used by a plan or a checkout link.');
    product.deletedAt = new Date();
    product.active = false;
    await em.flush();
    return product.id;
  });
}

/** The product; locked when a metadata patch is applied to it (metadata-patch.ts). */
async function findOrThrow(em: ServiceContext['em'], id: string, patching = false): Promise<Product> {
  const product = isUuid(id) ? await findForUpdate(em, Product, { id, deletedAt: null }, patching) : null;
  if (!product) throw notFound('Product');
  return product;
}

/** Drops undefined keys and turns null into "clear" for nullable columns. */
function clean<T extends Record<string, unknown>>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
