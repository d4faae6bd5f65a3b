// JSON-schema building blocks every Fynn route shares (request and response).
import { INT_MAX } from '../../../src/contract/limits.ts';

export const SLUG_PATTERN = '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$';

export const uuid = { type: 'string', format: 'uuid' } as const;
export const nullableString = { type: ['string', 'null'] } as const;
export const dateTime = { type: 'string', format: 'date-time' } as const;

/** GraphQL's Int (32-bit signed): every integer a request sends ends in one, so the schema bounds it first. */
export { INT_MAX };
export const INT_MIN = -2_147_483_648;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', description: 'The UUID of the resource.' } },
} as const;
