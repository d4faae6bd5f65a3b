// JSON schemas of the products: body, list query, response.
import type { RequestOf } from '../../kernel/request-types.ts';
import { enumOf, obj, pageQuery, str } from './common.ts';

export const productBody = {
  type: 'object',
  properties: {
    account_id: str,
    company_id: str,
    title: { type: 'string', minLength: 1, maxLength: 80 },
    description: str,
    visibility: enumOf(['visible', 'hidden', 'archived', 'quick_link']),
    route: str,
    headline: str,
    metadata: obj,
  },
} as const;

export const productListQuery = { type: 'object', properties: pageQuery } as const;

export const productResponse = { type: 'object', additionalProperties: true, properties: { id: { type: 'string' }, title: { type: 'string' } } } as const;

// Request types derived from the schemas above (adapters/kernel/request-types.ts).
export type WhopProductBody = RequestOf<typeof productBody>;
