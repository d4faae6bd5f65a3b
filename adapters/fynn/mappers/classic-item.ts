// GET /checkout-link-items/{id}: a line item in exactly the seed's CheckoutLinkItem shape
// (test/fixtures/vendor/fynn-get-checkout-link-item.txt): product, plan with family and originProduct, price plan.
import type { FynnClassicLineItemQuery, FynnClassicProductFieldsFragment } from '../../../src/generated/operations.ts';
import { classicDate } from './dates.ts';

type Item = NonNullable<FynnClassicLineItemQuery['lineItem']>;
type Price = Omit<NonNullable<Item['price']>, '__typename'>;

const PRODUCT_TYPE = { RECURRING: 'product', ONE_TIME: 'charge', PLAN_ONLY: 'plan' } as const;
const PRICE_TYPE = { FLAT: 'flat_fee', PER_UNIT: 'per_unit', TIERED: 'tiered', VOLUME: 'volume', STAIR_STEP: 'stair_step', PERCENTAGE: 'percentage' } as const;
const INTERVAL = { DAY: 'D', WEEK: 'W', MONTH: 'M', YEAR: 'Y' } as const;

/** MONTH/1 -> "1M", YEAR/1 -> "1Y", MONTH/3 -> "3M"; one-time (no recurring) -> null. */
export function billingInterval(recurring: Price['recurring']): string | null {
  return recurring ? `${recurring.intervalCount}${INTERVAL[recurring.interval]}` : null;
}

export function toClassicProduct(p: FynnClassicProductFieldsFragment) {
  return {
    id: p.id,
    name: p.name,
    description: p.description ?? null,
    type: PRODUCT_TYPE[p.kind],
    invoiceVisibility: p.invoiceVisibility ? p.invoiceVisibility.toLowerCase() : 'always',
    customFields: p.customFields,
  };
}

export function toClassicPrice(p: Price, tenantId: string) {
  return {
    id: p.id,
    internalName: p.nickname ?? `${p.currency} ${p.unitAmountDecimal}`,
    status: p.active ? 'active' : 'archived',
    salesChannel: p.salesChannel ? { id: p.salesChannel.id, name: p.salesChannel.name } : null,
    type: PRICE_TYPE[p.pricingModel],
    applyTrial: p.applyTrial,
    payInAdvance: true,
    proRata: false,
    freeUnits: null,
    billingInterval: billingInterval(p.recurring),
    showPricePerInterval: null,
    currencyCode: p.currency,
    price: { amount: p.unitAmount, createdAt: classicDate(p.createdAt), updatedAt: classicDate(p.updatedAt), tenantId },
    custom: p.inline,
    charge: null,
    productSetOption: null,
    product: p.product.id,
    customer: null,
    inUse: p.checkoutLinkIds.length > 0,
    checkoutLinkIds: p.checkoutLinkIds,
  };
}

export function toClassicLinkItem(item: Item, tenantId: string) {
  const plan = item.plan;
  const productOf = item.product ?? plan?.originProduct ?? null;
  return {
    type: item.type === 'PLAN' ? 'plan' : 'product',
    product: productOf ? toClassicProduct(productOf) : null,
    quantity: item.quantity,
    plan: plan
      ? {
          id: plan.id,
          family: plan.familyId ? { id: plan.familyId } : null,
          code: plan.code,
          originProduct: plan.originProduct ? toClassicProduct(plan.originProduct) : null,
          allowCheckout: plan.allowCheckout,
          status: plan.status.toLowerCase(),
          createdAt: classicDate(plan.createdAt),
          name: plan.name,
          description: plan.description ?? null,
        }
      : null,
    price: item.price ? toClassicPrice(item.price, tenantId) : null,
    periods: item.periods.map((p) => ({ contractPeriod: p.contractPeriod ?? null, cancellationPeriod: p.cancellationPeriod ?? null })),
  };
}
