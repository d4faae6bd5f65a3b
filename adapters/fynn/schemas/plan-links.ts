// JSON schemas of the V2 plan checkout links (Fynn's example: test/fixtures/vendor/fynn-v2-plan-checkout-links.openapi.txt).
import type { RequestOf } from '../../kernel/request-types.ts';
import { dateTime, SLUG_PATTERN, uuid } from './common.ts';

export const createPlanCheckoutLinkInput = {
  type: 'object',
  required: ['planTierId'],
  properties: {
    planTierId: { type: 'string', description: 'UUID of the tier the checkout link sells. Must belong to this plan.' },
    slug: {
      type: ['string', 'null'],
      minLength: 3,
      maxLength: 64,
      pattern: SLUG_PATTERN,
      description: 'Custom URL slug. When omitted a unique slug is generated.',
    },
    couponsAllowed: { type: 'boolean', default: false },
    isEnabled: { type: 'boolean', default: true },
    salesChannel: { type: ['string', 'null'], description: 'Sales channel as a UUID or as a technical name such as default.' },
  },
} as const;

export const planCheckoutLink = {
  type: 'object',
  properties: {
    id: uuid,
    slug: { type: 'string', example: 'pro-plan-pro' },
    planTierId: { type: 'string' },
    planTierName: { type: 'string', example: 'Pro' },
    couponsAllowed: { type: 'boolean' },
    isEnabled: { type: 'boolean' },
    url: { type: 'string', format: 'uri' },
    createdAt: dateTime,
    updatedAt: dateTime,
    salesChannel: {
      type: ['object', 'null'],
      properties: { id: { type: 'string' }, name: { type: 'string' }, brandName: { type: 'string' } },
    },
  },
} as const;

// Request types derived from the schemas above (adapters/kernel/request-types.ts).
export type V2LinkBody = RequestOf<typeof createPlanCheckoutLinkInput>;
