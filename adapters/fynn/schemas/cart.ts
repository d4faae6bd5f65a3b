// JSON schemas of the classic cart (POST /checkout-links/{id}/cart).
import { nullableString } from './common.ts';

export const cartInput = {
  type: ['object', 'null'],
  properties: { customerId: nullableString, metadata: { type: ['array', 'object', 'null'] } },
} as const;

export const cart = {
  type: 'object',
  properties: { cartId: { type: 'string' }, customerId: nullableString, url: { type: 'string', format: 'uri' } },
} as const;
