// Products: GraphQL Product <-> LeanRails product object and request bodies.
import type { CreateProductInput, LeanRailsProductFieldsFragment, TaxBehavior, UpdateProductInput } from '../../../src/generated/operations.ts';
import { ids } from '../ids.ts';
import type { ProductCreateBody, ProductUpdateBody } from '../schemas/catalog.ts';

export type { ProductCreateBody, ProductUpdateBody };
import { decodeRef, metadataIn, metadataOut, metadataUpdate, unix, upper } from './common.ts';
import { recurringIn, unitAmountIn } from './price.ts';

export function toLeanRailsProduct(p: LeanRailsProductFieldsFragment) {
  return {
    id: ids.product.encode(p.id),
    object: 'product' as const,
    active: p.active,
    name: p.name,
    description: p.description,
    images: p.images,
    default_price: p.defaultPrice ? ids.price.encode(p.defaultPrice.id) : null,
    shippable: p.shippable,
    metadata: metadataOut(p.metadata),
    livemode: p.livemode,
    created: unix(p.createdAt),
    updated: unix(p.updatedAt),
  };
}

export function toCreateProductInput(body: ProductCreateBody): CreateProductInput {
  const d = body.default_price_data;
  return {
    name: body.name,
    description: body.description ?? undefined,
    active: body.active ?? undefined,
    images: body.images ?? undefined,
    shippable: body.shippable ?? undefined,
    metadata: metadataIn(body.metadata),
    kind: d?.recurring ? 'RECURRING' : 'ONE_TIME',
    defaultPrice: d
      ? {
          currency: d.currency.toUpperCase(),
          unitAmount: unitAmountIn(d, ['default_price_data']),
          recurring: recurringIn(d.recurring),
          taxBehavior: d.tax_behavior ? upper<TaxBehavior>(d.tax_behavior) : undefined,
        }
      : undefined,
  };
}

export function toUpdateProductInput(body: ProductUpdateBody): UpdateProductInput {
  const input: UpdateProductInput = { ...metadataUpdate(body.metadata) };
  if (body.name !== undefined) input.name = body.name;
  if (body.description !== undefined) input.description = body.description;
  if (body.active != null) input.active = body.active;
  if (body.images !== undefined) input.images = body.images ?? [];
  if (body.shippable !== undefined) input.shippable = body.shippable;
  if (body.default_price != null) input.defaultPriceId = decodeRef(ids.price, body.default_price, 'price', ['default_price']);
  return input;
}
