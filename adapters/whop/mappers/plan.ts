// Whop plans <-> single-price gateway plans. Prices arrive as major-unit numbers and are
// converted exactly to minor units with the currency's digits (too many decimals: 422).
import type {
  CreatePlanInput,
  PlanType,
  PlanVisibility,
  RecurringInput,
  ReleaseMethod,
  TaxBehavior,
  UpdatePlanInput,
  WhopPlanFragment,
  WhopPricesFragment,
} from '../../../src/generated/operations.ts';
import { notFound, unprocessable } from '../errors.ts';
import { accountId, planId, productId } from '../ids.ts';
import type { JsonObject } from '../versions.ts';
import { isCurrency, toMinor } from './money.ts';
import { whopAmounts } from './prices.ts';
import { iso } from './time.ts';
import type { WhopPlanBody } from '../schemas/plans.ts';

export type { WhopPlanBody };

/** The defining attributes of a new single-price plan, in minor units. */
export interface PlanAttributes {
  productUuid: string | null;
  currency: string;
  name: string;
  description: string | null;
  planType: PlanType;
  releaseMethod: ReleaseMethod;
  visibility: PlanVisibility;
  initialPrice: number;
  renewalPrice: number;
  billingPeriodDays: number | null;
  expirationDays: number | null;
  trialPeriodDays: number | null;
  stock: number | null;
  unlimitedStock: boolean;
  taxType: TaxBehavior | null;
  threeDsLevel: string | null;
  internalNotes: string | null;
  metadata: Record<string, unknown> | null;
  paymentMethodConfiguration: Record<string, unknown> | null;
}

const upper = <T extends string>(value: string): T => value.toUpperCase() as T;
const lower = (value: string | null | undefined): string | null => (value ? value.toLowerCase() : null);

export function currencyOf(value: string | null | undefined, path: string[]): string {
  const currency = value ?? 'usd';
  if (!isCurrency(currency)) throw unprocessable('CURRENCY__UNKNOWN', `Unknown currency "${currency}".`, [...path, 'currency']);
  return currency.toUpperCase();
}

/** Major units -> minor units; 422 when the currency has fewer digits. */
export function minorOf(value: number | null | undefined, currency: string, field: string): number | null {
  if (value === undefined || value === null) return null;
  const minor = toMinor(value, currency);
  if (minor === null) {
    throw unprocessable('AMOUNT__INVALID', `${field} must be a non-negative amount with at most the decimals of ${currency} (got ${value}).`, [field]);
  }
  return minor;
}

/** Validates and completes a plan body (defaults as Whop applies them). */
export function planAttributes(body: WhopPlanBody, prefix = ''): PlanAttributes {
  const currency = currencyOf(body.currency, prefix ? [prefix] : []);
  const initial = minorOf(body.initial_price, currency, `${prefix}initial_price`);
  const renewal = minorOf(body.renewal_price, currency, `${prefix}renewal_price`);
  const planType = body.plan_type ?? (body.billing_period != null || renewal != null ? 'renewal' : 'one_time');
  const product = body.product_id != null ? productId.decode(body.product_id) : null;
  if (body.product_id != null && !product) throw notFound('Product');
  return {
    productUuid: product,
    currency,
    name: body.title?.trim() || 'Plan',
    description: body.description ?? null,
    planType: upper<PlanType>(planType),
    releaseMethod: upper<ReleaseMethod>(body.release_method ?? 'buy_now'),
    visibility: upper<PlanVisibility>(body.visibility ?? 'visible'),
    initialPrice: initial ?? 0,
    renewalPrice: renewal ?? 0,
    billingPeriodDays: planType === 'renewal' ? (body.billing_period ?? 30) : (body.billing_period ?? null),
    expirationDays: body.expiration_days ?? null,
    trialPeriodDays: body.trial_period_days ?? null,
    stock: body.stock ?? null,
    unlimitedStock: body.unlimited_stock ?? body.stock == null,
    taxType: body.override_tax_type ? upper<TaxBehavior>(body.override_tax_type) : null,
    threeDsLevel: body.three_ds_level ?? null,
    internalNotes: body.internal_notes ?? null,
    metadata: body.metadata ?? null,
    paymentMethodConfiguration: body.payment_method_configuration ?? null,
  };
}

/**
 * The catalogue price of the plan's tier item: the renewal price of a renewal plan, the initial
 * price of a one-time plan. What a cart charges comes from the plan's own fields (the pricing
 * module: initial price once at checkout plus the renewal price per period).
 */
export const lineAmount = (a: PlanAttributes): number => (a.planType === 'RENEWAL' ? a.renewalPrice : a.initialPrice);

function recurringOf(days: number): RecurringInput {
  if (days % 365 === 0 && days / 365 <= 365) return { interval: 'YEAR', intervalCount: days / 365, periodDays: days };
  if (days % 7 === 0 && days / 7 <= 365) return { interval: 'WEEK', intervalCount: days / 7, periodDays: days };
  return { interval: 'DAY', intervalCount: Math.min(days, 365), periodDays: days };
}

/**
 * The createPlan input of a Whop plan: ACTIVE, one tier holding one item that sells the plan's
 * product (the given one, or a new PLAN_ONLY product) at a new price for the plan's cart line.
 * One mutation, so the product, the price and the plan are written in one transaction.
 */
export function toCreatePlanInput(a: PlanAttributes): CreatePlanInput {
  const recurring = a.planType === 'RENEWAL' && a.billingPeriodDays ? recurringOf(a.billingPeriodDays) : null;
  const price = { currency: a.currency, unitAmount: lineAmount(a), ...(recurring ? { recurring } : {}), ...(a.taxType ? { taxBehavior: a.taxType } : {}) };
  return {
    name: a.name,
    description: a.description,
    ...(a.productUuid ? { originProductId: a.productUuid } : { originProduct: { name: a.name, kind: 'PLAN_ONLY' as const, visibility: a.visibility } }),
    activate: true,
    tiers: [{ name: 'Default', items: [{ price }] }],
    planType: a.planType,
    releaseMethod: a.releaseMethod,
    visibility: a.visibility,
    initialPrice: a.initialPrice,
    renewalPrice: a.renewalPrice,
    currency: a.currency,
    billingPeriodDays: a.billingPeriodDays,
    expirationDays: a.expirationDays,
    trialPeriodDays: a.trialPeriodDays,
    threeDsLevel: a.threeDsLevel,
    taxType: a.taxType,
    paymentMethodConfiguration: a.paymentMethodConfiguration,
    internalNotes: a.internalNotes,
    stock: a.stock,
    unlimitedStock: a.unlimitedStock,
    ...(a.metadata ? { metadata: a.metadata } : {}),
  };
}

/** PATCH body -> updatePlan input (only the fields given; prices in the plan's currency). */
export function toUpdatePlanInput(body: WhopPlanBody, currency: string): UpdatePlanInput {
  const out: UpdatePlanInput = {};
  if (body.title !== undefined && body.title !== null) out.name = body.title;
  if (body.description !== undefined) out.description = body.description;
  if (body.visibility) out.visibility = upper<PlanVisibility>(body.visibility);
  if (body.release_method) out.releaseMethod = upper<ReleaseMethod>(body.release_method);
  if (body.initial_price !== undefined) out.initialPrice = minorOf(body.initial_price, currency, 'initial_price');
  if (body.renewal_price !== undefined) out.renewalPrice = minorOf(body.renewal_price, currency, 'renewal_price');
  if (body.billing_period !== undefined) out.billingPeriodDays = body.billing_period;
  if (body.expiration_days !== undefined) out.expirationDays = body.expiration_days;
  if (body.trial_period_days !== undefined) out.trialPeriodDays = body.trial_period_days;
  if (body.stock !== undefined) out.stock = body.stock;
  if (body.unlimited_stock !== undefined && body.unlimited_stock !== null) out.unlimitedStock = body.unlimited_stock;
  if (body.override_tax_type !== undefined) out.taxType = body.override_tax_type ? upper<TaxBehavior>(body.override_tax_type) : null;
  if (body.three_ds_level !== undefined) out.threeDsLevel = body.three_ds_level;
  if (body.internal_notes !== undefined) out.internalNotes = body.internal_notes;
  if (body.metadata !== undefined && body.metadata !== null) out.metadata = body.metadata;
  if (body.payment_method_configuration !== undefined) out.paymentMethodConfiguration = body.payment_method_configuration;
  return out;
}

export interface AccountInfo {
  id: string;
  name: string;
  slug: string;
}

export const toWhopAccount = (org: AccountInfo): JsonObject => ({ id: accountId.encode(org.id), title: org.name, route: org.slug });

/** A gateway plan as the SDK's `Plan` (latest shape), its amounts from the pricing module. */
export function toWhopPlan(plan: WhopPlanFragment, org: AccountInfo | null): JsonObject {
  const only = plan.tiers.length === 1 ? plan.tiers[0] : null;
  return whopPlanObject(plan, org, {
    id: plan.id,
    title: plan.name,
    prices: plan.pricing ?? only?.pricing ?? null,
    url: plan.checkoutUrl ?? only?.checkoutUrl ?? null,
  });
}

/**
 * The Whop plans of a gateway plan: one for a single-price plan or a plan of one tier (the
 * plan's id); one per tier for a plan of several tiers (the tier's id, title "Plan · Tier", the
 * tier's own amounts and purchase_url). README: "A plan of several tiers".
 */
export function toWhopPlans(plan: WhopPlanFragment, org: AccountInfo | null): JsonObject[] {
  if (plan.pricing || plan.tiers.length <= 1) return [toWhopPlan(plan, org)];
  return plan.tiers.map((tier) => toWhopTierPlan(plan, tier.id, org));
}

/** One tier of a plan of several tiers as a Whop plan. */
export function toWhopTierPlan(plan: WhopPlanFragment, tierId: string, org: AccountInfo | null): JsonObject {
  const tier = plan.tiers.find((t) => t.id === tierId);
  return whopPlanObject(plan, org, {
    id: tierId,
    title: tier ? `${plan.name} · ${tier.name}` : plan.name,
    prices: tier?.pricing ?? null,
    url: tier?.checkoutUrl ?? null,
  });
}

function whopPlanObject(
  plan: WhopPlanFragment,
  org: AccountInfo | null,
  as: { id: string; title: string; prices: WhopPricesFragment | null; url: string | null },
): JsonObject {
  const currency = plan.currency ?? as.prices?.currency ?? 'USD';
  const amounts = as.prices
    ? whopAmounts(as.prices, currency)
    : { plan_type: 'one_time', initial_price: 0, renewal_price: 0, billing_period: null, trial_period_days: plan.trialPeriodDays };
  return {
    id: planId.encode(as.id),
    account: org ? toWhopAccount(org) : null,
    adaptive_pricing_enabled: false,
    billing_period: amounts.billing_period,
    collect_tax: false,
    created_at: iso(plan.createdAt),
    updated_at: iso(plan.updatedAt),
    currency: currency.toLowerCase(),
    custom_fields: [],
    description: plan.description,
    expiration_days: plan.expirationDays,
    initial_price: amounts.initial_price,
    internal_notes: plan.internalNotes,
    invoice: null,
    member_count: 0,
    metadata: plan.metadata,
    payment_method_configuration: plan.paymentMethodConfiguration,
    plan_type: amounts.plan_type,
    product: plan.originProduct ? { id: productId.encode(plan.originProduct.id), title: plan.originProduct.name } : null,
    // The oldest active link selling the plan (or, for one tier of several, that tier); null while none does.
    purchase_url: as.url ?? (as.id === plan.id ? (plan.purchaseUrl ?? null) : null),
    release_method: lower(plan.releaseMethod) ?? 'buy_now',
    renewal_price: amounts.renewal_price,
    split_pay_required_payments: null,
    stock: plan.stock,
    tax_type: lower(plan.taxType) ?? 'unspecified',
    three_ds_level: plan.threeDsLevel,
    title: as.title,
    trial_period_days: amounts.trial_period_days,
    unlimited_stock: plan.unlimitedStock,
    visibility: lower(plan.visibility) ?? 'visible',
  };
}
