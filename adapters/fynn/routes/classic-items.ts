// Classic GET /checkout-link-items/{id}.
import type { FastifyInstance } from 'fastify';
import { FynnClassicLineItemDocument } from '../../../src/generated/operations.ts';
import type { GatewayCore } from '../../kernel/core.ts';
import { GatewayError, unwrap } from '../../kernel/errors.ts';
import { runOperation } from '../../kernel/execute.ts';
import { requireCaller } from '../../kernel/http.ts';
import { toCheckoutLinkItem } from '../mappers/classic-item.ts';
import { idParams } from '../schemas/common.ts';
import { checkoutLinkItem } from '../schemas/classic-item.ts';

export function classicItemRoutes(core: GatewayCore) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: { id: string } }>('/checkout-link-items/:id', {
      config: { fynnPermission: 'checkout-link:read' },
      schema: {
        tags: ['Checkout Link'], summary: 'Get a checkout link item', operationId: 'getCheckoutLinkItem',
        description: 'Required permissions: checkout-link:read', params: idParams, response: { 200: checkoutLinkItem },
      },
    }, async (request) => {
      const principal = await requireCaller(core, request);
      const result = await runOperation(core, request, FynnClassicLineItemDocument, { id: request.params.id });
      const item = unwrap(result, (d: NonNullable<typeof result.data>) => ({ item: d.lineItem })).item;
      if (!item) throw new GatewayError('NOT_FOUND', 'CHECKOUT_LINK_ITEM__NOT_FOUND', 'Not Found');
      return toCheckoutLinkItem(item, principal.organisationId);
    });
  };
}
