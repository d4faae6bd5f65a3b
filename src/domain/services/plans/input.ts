// Plan input: the zod schemas of createPlan / replacePlan / updatePlan and the structural rules
// zod cannot express per field (at least one tier, min <= default <= max, duplicate ids, one
// product and one price per item, existing or created with the plan).
import { z } from 'zod';
import { PRODUCT_KINDS, VISIBILITIES } from '../../entities/product.ts';
import { TAX_BEHAVIORS } from '../../entities/price.ts';
import { PLAN_TYPES, RELEASE_METHODS } from '../../entities/plan.ts';
import { CHANGE_TIMINGS, CREDIT_TYPES } from '../../entities/plan-tier.ts';
import { DomainError, validationError, type Violation } from '../../errors.ts';
import { fields, opt } from '../../validate.ts';
import { toViolations } from '../../validate.ts';
import { priceDataSchema } from '../catalog/prices.ts';
import { inlineViolations } from './inline-rules.ts';
import { DEFAULT_ITEM_QUANTITY, INT_MAX as MAX_INT } from '../../../contract/limits.ts';

const MAX_AMOUNT = 99_999_999_999;

const jsonObject = z.record(z.string().max(100), z.unknown()).refine((m) => JSON.stringify(m).length <= 16_384, 'At most 16 KiB.');

/** A product created with its plan (PlanProductInput). */
export const planProductSchema = z.object({
  name: fields.name,
  description: z.string().max(5000).nullish(),
  kind: opt(z.enum(PRODUCT_KINDS)),
  active: opt(z.boolean()),
  visibility: z.enum(VISIBILITIES).nullish(),
  metadata: opt(fields.metadata),
});

export const tierItemSchema = z.object({
  id: z.string().nullish(),
  productId: z.string().nullish(),
  product: planProductSchema.nullish(),
  priceId: z.string().nullish(),
  price: priceDataSchema.nullish(),
  defaultQuantity: opt(fields.quantity),
  minQuantity: z.number().int().min(0).max(999_999).nullish(),
  maxQuantity: fields.quantity.nullish(),
  quantityEditable: opt(z.boolean()),
});

export const tierSchema = z.object({
  id: z.string().nullish(),
  name: fields.name,
  position: z.number().int().min(0).max(MAX_INT).nullish(),
  changeTiming: z.enum(CHANGE_TIMINGS).nullish(),
  creditType: z.enum(CREDIT_TYPES).nullish(),
  items: z.array(tierItemSchema).max(100),
});

const tiers = z.array(tierSchema).max(50);

/** The plan's own fields shared by create and replace. */
const ownFields = {
  name: fields.name,
  description: z.string().max(5000).nullish(),
  allowCheckout: opt(z.boolean()),
  familyId: fields.uuid.nullish(),
  originProductId: z.string().nullish(),
  metadata: opt(fields.metadata),
};

/** The single-price (Whop) fields. */
const singlePriceFields = {
  releaseMethod: z.enum(RELEASE_METHODS).nullish(),
  visibility: z.enum(VISIBILITIES).nullish(),
  initialPrice: z.number().int().min(0).max(MAX_AMOUNT).nullish(),
  renewalPrice: z.number().int().min(0).max(MAX_AMOUNT).nullish(),
  billingPeriodDays: z.number().int().min(1).max(3650).nullish(),
  expirationDays: z.number().int().min(1).max(36_500).nullish(),
  trialPeriodDays: z.number().int().min(0).max(730).nullish(),
  threeDsLevel: z.string().min(1).max(32).nullish(),
  taxType: z.enum(TAX_BEHAVIORS).nullish(),
  paymentMethodConfiguration: jsonObject.nullish(),
  internalNotes: z.string().max(5000).nullish(),
  stock: z.number().int().min(0).max(MAX_INT).nullish(),
  unlimitedStock: opt(z.boolean()),
};

export const createPlanSchema = z.object({
  ...ownFields,
  ...singlePriceFields,
  code: fields.code.nullish(),
  originProduct: planProductSchema.nullish(),
  activate: opt(z.boolean()),
  tiers,
  planType: z.enum(PLAN_TYPES).nullish(),
  currency: z.string().nullish(),
});

export const replacePlanSchema = z.object({ ...ownFields, code: fields.code, tiers });

export const updatePlanSchema = z.object({ ...ownFields, ...singlePriceFields, name: opt(fields.name) }).omit({
  familyId: true,
  originProductId: true,
});

export type CreatePlanInput = z.input<typeof createPlanSchema>;
export type ReplacePlanInput = z.input<typeof replacePlanSchema>;
export type UpdatePlanInput = z.input<typeof updatePlanSchema>;
export type TierInput = z.output<typeof tierSchema>;
export type TierItemInput = z.output<typeof tierItemSchema>;
export type PlanProductData = z.output<typeof planProductSchema>;

/** A tier item whose product and price exist (inline ones created): what is checked and written. */
export type ResolvedTierItem = Omit<TierItemInput, 'productId' | 'product' | 'priceId' | 'price'> & { productId: string; priceId: string };
export type ResolvedTier = Omit<TierInput, 'items'> & { items: ResolvedTierItem[] };

/**
 * Parses plan input and checks the structural rules. `singlePrice` says whether empty tiers are
 * allowed (a plan with a planType). Throws one VALIDATION error listing every violation.
 */
export function parsePlanInput<S extends z.ZodType>(schema: S, raw: unknown, singlePrice: (parsed: unknown) => boolean): z.output<S> {
  const result = schema.safeParse(raw);
  const violations: Violation[] = result.success ? [] : toViolations(result.error);
  const rawTiers = (raw as { tiers?: unknown }).tiers;
  if (Array.isArray(rawTiers) && rawTiers.length === 0 && !singlePrice(raw)) {
    violations.push({ path: ['tiers'], message: 'A plan needs at least one tier.', reason: 'VALUE__TOO_FEW', code: 'VALIDATION' });
  }
  if (result.success) {
    const parsed = result.data as { tiers?: TierInput[]; originProductId?: string | null; originProduct?: PlanProductData | null };
    if (parsed.tiers) violations.push(...tierRules(parsed.tiers), ...inlineViolations(parsed.tiers, parsed));
  }
  if (violations.length > 0) throw validationError(violations);
  return (result as { data: z.output<S> }).data;
}

/** min <= default <= max per item; a tier or item id at most once. */
function tierRules(tierInputs: TierInput[]): Violation[] {
  const out: Violation[] = [];
  const seen = new Set<string>();
  const duplicate = (id: string | null | undefined, path: string[]) => {
    if (!id) return;
    if (seen.has(id)) out.push({ path, message: 'This id is given twice.', reason: 'VALUE__DUPLICATE', code: 'VALIDATION' });
    seen.add(id);
  };
  tierInputs.forEach((tier, i) => {
    duplicate(tier.id, ['tiers', String(i), 'id']);
    tier.items.forEach((item, j) => {
      const path = ['tiers', String(i), 'items', String(j)];
      duplicate(item.id, [...path, 'id']);
      const def = item.defaultQuantity ?? DEFAULT_ITEM_QUANTITY;
      const bad = (field: string, message: string) => out.push({ path: [...path, field], message, reason: 'QUANTITY__OUT_OF_RANGE', code: 'VALIDATION' });
      if (item.minQuantity != null && item.minQuantity > def) bad('minQuantity', 'Must not exceed defaultQuantity.');
      if (item.maxQuantity != null && item.maxQuantity < def) bad('maxQuantity', 'Must not be below defaultQuantity.');
    });
  });
  return out;
}

/** VALIDATION when any violation is, else NOT_FOUND (every reference missing). */
export function referenceError(violations: Violation[]): DomainError {
  const error = validationError(violations);
  if (violations.every((v) => v.code === 'NOT_FOUND')) {
    return new DomainError('NOT_FOUND', error.reason, error.message, violations);
  }
  return error;
}
