// Checkout links: GraphQL CheckoutLink <-> LeanRails checkout_link object and request bodies.
import type {
  AfterCompletionInput,
  BillingAddressCollection,
  CheckoutMode,
  CreateCheckoutLinkInput,
  LeanRailsLinkFieldsFragment,
  LineItemInput,
  SubmitType,
  TaxBehavior,
  UpdateCheckoutLinkInput,
} from '../../../src/generated/operations.ts';
import { paramError } from '../errors.ts';
import { ids } from '../ids.ts';
import type { AfterCompletionBody, LineItemBody, LinkCreateBody, LinkEditableBody } from '../schemas/checkout-link.ts';

export type { LinkCreateBody, LinkEditableBody };
import { decodeRef, metadataIn, metadataOut, metadataUpdate, unix, upper } from './common.ts';
import { toLeanRailsLineItem } from './line-item.ts';
import { DEFAULT_LIMIT, listBody } from '../../kernel/stripe/list.ts';
import { recurringIn, unitAmountIn } from './price.ts';

function afterCompletionOut(a: LeanRailsLinkFieldsFragment['afterCompletion']) {
  if (a.type === 'REDIRECT') return { type: 'redirect', redirect: { url: a.redirectUrl ?? '' } };
  if (a.type === 'MESSAGE') return { type: 'hosted_confirmation', hosted_confirmation: { custom_message: a.message } };
  return { type: 'hosted_confirmation' };
}

/**
 * The expanded `line_items` of a link: the first page (DEFAULT_LIMIT, in the order of
 * GET /v1/checkout_links/{id}/line_items) as a list, as Stripe expands it.
 */
function lineItemsOut(id: string, items: NonNullable<LeanRailsLinkFieldsFragment['lineItems']>) {
  const page = items.slice(0, DEFAULT_LIMIT).map(toLeanRailsLineItem);
  return listBody(`/v1/checkout_links/${id}/line_items`, page, { hasNextPage: items.length > DEFAULT_LIMIT, hasPreviousPage: false }, { first: DEFAULT_LIMIT });
}

export function toLeanRailsCheckoutLink(l: LeanRailsLinkFieldsFragment) {
  const id = ids.link.encode(l.id);
  // A list maps ten or more: no copy of the fields unless line items are added.
  const fields = linkFields(l, id);
  return l.lineItems ? { ...fields, line_items: lineItemsOut(id, l.lineItems) } : fields;
}

function linkFields(l: LeanRailsLinkFieldsFragment, id: string) {
  return {
    id,
    object: 'checkout_link' as const,
    active: l.active,
    mode: l.mode === 'ORDER' ? 'order' : 'payment',
    url: l.url,
    title: l.title ?? '',
    description: l.description,
    currency: (l.currency ?? '').toLowerCase(),
    after_completion: afterCompletionOut(l.afterCompletion),
    billing_address_collection: l.settings.billingAddressCollection.toLowerCase(),
    allow_promotion_codes: l.settings.couponsAllowed ?? false,
    restrictions: l.completedSessions ? { completed_sessions: { limit: l.completedSessions.limit, count: l.completedSessions.count } } : null,
    submit_type: l.settings.submitType.toLowerCase(),
    payment_method_types: l.settings.paymentMethodTypes,
    inactive_message: l.inactiveMessage,
    metadata: metadataOut(l.metadata),
    custom_fields: [] as object[],
    custom_text: {},
    livemode: l.livemode,
    created: unix(l.createdAt),
  };
}

function afterCompletionIn(a: AfterCompletionBody | undefined): AfterCompletionInput | undefined {
  if (!a) return undefined;
  if (a.type === 'redirect') {
    if (!a.redirect) throw paramError(['after_completion', 'redirect'], 'A redirect needs after_completion[redirect][url].', 'VALUE__MISSING');
    return { type: 'REDIRECT', redirectUrl: a.redirect.url };
  }
  const message = a.hosted_confirmation?.custom_message;
  return message ? { type: 'MESSAGE', message } : { type: 'DEFAULT' };
}

function lineItemIn(item: LineItemBody, i: number): LineItemInput {
  const path = ['line_items', String(i)];
  if (item.price !== undefined && item.price_data !== undefined) {
    throw paramError([...path, 'price_data'], 'You may only specify one of these parameters: price, price_data.');
  }
  if (item.price === undefined && item.price_data === undefined) {
    throw paramError([...path, 'price'], 'Each line item needs one of price or price_data.', 'VALUE__MISSING');
  }
  if (item.price !== undefined) {
    return { priceId: decodeRef(ids.price, item.price, 'price', [...path, 'price']), quantity: item.quantity };
  }
  const d = item.price_data as NonNullable<LineItemBody['price_data']>;
  const dataPath = [...path, 'price_data'];
  return {
    quantity: item.quantity,
    priceData: {
      productId: decodeRef(ids.product, d.product, 'product', [...dataPath, 'product']),
      currency: d.currency.toUpperCase(),
      unitAmount: unitAmountIn(d, dataPath),
      taxBehavior: d.tax_behavior ? upper<TaxBehavior>(d.tax_behavior) : undefined,
      recurring: recurringIn(d.recurring),
    },
  };
}

/** The settings of a body (undefined when none is given). */
function settingsIn(body: LinkEditableBody): CreateCheckoutLinkInput['settings'] {
  const settings: NonNullable<CreateCheckoutLinkInput['settings']> = {};
  if (body.allow_promotion_codes !== undefined) settings.couponsAllowed = body.allow_promotion_codes;
  if (body.billing_address_collection !== undefined) settings.billingAddressCollection = upper<BillingAddressCollection>(body.billing_address_collection);
  if (body.submit_type !== undefined) settings.submitType = upper<SubmitType>(body.submit_type);
  if (body.payment_method_types !== undefined) settings.paymentMethodTypes = body.payment_method_types;
  return Object.keys(settings).length > 0 ? settings : undefined;
}

export function toCreateCheckoutLinkInput(body: LinkCreateBody): CreateCheckoutLinkInput {
  return {
    title: body.title,
    description: body.description ?? undefined,
    mode: body.mode ? upper<CheckoutMode>(body.mode) : undefined,
    currency: body.currency?.toUpperCase(),
    active: body.active,
    lineItems: body.line_items.map(lineItemIn),
    settings: settingsIn(body),
    afterCompletion: afterCompletionIn(body.after_completion),
    completedSessionsLimit: body.restrictions?.completed_sessions.limit,
    inactiveMessage: body.inactive_message ?? undefined,
    metadata: metadataIn(body.metadata),
  };
}

export function toUpdateCheckoutLinkInput(body: LinkEditableBody): UpdateCheckoutLinkInput {
  const input: UpdateCheckoutLinkInput = { ...metadataUpdate(body.metadata) };
  if (body.active !== undefined) input.active = body.active;
  const settings = settingsIn(body);
  if (settings) input.settings = settings;
  const after = afterCompletionIn(body.after_completion);
  if (after) input.afterCompletion = after;
  if (body.restrictions !== undefined) input.completedSessionsLimit = body.restrictions?.completed_sessions.limit ?? null;
  if (body.inactive_message !== undefined) input.inactiveMessage = body.inactive_message;
  return input;
}
