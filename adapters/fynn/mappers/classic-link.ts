// Classic checkout-link body -> CreateCheckoutLinkInput / UpdateCheckoutLinkInput, and the table
// from GraphQL input paths back to the classic body's property paths.
import type {
  AfterCompletionInput,
  CheckoutSettingsInput,
  CreateCheckoutLinkInput,
  LineItemInput,
  UpdateCheckoutLinkInput,
} from '../../../src/generated/operations.ts';
import { GatewayError } from '../../kernel/errors.ts';
import { looseBoolean, looseInteger, Violations } from './loose.ts';
import type { PathTable } from './property-path.ts';
import type { ClassicItemBody, ClassicLinkBody } from '../schemas/classic-links.ts';

export type { ClassicItemBody, ClassicLinkBody };

/** GraphQL input paths (`*` = index) -> classic property paths. */
export const CLASSIC_LINK_PATHS: PathTable = [
  ['title', 'name'],
  ['active', 'isEnabled'],
  ['lineItems', 'items'],
  ['lineItems.*.productId', 'items.*.product'],
  ['lineItems.*.planId', 'items.*.plan'],
  ['lineItems.*.priceId', 'items.*.price'],
  ['lineItems.*.priceData', 'items.*.price'],
  ['lineItems.*.quantity', 'items.*.quantity'],
  ['lineItems.*.adjustableQuantity', 'items.*.quantity'],
  ['lineItems.*.periods', 'items.*.periods'],
  ['settings', 'options'],
  ['settings.couponsAllowed', 'options.allowCoupons'],
  ['settings.forceCompany', 'options.forceCompany'],
  ['settings.quantityEditable', 'options.quantityEditable'],
  ['settings.trialDays', 'options.trialDays'],
  ['afterCompletion', 'afterCheckout'],
  ['afterCompletion.type', 'afterCheckout.action'],
  ['afterCompletion.redirectUrl', 'afterCheckout.url'],
  ['afterCompletion.message', 'afterCheckout.confirmationMessage'],
  ['afterCompletion.backToProviderUrl', 'afterCheckout.backToProviderUrl'],
];

const BLANK = 'This value should not be blank.';

function lineItem(item: ClassicItemBody, i: number, errors: Violations): LineItemInput {
  const at = (field: string) => ['items', String(i), field];
  if (item.type === 'product' && !item.product) errors.add(at('product'), BLANK, 'VALUE__MISSING');
  if (item.type === 'plan' && !item.plan) errors.add(at('plan'), BLANK, 'VALUE__MISSING');
  if (!item.price) errors.add(at('price'), BLANK, 'VALUE__MISSING');
  const quantity = looseInteger(item.quantity, at('quantity'), errors);
  if (item.type === 'product' && quantity == null && item.quantity === undefined) errors.add(at('quantity'), BLANK, 'VALUE__MISSING');
  const periods = item.periods?.map((p) => ({ contractPeriod: p.contractPeriod ?? null, cancellationPeriod: p.cancellationPeriod ?? null }));
  return item.type === 'plan'
    ? { type: 'PLAN', planId: item.plan ?? null, priceId: item.price ?? null, quantity: quantity ?? 1, ...(periods ? { periods } : {}) }
    : { type: 'PRODUCT', productId: item.product ?? null, priceId: item.price ?? null, quantity: quantity ?? 1, ...(periods ? { periods } : {}) };
}

function settings(options: NonNullable<ClassicLinkBody['options']>, errors: Violations): CheckoutSettingsInput {
  const coupons =
    options.allowCoupons !== undefined
      ? looseBoolean(options.allowCoupons, ['options', 'allowCoupons'], errors)
      : looseBoolean(options.couponsAllowed, ['options', 'couponsAllowed'], errors);
  const out: CheckoutSettingsInput = {};
  if (coupons !== undefined) out.couponsAllowed = coupons;
  const force = looseBoolean(options.forceCompany, ['options', 'forceCompany'], errors);
  if (force !== undefined) out.forceCompany = force;
  const editable = looseBoolean(options.quantityEditable, ['options', 'quantityEditable'], errors);
  if (editable !== undefined) out.quantityEditable = editable;
  const trial = looseInteger(options.trialDays, ['options', 'trialDays'], errors);
  if (trial !== undefined) out.trialDays = trial;
  return out;
}

function afterCompletion(after: NonNullable<ClassicLinkBody['afterCheckout']>, errors: Violations): AfterCompletionInput {
  if (after.action === 'redirect') {
    if (!after.url) errors.add(['afterCheckout', 'url'], 'The url is required for the action "redirect".', 'VALUE__MISSING');
    return { type: 'REDIRECT', redirectUrl: after.url ?? null, backToProviderUrl: after.backToProviderUrl ?? null };
  }
  return {
    type: after.confirmationMessage ? 'MESSAGE' : 'DEFAULT',
    message: after.confirmationMessage ?? null,
    backToProviderUrl: after.backToProviderUrl ?? null,
  };
}

function fail(errors: Violations): void {
  if (errors.list.length === 0) return;
  const message = errors.list.map((v) => `${v.path.join('.')}: ${v.message}`).join('; ');
  throw new GatewayError('VALIDATION', errors.list[0]?.reason ?? 'VALUE__INVALID', message, errors.list);
}

/** The fields both create and update take; undefined = not given. */
function common(body: ClassicLinkBody, errors: Violations): UpdateCheckoutLinkInput {
  const out: UpdateCheckoutLinkInput = {};
  if (body.name !== undefined) out.title = body.name;
  if (body.slug) out.slug = body.slug;
  const enabled = looseBoolean(body.isEnabled, ['isEnabled'], errors);
  if (enabled !== undefined) out.active = enabled;
  if (body.items !== undefined) out.lineItems = body.items.map((item, i) => lineItem(item, i, errors));
  if (body.options) out.settings = settings(body.options, errors);
  if (body.afterCheckout) out.afterCompletion = afterCompletion(body.afterCheckout, errors);
  return out;
}

export function toCreateClassicLinkInput(body: ClassicLinkBody): CreateCheckoutLinkInput {
  const errors = new Violations();
  if (!body.items || body.items.length === 0) errors.add(['items'], 'This collection should contain 1 element or more.', 'VALUE__TOO_FEW');
  const input = common(body, errors);
  fail(errors);
  return { ...input, active: input.active ?? true, settings: { couponsAllowed: false, ...input.settings } } as CreateCheckoutLinkInput;
}

export function toUpdateClassicLinkInput(body: ClassicLinkBody): UpdateCheckoutLinkInput {
  const errors = new Violations();
  if (body.items !== undefined && body.items.length === 0) errors.add(['items'], 'This collection should contain 1 element or more.', 'VALUE__TOO_FEW');
  const input = common(body, errors);
  fail(errors);
  return input;
}
