// Classic GET /checkout-link-items/{id}.
import { FynnClassicLineItemDocument } from '../../../src/generated/operations.ts';
import { type RouteInput, route } from '../../kernel/dialect.ts';
import { GatewayError } from '../../kernel/errors.ts';
import { toClassicLinkItem } from '../mappers/classic-item.ts';
import { checkoutLinkItem } from '../schemas/classic-item.ts';
import { idParams } from '../schemas/common.ts';
import { PERMISSIONS } from './permissions.ts';

export const classicItemRoutes = [
  route({
    method: 'GET',
    path: '/checkout-link-items/:id',
    scope: PERMISSIONS['checkout-link:read'],
    schema: {
      tags: ['Checkout Link'],
      summary: 'Get a checkout link item',
      operationId: 'getCheckoutLinkItem',
      description: 'Required permissions: checkout-link:read',
      params: idParams,
      response: { 200: checkoutLinkItem },
    },
    document: FynnClassicLineItemDocument,
    variables: ({ params }: RouteInput<unknown, { id: string }>) => ({ id: params.id }),
    pick: (d) => d.lineItem,
    missing: () => new GatewayError('NOT_FOUND', 'CHECKOUT_LINK_ITEM__NOT_FOUND', 'Not Found'),
    respond: (item, { principal }) => toClassicLinkItem(item, principal?.organisationId ?? ''),
  }),
];
