// Prices: GraphQL Price <-> LeanRails price object and request bodies.
import type { CreatePriceInput, LeanRailsPriceFieldsFragment, RecurringInterval, TaxBehavior, UpdatePriceInput } from '../../../src/generated/operations.ts';
import { paramError } from '../errors.ts';
import type { PriceCreateBody, PriceUpdateBody } from '../schemas/catalog.ts';

export type { PriceCreateBody, PriceUpdateBody };
import type { RecurringBody } from '../schemas/common.ts';

export type { RecurringBody };
import { ids } from '../ids.ts';
import { decodeRef, lower, metadataIn, metadataOut, metadataUpdate, minorFromDecimal, unix, upper } from './common.ts';

export function toLeanRailsPrice(p: LeanRailsPriceFieldsFragment) {
  return {
    id: ids.price.encode(p.id),
    object: 'price' as const,
    active: p.active,
    billing_scheme: 'per_unit',
    created: unix(p.createdAt),
    currency: p.currency.toLowerCase(),
    livemode: p.livemode,
    lookup_key: p.lookupKey,
    metadata: metadataOut(p.metadata),
    nickname: p.nickname,
    product: ids.product.encode(p.product.id),
    recurring: p.recurring ? { interval: p.recurring.interval.toLowerCase(), interval_count: p.recurring.intervalCount, usage_type: 'licensed' } : null,
    tax_behavior: lower(p.taxBehavior),
    type: p.recurring ? 'recurring' : 'one_time',
    unit_amount: p.unitAmount,
    unit_amount_decimal: String(p.unitAmount),
  };
}

export const recurringIn = (r: RecurringBody | null | undefined) =>
  r ? { interval: upper<RecurringInterval>(r.interval), intervalCount: r.interval_count ?? 1 } : undefined;

/** unit_amount or unit_amount_decimal (minor units) -> the core's integer unitAmount. */
export function unitAmountIn(body: { unit_amount?: number | null; unit_amount_decimal?: string | null }, path: string[]): number | undefined {
  if (body.unit_amount != null && body.unit_amount_decimal != null) {
    throw paramError([...path, 'unit_amount_decimal'], 'You may only specify one of these parameters: unit_amount, unit_amount_decimal.');
  }
  if (body.unit_amount != null) return body.unit_amount;
  if (body.unit_amount_decimal != null) return minorFromDecimal(body.unit_amount_decimal, [...path, 'unit_amount_decimal']);
  return undefined;
}

/** product or product_data, exactly one (Stripe's words). */
function productIn(body: PriceCreateBody): Pick<CreatePriceInput, 'productId' | 'productData'> {
  if (body.product !== undefined && body.product_data !== undefined) {
    throw paramError(['product_data'], 'You may only specify one of these parameters: product, product_data.');
  }
  if (body.product_data !== undefined) {
    const d = body.product_data;
    return {
      productData: {
        name: d.name,
        description: d.description ?? undefined,
        active: d.active,
        images: d.images ?? undefined,
        metadata: metadataIn(d.metadata),
      },
    };
  }
  if (body.product === undefined) throw paramError(['product'], 'Missing required param: product.', 'VALUE__MISSING');
  return { productId: decodeRef(ids.product, body.product, 'product', ['product']) };
}

export function toCreatePriceInput(body: PriceCreateBody): CreatePriceInput {
  return {
    ...productIn(body),
    currency: body.currency.toUpperCase(),
    unitAmount: unitAmountIn(body, []),
    recurring: recurringIn(body.recurring),
    taxBehavior: body.tax_behavior ? upper<TaxBehavior>(body.tax_behavior) : undefined,
    active: body.active ?? undefined,
    nickname: body.nickname ?? undefined,
    lookupKey: body.lookup_key ?? undefined,
    metadata: metadataIn(body.metadata),
  };
}

export function toUpdatePriceInput(body: PriceUpdateBody): UpdatePriceInput {
  const input: UpdatePriceInput = { ...metadataUpdate(body.metadata) };
  if (body.active != null) input.active = body.active;
  if (body.nickname !== undefined) input.nickname = body.nickname;
  if (body.lookup_key !== undefined) input.lookupKey = body.lookup_key;
  if (body.tax_behavior != null) input.taxBehavior = upper<TaxBehavior>(body.tax_behavior);
  return input;
}
