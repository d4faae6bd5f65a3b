// JSON schemas of the checkout link routes, as adapters/leanrails/README.md describes them.
import type { RequestOf } from '../../kernel/request-types.ts';
import { expandProperty } from '../mappers/expand.ts';
import { listQueryProperties } from '../../kernel/stripe/list.ts';
import { currencyInput, listResponse, metadataInput, metadataOutput, recurringInput, taxBehaviorInput } from './common.ts';
import { INT_MAX, MAX_LINE_ITEMS } from '../../../src/contract/limits.ts';

const priceData = {
  type: 'object',
  properties: {
    currency: currencyInput,
    product: { type: 'string', maxLength: 64 },
    unit_amount: { type: 'integer', minimum: 0, maximum: 99_999_999_999 },
    unit_amount_decimal: { type: 'string', maxLength: 32 },
    tax_behavior: taxBehaviorInput,
    recurring: recurringInput,
  },
  required: ['currency', 'product'],
  additionalProperties: false,
} as const;

const lineItem = {
  type: 'object',
  properties: {
    price: { type: 'string', maxLength: 64 },
    price_data: priceData,
    quantity: { type: 'integer', minimum: 1, maximum: 999_999 },
  },
  required: ['quantity'],
  additionalProperties: false,
} as const;

const afterCompletion = {
  type: 'object',
  properties: {
    type: { type: 'string', enum: ['redirect', 'hosted_confirmation'] },
    redirect: {
      type: 'object',
      // An http(s) URL that may hold the {CHECKOUT_SESSION_ID} placeholder (braces are not URI characters).
      properties: { url: { type: 'string', pattern: '^https?://[^\\s]+$', maxLength: 2048 } },
      required: ['url'],
      additionalProperties: false,
    },
    hosted_confirmation: {
      type: 'object',
      properties: { custom_message: { type: ['string', 'null'], maxLength: 500 } },
      additionalProperties: false,
    },
  },
  required: ['type'],
  additionalProperties: false,
} as const;

const restrictions = {
  type: ['object', 'null'],
  properties: {
    completed_sessions: {
      type: 'object',
      properties: { limit: { type: 'integer', minimum: 1, maximum: INT_MAX } },
      required: ['limit'],
      additionalProperties: false,
    },
  },
  required: ['completed_sessions'],
  additionalProperties: false,
} as const;

/** What create and update share (the README's update fields). */
const editable = {
  active: { type: 'boolean' },
  metadata: metadataInput,
  after_completion: afterCompletion,
  billing_address_collection: { type: 'string', enum: ['auto', 'required'] },
  inactive_message: { type: ['string', 'null'], maxLength: 500 },
  payment_method_types: { type: ['array', 'null'], maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 64 } },
  restrictions,
  submit_type: { type: 'string', enum: ['auto', 'pay', 'book', 'donate'] },
  allow_promotion_codes: { type: 'boolean' },
} as const;

export const linkCreateBody = {
  type: 'object',
  properties: {
    line_items: { type: 'array', minItems: 1, maxItems: MAX_LINE_ITEMS, items: lineItem },
    title: { type: 'string', minLength: 1, maxLength: 30 },
    mode: { type: 'string', enum: ['payment', 'order'] },
    description: { type: ['string', 'null'], maxLength: 500 },
    currency: currencyInput,
    ...editable,
    expand: expandProperty,
  },
  required: ['line_items', 'title'],
  additionalProperties: false,
} as const;

export const linkUpdateBody = { type: 'object', properties: { ...editable, expand: expandProperty }, additionalProperties: false } as const;

export const linkListQuery = {
  type: 'object',
  properties: { ...listQueryProperties, active: { type: 'boolean' }, expand: expandProperty },
  additionalProperties: false,
} as const;

export const linkRetrieveQuery = { type: 'object', properties: { expand: expandProperty }, additionalProperties: false } as const;

export const lineItemListQuery = { type: 'object', properties: listQueryProperties, additionalProperties: false } as const;

export const lineItemObjectSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { type: 'string', enum: ['item'] },
    price: { type: ['string', 'null'] },
    quantity: { type: 'integer' },
    amount_subtotal: { type: 'integer' },
    amount_total: { type: 'integer' },
    currency: { type: 'string' },
    product: { type: ['string', 'null'] },
    description: { type: ['string', 'null'] },
  },
  required: ['id', 'object', 'price', 'quantity', 'amount_subtotal', 'amount_total', 'currency', 'product', 'description'],
} as const;

export const linkObjectSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { type: 'string', enum: ['checkout_link'] },
    active: { type: 'boolean' },
    mode: { type: 'string', enum: ['payment', 'order'] },
    url: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    description: { type: ['string', 'null'] },
    currency: { type: 'string' },
    after_completion: {
      type: 'object',
      properties: {
        type: { type: 'string' },
        redirect: { type: 'object', properties: { url: { type: 'string' } } },
        hosted_confirmation: { type: 'object', properties: { custom_message: { type: ['string', 'null'] } } },
      },
    },
    billing_address_collection: { type: 'string' },
    allow_promotion_codes: { type: 'boolean' },
    restrictions: {
      type: ['object', 'null'],
      properties: { completed_sessions: { type: 'object', properties: { limit: { type: 'integer' }, count: { type: 'integer' } } } },
    },
    submit_type: { type: 'string' },
    payment_method_types: { type: ['array', 'null'], items: { type: 'string' } },
    inactive_message: { type: ['string', 'null'] },
    metadata: metadataOutput,
    custom_fields: { type: 'array', items: { type: 'object' } },
    custom_text: { type: 'object' },
    livemode: { type: 'boolean' },
    created: { type: 'integer' },
    // Only with expand[]=line_items (data.line_items on a list): the first page of the sub-list.
    line_items: listResponse(lineItemObjectSchema),
  },
  required: ['id', 'object', 'active', 'mode', 'url', 'title', 'currency', 'livemode', 'created'],
} as const;

// Request types derived from the schemas above (adapters/kernel/request-types.ts).
export type LinkCreateBody = RequestOf<typeof linkCreateBody>;
export type LinkUpdateBody = RequestOf<typeof linkUpdateBody>;
/** What create and update share (the README's update fields). */
export type LinkEditableBody = RequestOf<{ type: 'object'; properties: typeof editable; additionalProperties: false }>;
export type LineItemBody = LinkCreateBody['line_items'][number];
export type AfterCompletionBody = RequestOf<typeof afterCompletion>;
export type LinkListQuery = RequestOf<typeof linkListQuery>;
export type LinkRetrieveQuery = RequestOf<typeof linkRetrieveQuery>;
