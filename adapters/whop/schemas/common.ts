// JSON-schema building blocks every Whop route shares. Schemas validate requests (400 in Whop's
// shape) and feed the OpenAPI 3.1 document. Unknown body fields are ignored, as Whop does.
import { INT_MAX } from '../../../src/contract/limits.ts';
export const str = { type: ['string', 'null'] } as const;
export const int = { type: ['integer', 'null'] } as const;
/** GraphQL's Int (32-bit signed): every integer of a request ends in one, so the schema bounds it first. */
export { INT_MAX };
export const num = { type: ['number', 'null'], minimum: 0 } as const;
export const bool = { type: ['boolean', 'null'] } as const;
export const obj = { type: ['object', 'null'], additionalProperties: true } as const;
export const enumOf = <const T extends readonly string[]>(values: T) =>
  ({ type: ['string', 'null'], enum: [...values, null] as readonly [...T, null] }) as const;
export const timestamp = { type: ['string', 'integer'], description: 'ISO 8601 from 2026-07-08-1; unix seconds before.' } as const;

export const paymentMethodConfiguration = {
  type: ['object', 'null'],
  properties: {
    enabled: { type: 'array', items: { type: 'string' } },
    disabled: { type: 'array', items: { type: 'string' } },
    include_platform_defaults: { type: 'boolean' },
  },
} as const;

export const idParams = (description: string) => ({ type: 'object', required: ['id'], properties: { id: { type: 'string', description } } }) as const;

export const pageQuery = {
  account_id: { type: 'string' },
  company_id: { type: 'string' },
  first: { type: 'integer', minimum: 1, description: 'Page size: default 25, at most 100.' },
  after: { type: 'string' },
  before: { type: 'string' },
  direction: { type: 'string', enum: ['asc', 'desc'] },
  order: { type: 'string', enum: ['created_at'] },
  created_after: { type: 'string', description: 'Unix seconds or ISO 8601.' },
  created_before: { type: 'string', description: 'Unix seconds or ISO 8601.' },
} as const;

export const pageResponse = (item: object) =>
  ({
    type: 'object',
    properties: {
      data: { type: 'array', items: item },
      page_info: {
        type: 'object',
        properties: { end_cursor: str, start_cursor: str, has_next_page: { type: 'boolean' }, has_previous_page: { type: 'boolean' } },
      },
    },
  }) as const;

export const deletedResponse = { type: 'object', properties: { id: { type: 'string' }, deleted: { type: 'boolean' } } } as const;
export const trueResponse = { type: 'boolean' } as const;
