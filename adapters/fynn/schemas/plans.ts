// JSON schemas of the V2 plans (/api/plans): request and response.
import type { RequestOf } from '../../kernel/request-types.ts';
import { dateTime, INT_MAX, nullableString, SLUG_PATTERN, uuid } from './common.ts';
import { DEFAULT_ITEM_QUANTITY } from '../../../src/contract/limits.ts';

const planItemInput = {
  type: 'object',
  required: ['productId', 'pricePlanId'],
  properties: {
    id: { ...nullableString, description: 'Keep an existing item (PUT).' },
    productId: { type: 'string' },
    pricePlanId: { type: 'string' },
    defaultQuantity: { type: 'integer', minimum: 1, maximum: INT_MAX, default: DEFAULT_ITEM_QUANTITY },
    minQuantity: { type: ['integer', 'null'], minimum: 0, maximum: INT_MAX },
    maxQuantity: { type: ['integer', 'null'], minimum: 1, maximum: INT_MAX },
    quantityEditable: { type: 'boolean', default: false },
  },
} as const;

const planTierInput = {
  type: 'object',
  required: ['name', 'items'],
  properties: {
    id: { ...nullableString, description: 'Keep an existing tier (PUT).' },
    name: { type: 'string', minLength: 1, maxLength: 255 },
    position: { type: ['integer', 'null'], minimum: 0, maximum: INT_MAX },
    items: { type: 'array', items: planItemInput },
  },
} as const;

export const planInput = {
  type: 'object',
  required: ['code', 'name', 'tiers'],
  properties: {
    code: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      pattern: SLUG_PATTERN,
      example: 'pro-plan',
      description: 'Stable, Organisation unique identifier in lower kebab case.',
    },
    name: { type: 'string', minLength: 1, maxLength: 255 },
    description: nullableString,
    tiers: { type: 'array', minItems: 1, items: planTierInput, description: 'Ordered by position.' },
  },
} as const;

const planItem = {
  type: 'object',
  properties: {
    id: uuid,
    productId: uuid,
    pricePlanId: uuid,
    defaultQuantity: { type: 'integer' },
    minQuantity: { type: ['integer', 'null'] },
    maxQuantity: { type: ['integer', 'null'] },
    quantityEditable: { type: 'boolean' },
  },
} as const;

export const plan = {
  type: 'object',
  properties: {
    id: uuid,
    code: { type: 'string' },
    name: { type: 'string' },
    description: nullableString,
    status: { type: 'string', enum: ['draft', 'active', 'archived'] },
    currency: { ...nullableString, description: 'Derived from the price plans, null when the plan has no items yet.' },
    tiers: {
      type: 'array',
      items: { type: 'object', properties: { id: uuid, name: { type: 'string' }, position: { type: 'integer' }, items: { type: 'array', items: planItem } } },
    },
    createdAt: dateTime,
    updatedAt: dateTime,
  },
} as const;

// Request types derived from the schemas above (adapters/kernel/request-types.ts).
export type V2PlanBody = RequestOf<typeof planInput>;
export type V2PlanTierBody = V2PlanBody['tiers'][number];
export type V2PlanItemBody = V2PlanTierBody['items'][number];
