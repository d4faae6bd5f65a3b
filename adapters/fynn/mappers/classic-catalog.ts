// Classic products and price plans: request bodies -> core inputs. Responses reuse the nested
// `product` / `price` shapes of a CheckoutLinkItem (classic-item.ts).
import type {
  CreatePriceInput,
  CreateProductInput,
  InvoiceVisibility,
  PricingModel,
  ProductKind,
  RecurringInterval,
  UpdatePriceInput,
  UpdateProductInput,
} from '../../../src/generated/operations.ts';
import { GatewayError, type Reason } from '../../kernel/errors.ts';
import type { PathTable } from './property-path.ts';
import type { ClassicProductBody, ClassicPricePlanBody } from '../schemas/classic-catalog.ts';

export type { ClassicProductBody, ClassicPricePlanBody };

/** Core input paths -> the classic request fields (errors name what the client sent). */
export const CLASSIC_CATALOG_PATHS: PathTable = [
  ['productId', 'product'],
  ['currency', 'currencyCode'],
  ['unitAmount', 'price.amount'],
  ['unitAmountDecimal', 'price.amount'],
  ['nickname', 'internalName'],
  ['recurring', 'billingInterval'],
  ['pricingModel', 'type'],
  ['kind', 'type'],
  ['active', 'status'],
];

const KIND: Record<NonNullable<ClassicProductBody['type']>, ProductKind> = { product: 'RECURRING', charge: 'ONE_TIME', plan: 'PLAN_ONLY' };
const MODEL: Record<NonNullable<ClassicPricePlanBody['type']>, PricingModel> = {
  flat_fee: 'FLAT',
  per_unit: 'PER_UNIT',
  tiered: 'TIERED',
  volume: 'VOLUME',
  stair_step: 'STAIR_STEP',
  percentage: 'PERCENTAGE',
};
const INTERVAL: Record<string, RecurringInterval> = { D: 'DAY', W: 'WEEK', M: 'MONTH', Y: 'YEAR' };

const visibility = (v: ClassicProductBody['invoiceVisibility']): InvoiceVisibility | undefined => (v ? (v.toUpperCase() as InvoiceVisibility) : undefined);

export function toCreateClassicProductInput(body: ClassicProductBody & { name: string }): CreateProductInput {
  return {
    name: body.name,
    ...(body.description !== undefined ? { description: body.description } : {}),
    kind: KIND[body.type ?? 'product'],
    ...(body.invoiceVisibility ? { invoiceVisibility: visibility(body.invoiceVisibility) } : {}),
    ...(body.customFields ? { customFields: body.customFields } : {}),
  };
}

/** PUT: the fields given change; `type` is fixed once created (422 when it differs). */
export function toUpdateClassicProductInput(body: ClassicProductBody, currentKind: ProductKind): UpdateProductInput {
  if (body.type && KIND[body.type] !== currentKind) throw fixed('type', 'The product type cannot be changed.');
  const out: UpdateProductInput = {};
  if (body.name !== undefined) out.name = body.name;
  if (body.description !== undefined) out.description = body.description;
  if (body.invoiceVisibility) out.invoiceVisibility = visibility(body.invoiceVisibility);
  if (body.customFields !== undefined) out.customFields = body.customFields ?? {};
  return out;
}

/** "1M" -> every month; "3M", "1Y", "2W", "30D"; null or absent = one-time. */
export function recurringOf(billingInterval: string | null | undefined): CreatePriceInput['recurring'] {
  if (!billingInterval) return null;
  const match = /^(\d{1,3})([DWMY])$/.exec(billingInterval);
  if (!match?.[1] || !match[2]) throw fixed('billingInterval', 'Must be a count and D, W, M or Y, e.g. "1M".', 'VALUE__INVALID');
  const count = Number(match[1]);
  if (count < 1) throw fixed('billingInterval', 'The count must be at least 1.', 'VALUE__INVALID');
  return { interval: INTERVAL[match[2]] as RecurringInterval, intervalCount: count };
}

export function toCreateClassicPriceInput(body: ClassicPricePlanBody & { product: string; currencyCode: string; price: { amount: number } }): CreatePriceInput {
  return {
    productId: body.product,
    currency: body.currencyCode,
    unitAmount: body.price.amount,
    recurring: recurringOf(body.billingInterval),
    ...(body.type ? { pricingModel: MODEL[body.type] } : {}),
    ...(body.internalName != null ? { nickname: body.internalName } : {}),
    ...(body.applyTrial !== undefined ? { applyTrial: body.applyTrial } : {}),
    ...(body.salesChannel ? { salesChannel: body.salesChannel } : {}),
    ...(body.status ? { active: body.status === 'active' } : {}),
  };
}

interface CurrentPrice {
  currency: string;
  unitAmount: number;
  pricingModel: PricingModel;
  product: { id: string };
  recurring?: { interval: RecurringInterval; intervalCount: number } | null;
}

/**
 * PUT /price-plans/{id}: `internalName` and `status` change; the amount, currency, interval,
 * type and product are fixed once created (a price in use must not change under its links): the
 * same value is accepted (clients send the whole object back), another one is a 422.
 */
export function toUpdateClassicPriceInput(body: ClassicPricePlanBody, current: CurrentPrice): UpdatePriceInput {
  if (body.product !== undefined && body.product !== current.product.id) throw fixed('product', 'The product of a price plan cannot be changed.');
  if (body.currencyCode !== undefined && body.currencyCode.toUpperCase() !== current.currency.toUpperCase())
    throw fixed('currencyCode', 'The currency of a price plan cannot be changed.');
  if (body.price?.amount !== undefined && body.price.amount !== current.unitAmount)
    throw fixed('price.amount', 'The amount of a price plan cannot be changed; create a new price plan.');
  if (body.type !== undefined && MODEL[body.type] !== current.pricingModel) throw fixed('type', 'The type of a price plan cannot be changed.');
  if (body.billingInterval !== undefined) {
    const wanted = recurringOf(body.billingInterval);
    const same =
      wanted === null
        ? !current.recurring
        : Boolean(current.recurring) && wanted?.interval === current.recurring?.interval && wanted?.intervalCount === current.recurring?.intervalCount;
    if (!same) throw fixed('billingInterval', 'The billing interval of a price plan cannot be changed.');
  }
  const out: UpdatePriceInput = {};
  if (body.internalName !== undefined) out.nickname = body.internalName;
  if (body.status) out.active = body.status === 'active';
  return out;
}

function fixed(field: string, message: string, reason: Reason = 'VALUE__IMMUTABLE'): GatewayError {
  return new GatewayError('VALIDATION', reason, message, [{ path: field.split('.'), message, reason, code: 'VALIDATION' }]);
}
