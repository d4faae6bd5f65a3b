// /v1/checkout_links: create, list, retrieve, update (active=false switches a link off), and
// the line item sub-list.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  LeanRailsCreateLinkDocument,
  LeanRailsLinkDocument,
  LeanRailsLinkLineItemsDocument,
  LeanRailsLinksDocument,
  LeanRailsUpdateLinkDocument,
} from '../../../src/generated/operations.ts';
import type { GatewayCore } from '../../kernel/core.ts';
import { runOperation } from '../../kernel/execute.ts';
import { missing } from '../errors.ts';
import { found, mutated, unwrapped } from './found.ts';
import { idempotentPost } from './idempotent-post.ts';
import { ids } from '../ids.ts';
import { listBody, pageArgs, type ListQuery } from '../mappers/list.ts';
import { linkCreateInput, linkObject, linkUpdateInput, type LinkCreateBody, type LinkEditableBody } from '../mappers/checkout-link.ts';
import { mergeMetadata } from '../mappers/common.ts';
import { lineItemObject } from '../mappers/line-item.ts';
import { errorResponse, idParams, listResponse, postHeaders } from '../schemas/common.ts';
import { lineItemListQuery, lineItemObjectSchema, linkCreateBody, linkListQuery, linkObjectSchema, linkUpdateBody } from '../schemas/checkout-link.ts';
import { present } from '../versions.ts';

const responses = { 200: linkObjectSchema, '4xx': errorResponse };
const tags = ['checkout_links'];

export function checkoutLinkRoutes(app: FastifyInstance, core: GatewayCore): void {
  const decode = (id: string): string => {
    const uuid = ids.link.decode(id);
    if (!uuid) throw missing('checkout_link', id);
    return uuid;
  };
  const load = async (request: FastifyRequest, id: string) =>
    found(await runOperation(core, request, LeanRailsLinkDocument, { id: decode(id) }), (d) => d.checkoutLink, 'checkout_link', id);

  app.post<{ Body: LinkCreateBody }>('/v1/checkout_links', {
    schema: { tags, summary: 'Create a checkout link', headers: postHeaders, body: linkCreateBody, response: responses },
  }, (request, reply) =>
    idempotentPost(core, request, reply, async () => {
      const input = linkCreateInput(request.body);
      const link = mutated(await runOperation(core, request, LeanRailsCreateLinkDocument, { input }), (d) => d.createCheckoutLink, (p) => p.checkoutLink);
      return { status: 200, body: present(request, linkObject(link), 'checkout_link') };
    }),
  );

  app.get<{ Querystring: ListQuery & { active?: boolean } }>('/v1/checkout_links', {
    schema: { tags, summary: 'List checkout links', querystring: linkListQuery, response: { 200: listResponse(linkObjectSchema), '4xx': errorResponse } },
  }, async (request) => {
    const args = pageArgs(request.query, ids.link);
    const filter = { source: 'ITEMS' as const, ...(request.query.active === undefined ? {} : { active: request.query.active }) };
    const page = unwrapped(await runOperation(core, request, LeanRailsLinksDocument, { ...args, filter }), (d) => d.checkoutLinks);
    return present(request, listBody('/v1/checkout_links', page.nodes.map(linkObject), page.pageInfo, args), 'list');
  });

  app.get<{ Params: { id: string } }>('/v1/checkout_links/:id', {
    schema: { tags, summary: 'Retrieve a checkout link', params: idParams, response: responses },
  }, async (request) => present(request, linkObject(await load(request, request.params.id)), 'checkout_link'));

  app.post<{ Params: { id: string }; Body: LinkEditableBody }>('/v1/checkout_links/:id', {
    schema: { tags, summary: 'Update a checkout link', headers: postHeaders, params: idParams, body: linkUpdateBody, response: responses },
  }, (request, reply) =>
    idempotentPost(core, request, reply, async () => {
      const current = await load(request, request.params.id);
      const input = linkUpdateInput(request.body, mergeMetadata(current.metadata, request.body.metadata));
      const link = mutated(await runOperation(core, request, LeanRailsUpdateLinkDocument, { id: current.id, input }), (d) => d.updateCheckoutLink, (p) => p.checkoutLink);
      return { status: 200, body: present(request, linkObject(link), 'checkout_link') };
    }),
  );

  app.get<{ Params: { id: string }; Querystring: ListQuery }>('/v1/checkout_links/:id/line_items', {
    schema: { tags, summary: 'List the line items of a checkout link', params: idParams, querystring: lineItemListQuery, response: { 200: listResponse(lineItemObjectSchema), '4xx': errorResponse } },
  }, async (request) => {
    const id = request.params.id;
    const args = pageArgs(request.query, ids.lineItem);
    const result = await runOperation(core, request, LeanRailsLinkLineItemsDocument, { id: decode(id), ...args });
    found(result, (d) => d.checkoutLink, 'checkout_link', id);
    const page = unwrapped(result, (d) => d.lineItems);
    return present(request, listBody(`/v1/checkout_links/${id}/line_items`, page.nodes.map(lineItemObject), page.pageInfo, args), 'list');
  });
}
