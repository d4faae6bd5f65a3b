// /v1/checkout_links: create, list, retrieve, update (active=false switches a link off), and
// the line item sub-list.
import {
  LeanRailsCreateLinkDocument,
  LeanRailsLinkDocument,
  LeanRailsLinkLineItemsDocument,
  LeanRailsLinksDocument,
  LeanRailsUpdateLinkDocument,
} from '../../../src/generated/operations.ts';
import { type RouteContext, type RouteInput, route } from '../../kernel/dialect.ts';
import { GatewayError, returned } from '../../kernel/errors.ts';
import { missing } from '../errors.ts';
import { ids } from '../ids.ts';
import { type LinkCreateBody, type LinkEditableBody, linkCreateInput, linkObject, linkUpdateInput } from '../mappers/checkout-link.ts';
import { lineItemObject } from '../mappers/line-item.ts';
import { type ListQuery, listBody, pageArgs } from '../../kernel/stripe/list.ts';
import { lineItemListQuery, lineItemObjectSchema, linkCreateBody, linkListQuery, linkObjectSchema, linkUpdateBody } from '../schemas/checkout-link.ts';
import { errorResponse, idParams, listResponse, postHeaders } from '../schemas/common.ts';

const tags = ['checkout_links'];
const responses = { 200: linkObjectSchema, '4xx': errorResponse };
const object = { object: 'checkout_link' };
type ById<TQuery = Record<string, unknown>> = RouteInput<unknown, { id: string }, TQuery>;

/** The link of the path: an id of another kind or an unknown one is resource_missing. */
const linkId = ({ params }: { params: { id: string } }): string => ids.link.decode(params.id) ?? (() => { throw missing('checkout_link', params.id); })();
const notFound = ({ params }: { params: { id: string } }) => missing('checkout_link', params.id);

export const checkoutLinkRoutes = [
  route({
    method: 'POST', path: '/v1/checkout_links', scope: 'checkout-link:write', versionContext: object,
    schema: { tags, summary: 'Create a checkout link', headers: postHeaders, body: linkCreateBody, response: responses },
    document: LeanRailsCreateLinkDocument,
    variables: ({ body }: RouteInput<LinkCreateBody>) => ({ input: linkCreateInput(body) }),
    pick: (d) => d.createCheckoutLink,
    respond: (p) => linkObject(returned(p.checkoutLink, 'checkout link')),
  }),
  route({
    method: 'GET', path: '/v1/checkout_links', scope: 'checkout-link:read', versionContext: { object: 'list' },
    schema: { tags, summary: 'List checkout links', querystring: linkListQuery, response: { 200: listResponse(linkObjectSchema), '4xx': errorResponse } },
    document: LeanRailsLinksDocument,
    variables: ({ query }: RouteInput<unknown, Record<string, string>, ListQuery & { active?: boolean }>) => ({
      ...pageArgs(query, ids.link),
      filter: { source: 'ITEMS' as const, ...(query.active === undefined ? {} : { active: query.active }) },
    }),
    pick: (d) => d.checkoutLinks,
    respond: (page, { query }) => listBody('/v1/checkout_links', page.nodes.map(linkObject), page.pageInfo, pageArgs(query, ids.link)),
  }),
  route({
    method: 'GET', path: '/v1/checkout_links/:id', scope: 'checkout-link:read', versionContext: object,
    schema: { tags, summary: 'Retrieve a checkout link', params: idParams, response: responses },
    document: LeanRailsLinkDocument,
    variables: (input: ById) => ({ id: linkId(input) }),
    pick: (d) => d.checkoutLink,
    missing: notFound,
    respond: linkObject,
  }),
  route({
    method: 'POST', path: '/v1/checkout_links/:id', scope: 'checkout-link:write', versionContext: object,
    schema: { tags, summary: 'Update a checkout link', headers: postHeaders, params: idParams, body: linkUpdateBody, response: responses },
    missing: notFound,
    // Stripe merges metadata keys: the core merges the patch in the update's transaction.
    handle: async (ctx: RouteContext<LinkEditableBody, { id: string }>) => {
      const updated = await ctx
        .unwrap(LeanRailsUpdateLinkDocument, { id: linkId(ctx), input: linkUpdateInput(ctx.body) }, (d) => d.updateCheckoutLink)
        .catch((error: unknown) => { throw error instanceof GatewayError && error.reason === 'CHECKOUT_LINK__NOT_FOUND' ? notFound(ctx) : error; });
      return linkObject(returned(updated.checkoutLink, 'checkout link'));
    },
  }),
  route({
    method: 'GET', path: '/v1/checkout_links/:id/line_items', scope: 'checkout-link:read', versionContext: { object: 'list' },
    schema: { tags, summary: 'List the line items of a checkout link', params: idParams, querystring: lineItemListQuery, response: { 200: listResponse(lineItemObjectSchema), '4xx': errorResponse } },
    document: LeanRailsLinkLineItemsDocument,
    variables: (input: ById<ListQuery>) => ({ id: linkId(input), ...pageArgs(input.query, ids.lineItem) }),
    // The link decides "missing"; its line items are then a list like any other.
    pick: (d) => (d.checkoutLink ? d.lineItems : null),
    missing: notFound,
    respond: (page, { params, query }: ById<ListQuery>) =>
      listBody(`/v1/checkout_links/${params.id}/line_items`, page.nodes.map(lineItemObject), page.pageInfo, pageArgs(query, ids.lineItem)),
  }),
];
