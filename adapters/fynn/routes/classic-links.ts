// Classic checkout links: POST/GET/PUT/DELETE /checkout-links and the hydra collection.
import {
  FynnClassicCreateLinkDocument,
  FynnClassicDeleteLinkDocument,
  FynnClassicGetLinkDocument,
  FynnClassicListLinksDocument,
  FynnClassicUpdateLinkDocument,
} from '../../../src/generated/operations.ts';
import { type RouteInput, route } from '../../kernel/dialect.ts';
import { GatewayError, returned } from '../../kernel/errors.ts';
import { type ClassicLinkBody, toCreateClassicLinkInput, toUpdateClassicLinkInput } from '../mappers/classic-link.ts';
import { toClassicLink } from '../mappers/classic-link-response.ts';
import { classicCollection, classicCollectionQuery, classicLink, classicLinkInput } from '../schemas/classic-links.ts';
import { idParams } from '../schemas/common.ts';
import { hydraCollection } from '../mappers/hydra.ts';
import { PERMISSIONS } from './permissions.ts';

const tags = ['Checkout Link'];
const MAX_PAGE_SIZE = 100;
export const linkNotFound = (): GatewayError => new GatewayError('NOT_FOUND', 'CHECKOUT_LINK__NOT_FOUND', 'Not Found');

/** A link id of the path that the core answers NOT_FOUND for becomes the classic 404. */
const asLinkNotFound = (error: GatewayError): GatewayError =>
  error.code === 'NOT_FOUND' && error.violations.every((v) => v.path.length === 0 || v.path[0] === 'id') ? linkNotFound() : error;

type ById<TBody = unknown> = RouteInput<TBody, { id: string }>;

export const classicLinkRoutes = [
  route({
    method: 'POST',
    path: '/checkout-links',
    scope: PERMISSIONS['checkout-link:write'],
    status: 201,
    schema: {
      tags,
      summary: 'Create a checkout link',
      operationId: 'createCheckoutLink',
      description: 'Required permissions: checkout-link:write',
      body: classicLinkInput,
      response: { 201: classicLink },
    },
    document: FynnClassicCreateLinkDocument,
    variables: ({ body }: RouteInput<ClassicLinkBody | undefined>) => ({ input: toCreateClassicLinkInput(body ?? {}) }),
    pick: (d) => d.createCheckoutLink,
    respond: (p) => toClassicLink(returned(p.checkoutLink, 'checkout link')),
  }),
  route({
    method: 'GET',
    path: '/checkout-links',
    scope: PERMISSIONS['checkout-link:read'],
    schema: {
      tags,
      summary: 'List checkout links',
      operationId: 'listCheckoutLinks',
      description: 'Required permissions: checkout-link:read',
      querystring: classicCollectionQuery,
      response: { 200: classicCollection },
    },
    document: FynnClassicListLinksDocument,
    variables: ({ query }: RouteInput<unknown, Record<string, string>, { page: number; itemsPerPage: number }>) => {
      const size = Math.min(query.itemsPerPage, MAX_PAGE_SIZE);
      return { first: size, offset: (query.page - 1) * size };
    },
    pick: (d) => d.checkoutLinks,
    respond: (links, { query }) => hydraCollection('/checkout-links', links.nodes.map(toClassicLink), links.totalCount, query),
  }),
  route({
    method: 'GET',
    path: '/checkout-links/:id',
    scope: PERMISSIONS['checkout-link:read'],
    schema: {
      tags,
      summary: 'Get a checkout link',
      operationId: 'getCheckoutLink',
      description: 'Required permissions: checkout-link:read',
      params: idParams,
      response: { 200: classicLink },
    },
    document: FynnClassicGetLinkDocument,
    variables: ({ params }: ById) => ({ id: params.id }),
    pick: (d) => d.checkoutLink,
    missing: linkNotFound,
    respond: toClassicLink,
  }),
  route({
    method: 'PUT',
    path: '/checkout-links/:id',
    scope: PERMISSIONS['checkout-link:write'],
    schema: {
      tags,
      summary: 'Update a checkout link',
      operationId: 'updateCheckoutLink',
      description: 'Required permissions: checkout-link:write. Fields left out stay as they are; items replace every item.',
      params: idParams,
      body: classicLinkInput,
      response: { 200: classicLink },
    },
    document: FynnClassicUpdateLinkDocument,
    variables: ({ params, body }: ById<ClassicLinkBody | undefined>) => ({ id: params.id, input: toUpdateClassicLinkInput(body ?? {}) }),
    pick: (d) => d.updateCheckoutLink,
    missing: linkNotFound,
    refine: asLinkNotFound,
    respond: (p) =>
      toClassicLink(
        p.checkoutLink ??
          (() => {
            throw linkNotFound();
          })(),
      ),
  }),
  route({
    method: 'DELETE',
    path: '/checkout-links/:id',
    scope: PERMISSIONS['checkout-link:write'],
    status: 204,
    schema: {
      tags,
      summary: 'Delete a checkout link',
      operationId: 'deleteCheckoutLink',
      description: 'Required permissions: checkout-link:write',
      params: idParams,
      response: { 204: { type: 'null' } },
    },
    document: FynnClassicDeleteLinkDocument,
    variables: ({ params }: ById) => ({ id: params.id }),
    pick: (d) => d.deleteCheckoutLink,
    missing: linkNotFound,
    refine: asLinkNotFound,
    respond: () => undefined,
  }),
];
