// Classic checkout links: POST/GET/PUT/DELETE /checkout-links and the hydra collection.
import type { FastifyInstance } from 'fastify';
import {
  FynnClassicCreateLinkDocument, FynnClassicDeleteLinkDocument, FynnClassicGetLinkDocument,
  FynnClassicListLinksDocument, FynnClassicUpdateLinkDocument,
} from '../../../src/generated/operations.ts';
import type { GatewayCore } from '../../kernel/core.ts';
import { GatewayError, unwrap } from '../../kernel/errors.ts';
import { runOperation } from '../../kernel/execute.ts';
import { toCreateClassicLinkInput, toUpdateClassicLinkInput, type ClassicLinkBody } from '../mappers/classic-link.ts';
import { toClassicLink } from '../mappers/classic-link-response.ts';
import { classicCollection, classicCollectionQuery, classicLink, classicLinkInput } from '../schemas/classic-links.ts';
import { idParams } from '../schemas/common.ts';

const tags = ['Checkout Link'];
const MAX_PAGE_SIZE = 100;
export const linkNotFound = (): GatewayError => new GatewayError('NOT_FOUND', 'CHECKOUT_LINK__NOT_FOUND', 'Not Found');

/** A link id of the path that the core answers NOT_FOUND for becomes the classic 404. */
const asLinkNotFound = (error: unknown): never => {
  if (error instanceof GatewayError && error.code === 'NOT_FOUND' && error.violations.every((v) => v.path.length === 0 || v.path[0] === 'id')) throw linkNotFound();
  throw error;
};

export function classicLinkRoutes(core: GatewayCore) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Body: ClassicLinkBody }>('/checkout-links', {
      config: { fynnPermission: 'checkout-link:write' },
      schema: {
        tags, summary: 'Create a checkout link', operationId: 'createCheckoutLink',
        description: 'Required permissions: checkout-link:write', body: classicLinkInput, response: { 201: classicLink },
      },
    }, async (request, reply) => {
      const result = await runOperation(core, request, FynnClassicCreateLinkDocument, { input: toCreateClassicLinkInput(request.body ?? {}) });
      const link = unwrap(result, (d: NonNullable<typeof result.data>) => d.createCheckoutLink).checkoutLink;
      if (!link) throw new GatewayError('INTERNAL', 'INTERNAL', 'The link was not returned.');
      return reply.status(201).send(toClassicLink(link));
    });

    app.get<{ Querystring: { page: number; itemsPerPage: number } }>('/checkout-links', {
      config: { fynnPermission: 'checkout-link:read' },
      schema: {
        tags, summary: 'List checkout links', operationId: 'listCheckoutLinks',
        description: 'Required permissions: checkout-link:read', querystring: classicCollectionQuery, response: { 200: classicCollection },
      },
    }, async (request) => {
      const size = Math.min(request.query.itemsPerPage, MAX_PAGE_SIZE);
      const offset = (request.query.page - 1) * size;
      const result = await runOperation(core, request, FynnClassicListLinksDocument, { first: size, offset });
      const links = unwrap(result, (d: NonNullable<typeof result.data>) => d.checkoutLinks);
      return { 'hydra:member': links.nodes.map(toClassicLink), 'hydra:totalItems': links.totalCount };
    });

    app.get<{ Params: { id: string } }>('/checkout-links/:id', {
      config: { fynnPermission: 'checkout-link:read' },
      schema: { tags, summary: 'Get a checkout link', operationId: 'getCheckoutLink', description: 'Required permissions: checkout-link:read', params: idParams, response: { 200: classicLink } },
    }, async (request) => {
      const result = await runOperation(core, request, FynnClassicGetLinkDocument, { id: request.params.id });
      const link = unwrap(result, (d: NonNullable<typeof result.data>) => ({ link: d.checkoutLink })).link;
      if (!link) throw linkNotFound();
      return toClassicLink(link);
    });

    app.put<{ Params: { id: string }; Body: ClassicLinkBody }>('/checkout-links/:id', {
      config: { fynnPermission: 'checkout-link:write' },
      schema: {
        tags, summary: 'Update a checkout link', operationId: 'updateCheckoutLink',
        description: 'Required permissions: checkout-link:write. Fields left out stay as they are; items replace every item.',
        params: idParams, body: classicLinkInput, response: { 200: classicLink },
      },
    }, async (request) => {
      const input = toUpdateClassicLinkInput(request.body ?? {});
      const result = await runOperation(core, request, FynnClassicUpdateLinkDocument, { id: request.params.id, input });
      const link = (() => {
        try {
          return unwrap(result, (d: NonNullable<typeof result.data>) => d.updateCheckoutLink).checkoutLink;
        } catch (error) {
          return asLinkNotFound(error);
        }
      })();
      if (!link) throw linkNotFound();
      return toClassicLink(link);
    });

    app.delete<{ Params: { id: string } }>('/checkout-links/:id', {
      config: { fynnPermission: 'checkout-link:write' },
      schema: { tags, summary: 'Delete a checkout link', operationId: 'deleteCheckoutLink', description: 'Required permissions: checkout-link:write', params: idParams, response: { 204: { type: 'null' } } },
    }, async (request, reply) => {
      const result = await runOperation(core, request, FynnClassicDeleteLinkDocument, { id: request.params.id });
      try {
        unwrap(result, (d: NonNullable<typeof result.data>) => d.deleteCheckoutLink);
      } catch (error) {
        asLinkNotFound(error);
      }
      return reply.status(204).send();
    });
  };
}
