// Classic POST /checkout-links/{id}/cart: a cart (open checkout session) from a link.
import { FynnClassicCreateCartDocument } from '../../../src/generated/operations.ts';
import { type RouteInput, route } from '../../kernel/dialect.ts';
import { GatewayError } from '../../kernel/errors.ts';
import { cart, cartInput } from '../schemas/cart.ts';
import { idParams } from '../schemas/common.ts';
import { linkNotFound } from './classic-links.ts';
import { PERMISSIONS } from './permissions.ts';

interface CartBody {
  customerId?: string | null;
  /** Fynn's PHP clients send an empty list for "no metadata". */
  metadata?: unknown[] | Record<string, unknown> | null;
}

export const classicCartRoutes = [
  route({
    method: 'POST',
    path: '/checkout-links/:id/cart',
    scope: PERMISSIONS['cart:write'],
    status: 201,
    schema: {
      tags: ['Checkout Link'],
      summary: 'Create a cart from a checkout link',
      operationId: 'createCheckoutLinkCart',
      description: 'Required permissions: cart:write',
      params: idParams,
      body: cartInput,
      response: { 201: cart },
    },
    document: FynnClassicCreateCartDocument,
    variables: ({ params, body }: RouteInput<CartBody | undefined, { id: string }>) => {
      const metadata = body?.metadata && !Array.isArray(body.metadata) ? body.metadata : {};
      return { input: { checkoutLinkId: params.id, customerId: body?.customerId ?? null, metadata } };
    },
    pick: (d) => d.createCart,
    // Any NOT_FOUND but one of the metadata is the link of the path.
    refine: (error) => (error.code === 'NOT_FOUND' && error.violations.every((v) => v.path[0] !== 'metadata') ? linkNotFound() : error),
    respond: (made) => {
      if (!made.checkoutSession || !made.url)
        throw new GatewayError('INTERNAL', 'INTERNAL', 'Internal server error.', [], undefined, new Error('the cart was not returned'));
      return { cartId: made.checkoutSession.id, customerId: made.checkoutSession.customerId ?? null, url: made.url };
    },
  }),
];
