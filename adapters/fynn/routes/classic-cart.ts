// Classic POST /checkout-links/{id}/cart: a cart (open checkout session) from a link.
import type { FastifyInstance } from 'fastify';
import { FynnClassicCreateCartDocument } from '../../../src/generated/operations.ts';
import type { GatewayCore } from '../../kernel/core.ts';
import { GatewayError, unwrap } from '../../kernel/errors.ts';
import { runOperation } from '../../kernel/execute.ts';
import { linkNotFound } from './classic-links.ts';
import { cart, cartInput } from '../schemas/cart.ts';
import { idParams } from '../schemas/common.ts';

interface CartBody {
  customerId?: string | null;
  /** Fynn's PHP clients send an empty list for "no metadata". */
  metadata?: unknown[] | Record<string, unknown> | null;
}

export function classicCartRoutes(core: GatewayCore) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Params: { id: string }; Body: CartBody | undefined }>('/checkout-links/:id/cart', {
      config: { fynnPermission: 'cart:write' },
      schema: {
        tags: ['Checkout Link'], summary: 'Create a cart from a checkout link', operationId: 'createCheckoutLinkCart',
        description: 'Required permissions: cart:write', params: idParams, body: cartInput, response: { 201: cart },
      },
    }, async (request, reply) => {
      const body = request.body ?? {};
      const metadata = body.metadata && !Array.isArray(body.metadata) ? body.metadata : {};
      const result = await runOperation(core, request, FynnClassicCreateCartDocument, {
        input: { checkoutLinkId: request.params.id, customerId: body.customerId ?? null, metadata },
      });
      let made;
      try {
        made = unwrap(result, (d: NonNullable<typeof result.data>) => d.createCart);
      } catch (error) {
        if (error instanceof GatewayError && error.code === 'NOT_FOUND' && error.violations.every((v) => v.path[0] !== 'metadata')) throw linkNotFound();
        throw error;
      }
      if (!made.checkoutSession || !made.url) throw new GatewayError('INTERNAL', 'INTERNAL', 'The cart was not returned.');
      return reply.status(201).send({ cartId: made.checkoutSession.id, customerId: made.checkoutSession.customerId ?? null, url: made.url });
    });
  };
}
