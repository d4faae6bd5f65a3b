// Input shapes of checkout links (zod): what createCheckoutLink and updateCheckoutLink accept.
// Rules that need the database (ids, plans, currencies of stored prices) live in the services.
import { metadataPatchField } from '../support/metadata-patch.ts';
import { z } from 'zod';
import { AFTER_COMPLETION, BILLING_ADDRESS, CHECKOUT_MODES, SUBMIT_TYPES } from '../../entities/checkout-link.ts';
import { LINE_ITEM_TYPES } from '../../entities/line-item.ts';
import type { Violation, Reason } from '../../errors.ts';
import { fields, opt } from '../../validate.ts';
import { priceDataSchema } from '../catalog/prices.ts';
import { MAX_LINE_ITEMS } from '../../../contract/limits.ts';

export { MAX_LINE_ITEMS };

const adjustableSchema = z.object({
  enabled: z.boolean(),
  minimum: fields.quantity.nullish(),
  maximum: fields.quantity.nullish(),
});

const periodSchema = z.object({
  contractPeriod: z.string().max(32).nullish(),
  cancellationPeriod: z.string().max(32).nullish(),
});

/** Price data made for one link: a product id, or a name to create the product from. */
export const inlinePriceSchema = z.intersection(priceDataSchema, z.object({ productId: z.string().nullish(), productName: fields.name.nullish() }));
export type InlinePrice = z.output<typeof inlinePriceSchema>;

export const lineItemSchema = z.object({
  type: z.enum(LINE_ITEM_TYPES).nullish(),
  productId: z.string().nullish(),
  planId: z.string().nullish(),
  planTierId: z.string().nullish(),
  priceId: z.string().nullish(),
  priceData: inlinePriceSchema.nullish(),
  quantity: fields.quantity.nullish(),
  adjustableQuantity: adjustableSchema.nullish(),
  periods: z.array(periodSchema).max(10).nullish(),
  description: z.string().max(500).nullish(),
});
export type LineItemData = z.output<typeof lineItemSchema>;

/** The rules between an item's fields (zod checks each field alone). */
export function lineItemViolations(item: LineItemData, path: string[]): Violation[] {
  const out: Violation[] = [];
  const add = (field: string, message: string, reason: Reason) => out.push({ path: [...path, field], message, reason, code: 'VALIDATION' });
  if (lineItemType(item) === 'plan') {
    if (!item.planId) add('planId', 'A plan item needs planId.', 'VALUE__MISSING');
    if (item.priceData) add('priceData', 'A plan item takes priceId, not priceData.', 'LINE_ITEM__PRICE_CONFLICT');
  } else if (item.priceId && item.priceData) {
    add('priceId', 'Give exactly one of priceId and priceData.', 'LINE_ITEM__PRICE_CONFLICT');
  } else if (!item.priceId && !item.priceData) {
    add('priceId', 'Give exactly one of priceId and priceData.', 'LINE_ITEM__PRICE_MISSING');
  }
  const adj = item.adjustableQuantity;
  if (adj?.enabled) {
    const quantity = item.quantity ?? 1;
    if ((adj.minimum ?? 1) > quantity || (adj.maximum ?? 999_999) < quantity) {
      add('adjustableQuantity', 'Needs minimum <= quantity <= maximum.', 'LINE_ITEM__QUANTITY_OUT_OF_RANGE');
    }
  }
  return out;
}

/** A redirect needs its URL. */
export function afterCompletionViolations(a: AfterCompletionData | null | undefined, path: string[]): Violation[] {
  if (a?.type !== 'redirect' || a.redirectUrl) return [];
  return [{ path: [...path, 'redirectUrl'], message: 'A redirect needs an http(s) redirectUrl.', reason: 'VALUE__MISSING', code: 'VALIDATION' }];
}

/** The item's type: given, or plan when it names a plan, product when it names a product. */
export function lineItemType(item: { type?: string | null; planId?: string | null; productId?: string | null }): (typeof LINE_ITEM_TYPES)[number] {
  if (item.type === 'plan' || item.type === 'product' || item.type === 'price') return item.type;
  if (item.planId) return 'plan';
  if (item.productId) return 'product';
  return 'price';
}

const settingsSchema = z.object({
  couponsAllowed: z.boolean().nullish(),
  forceCompany: opt(z.boolean()),
  quantityEditable: opt(z.boolean()),
  trialDays: z.number().int().min(0).max(730).nullish(),
  billingAddressCollection: opt(z.enum(BILLING_ADDRESS)),
  submitType: opt(z.enum(SUBMIT_TYPES)),
  paymentMethodTypes: z.array(z.string().min(1).max(64)).max(50).nullish(),
  paymentMethodConfiguration: z
    .object({
      enabled: z.array(z.string().min(1).max(64)).max(50).nullish(),
      disabled: z.array(z.string().min(1).max(64)).max(50).nullish(),
      includePlatformDefaults: z.boolean().nullish(),
    })
    .nullish(),
  threeDsLevel: z.string().max(32).nullish(),
});
export type SettingsData = z.output<typeof settingsSchema>;

const afterCompletionSchema = z.object({
  type: z.enum(AFTER_COMPLETION),
  redirectUrl: fields.url.nullish(),
  message: z.string().max(5000).nullish(),
  backToProviderUrl: fields.url.nullish(),
});
export type AfterCompletionData = z.output<typeof afterCompletionSchema>;

const common = {
  title: z.string().max(255).nullish(),
  description: fields.text.nullish(),
  active: opt(z.boolean()),
  currency: z.string().nullish(),
  salesChannel: z.string().min(1).max(64).nullish(),
  settings: settingsSchema.nullish(),
  afterCompletion: afterCompletionSchema.nullish(),
  completedSessionsLimit: fields.positiveInt.nullish(),
  inactiveMessage: fields.text.nullish(),
  metadata: fields.metadata.nullish(),
  affiliateCode: z.string().max(255).nullish(),
};

export const createLinkSchema = z.object({
  ...common,
  slug: fields.slug.nullish(),
  mode: opt(z.enum(CHECKOUT_MODES)),
  planTierId: z.string().nullish(),
  planId: z.string().nullish(),
  lineItems: z.array(lineItemSchema).min(1).max(MAX_LINE_ITEMS).nullish(),
});
export type CreateLinkData = z.output<typeof createLinkSchema>;
export type CreateCheckoutLinkInput = z.input<typeof createLinkSchema>;

export const updateLinkSchema = z.object({
  ...common,
  metadataPatch: metadataPatchField.nullish(),
  slug: opt(fields.slug),
  lineItems: opt(z.array(lineItemSchema).min(1).max(MAX_LINE_ITEMS)),
});
export type UpdateLinkData = z.output<typeof updateLinkSchema>;
export type UpdateCheckoutLinkInput = z.input<typeof updateLinkSchema>;
