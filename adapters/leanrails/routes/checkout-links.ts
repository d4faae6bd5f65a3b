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
import { returned } from '../../kernel/errors.ts';
import qs from 'qs';
import { missingAs } from '../mappers/common.ts';
import { missing } from '../errors.ts';
import { ids } from '../ids.ts';
import {
  type LinkCreateBody,
  type LinkEditableBody,
  toCreateCheckoutLinkInput,
  toLeanRailsCheckoutLink,
  toUpdateCheckoutLinkInput,
} from '../mappers/checkout-link.ts';
import { expansions } from '../mappers/expand.ts';
import { toLeanRailsLineItem } from '../mappers/line-item.ts';
import { type ListQuery, listBody, pageArgs } from '../../kernel/stripe/list.ts';
import {
  lineItemListQuery,
  lineItemObjectSchema,
  linkCreateBody,
  linkListQuery,
  linkObjectSchema,
  linkRetrieveQuery,
  linkUpdateBody,
  type LinkListQuery,
  type LinkRetrieveQuery,
} from '../schemas/checkout-link.ts';
import { errorResponse, idParams, listResponse, postHeaders } from '../schemas/common.ts';

const tags = ['checkout_links'];
const responses = { 200: linkObjectSchema, '4xx': errorResponse };
const object = { object: 'checkout_link' };
type ById<TQuery = Record<string, unknown>> = RouteInput<unknown, { id: string }, TQuery>;
type Expand = LinkRetrieveQuery;

/** expand[]=line_items on one link (GET query or POST body); anything else is refused. */
const itemsOf = (e: Expand | undefined) => ({ expandLineItems: expansions(e?.expand, ['line_items']).has('line_items') });
/** expand[]=data.line_items on a list of links. */
const listItemsOf = (e: Expand) => ({ expandLineItems: expansions(e.expand, ['data.line_items']).has('data.line_items') });
/** expand[]=a&expand[]=b, expand[0]=a (stripe-node) or expand=a: an array either way. */
const queryParser = (search: string) => qs.parse(search, { ignoreQueryPrefix: true, depth: 1, arrayLimit: 10, parameterLimit: 100 }) as Record<string, unknown>;

/** The link of the path: an id of another kind or an unknown one is resource_missing. */
const linkId = ({ params }: { params: { id: string } }): string =>
  ids.link.decode(params.id) ??
  (() => {
    throw missing('checkout_link', params.id);
  })();
const notFound = ({ params }: { params: { id: string } }) => missing('checkout_link', params.id);

export const checkoutLinkRoutes = [
  route({
    method: 'POST',
    path: '/v1/checkout_links',
    scope: 'checkout-link:write',
    versionContext: object,
    schema: { tags, summary: 'Create a checkout link', headers: postHeaders, body: linkCreateBody, response: responses },
    document: LeanRailsCreateLinkDocument,
    variables: ({ body }: RouteInput<LinkCreateBody & Expand>) => ({ input: toCreateCheckoutLinkInput(body), ...itemsOf(body) }),
    pick: (d) => d.createCheckoutLink,
    respond: (p) => toLeanRailsCheckoutLink(returned(p.checkoutLink, 'checkout link')),
  }),
  route({
    method: 'GET',
    path: '/v1/checkout_links',
    scope: 'checkout-link:read',
    versionContext: { object: 'list' },
    schema: { tags, summary: 'List checkout links', querystring: linkListQuery, response: { 200: listResponse(linkObjectSchema), '4xx': errorResponse } },
    queryParser,
    document: LeanRailsLinksDocument,
    variables: ({ query }: RouteInput<unknown, Record<string, string>, LinkListQuery>) => ({
      ...pageArgs(query, ids.link),
      ...listItemsOf(query),
      filter: { source: 'ITEMS' as const, ...(query.active === undefined ? {} : { active: query.active }) },
    }),
    pick: (d) => d.checkoutLinks,
    respond: (page, { query }) => listBody('/v1/checkout_links', page.nodes.map(toLeanRailsCheckoutLink), page.pageInfo, pageArgs(query, ids.link)),
  }),
  route({
    method: 'GET',
    path: '/v1/checkout_links/:id',
    scope: 'checkout-link:read',
    versionContext: object,
    schema: { tags, summary: 'Retrieve a checkout link', params: idParams, querystring: linkRetrieveQuery, response: responses },
    queryParser,
    document: LeanRailsLinkDocument,
    variables: (input: ById<Expand>) => ({ id: linkId(input), ...itemsOf(input.query) }),
    pick: (d) => d.checkoutLink,
    missing: notFound,
    respond: toLeanRailsCheckoutLink,
  }),
  route({
    method: 'POST',
    path: '/v1/checkout_links/:id',
    scope: 'checkout-link:write',
    versionContext: object,
    schema: { tags, summary: 'Update a checkout link', headers: postHeaders, params: idParams, body: linkUpdateBody, response: responses },
    missing: notFound,
    // Stripe merges metadata keys: the core merges the patch in the update's transaction.
    handle: async (ctx: RouteContext<LinkEditableBody & Expand, { id: string }>) => {
      const expand = itemsOf(ctx.body);
      const updated = await ctx
        .unwrap(LeanRailsUpdateLinkDocument, { id: linkId(ctx), input: toUpdateCheckoutLinkInput(ctx.body), ...expand }, (d) => d.updateCheckoutLink)
        .catch(missingAs('CHECKOUT_LINK__NOT_FOUND', () => notFound(ctx)));
      return toLeanRailsCheckoutLink(returned(updated.checkoutLink, 'checkout link'));
    },
  }),
  route({
    method: 'GET',
    path: '/v1/checkout_links/:id/line_items',
    scope: 'checkout-link:read',
    versionContext: { object: 'list' },
    schema: {
      tags,
      summary: 'List the line items of a checkout link',
      params: idParams,
      querystring: lineItemListQuery,
      response: { 200: listResponse(lineItemObjectSchema), '4xx': errorResponse },
    },
    document: LeanRailsLinkLineItemsDocument,
    variables: (input: ById<ListQuery>) => ({ id: linkId(input), ...pageArgs(input.query, ids.lineItem) }),
    // The link decides "missing"; its line items are then a list like any other.
    pick: (d) => (d.checkoutLink ? d.lineItems : null),
    missing: notFound,
    respond: (page, { params, query }: ById<ListQuery>) =>
      listBody(`/v1/checkout_links/${params.id}/line_items`, page.nodes.map(toLeanRailsLineItem), page.pageInfo, pageArgs(query, ids.lineItem)),
  }),
];
