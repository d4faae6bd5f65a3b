// /v1/prices: create, list, retrieve, update.
import {
  LeanRailsCreatePriceDocument,
  LeanRailsPriceDocument,
  LeanRailsPricesDocument,
  LeanRailsUpdatePriceDocument,
} from '../../../src/generated/operations.ts';
import { type RouteContext, type RouteInput, route } from '../../kernel/dialect.ts';
import { returned } from '../../kernel/errors.ts';
import qs from 'qs';
import { missing } from '../errors.ts';
import { ids } from '../ids.ts';
import { missingAs } from '../mappers/common.ts';
import { listBody, pageArgs } from '../../kernel/stripe/list.ts';
import { type PriceCreateBody, type PriceUpdateBody, toCreatePriceInput, toLeanRailsPrice, toUpdatePriceInput } from '../mappers/price.ts';
import { type PriceListQuery, priceCreateBody, priceListQuery, priceObjectSchema, priceUpdateBody } from '../schemas/catalog.ts';
import { errorResponse, idParams, listResponse, postHeaders } from '../schemas/common.ts';

const tags = ['prices'];
const responses = { 200: priceObjectSchema, '4xx': errorResponse };
const object = { object: 'price' };
type ById = RouteInput<unknown, { id: string }>;

/** The price of the path: an id of another kind or an unknown one is resource_missing. */
const priceId = ({ params }: { params: { id: string } }): string =>
  ids.price.decode(params.id) ??
  (() => {
    throw missing('price', params.id);
  })();
const notFound = ({ params }: { params: { id: string } }) => missing('price', params.id);
/** An unknown product id lists nothing (a UUID no row has). */
const NO_ROW = '00000000-0000-0000-0000-000000000000';

export const priceRoutes = [
  route({
    method: 'POST',
    path: '/v1/prices',
    scope: 'price:write',
    versionContext: object,
    schema: { tags, summary: 'Create a price', headers: postHeaders, body: priceCreateBody, response: responses },
    document: LeanRailsCreatePriceDocument,
    variables: ({ body }: RouteInput<PriceCreateBody>) => ({ input: toCreatePriceInput(body) }),
    pick: (d) => d.createPrice,
    respond: (p) => toLeanRailsPrice(returned(p.price, 'price')),
  }),
  route({
    method: 'GET',
    path: '/v1/prices',
    scope: 'price:read',
    versionContext: { object: 'list' },
    schema: { tags, summary: 'List prices', querystring: priceListQuery, response: { 200: listResponse(priceObjectSchema), '4xx': errorResponse } },
    // lookup_keys[]=a&lookup_keys[]=b, or lookup_keys[0]=a as stripe-node sends it.
    queryParser: (search) => qs.parse(search, { ignoreQueryPrefix: true, depth: 1, arrayLimit: 10, parameterLimit: 100 }) as Record<string, unknown>,
    document: LeanRailsPricesDocument,
    variables: ({ query }: RouteInput<unknown, Record<string, string>, PriceListQuery>) => ({
      ...pageArgs(query, ids.price),
      filter: {
        ...(query.active === undefined ? {} : { active: query.active }),
        ...(query.product === undefined ? {} : { productId: ids.product.decode(query.product) ?? NO_ROW }),
        ...(query.currency === undefined ? {} : { currency: query.currency.toUpperCase() }),
        ...(query.type === undefined ? {} : { recurring: query.type === 'recurring' }),
        ...(query.lookup_keys === undefined ? {} : { lookupKeys: query.lookup_keys }),
      },
    }),
    pick: (d) => d.prices,
    respond: (page, { query }) => listBody('/v1/prices', page.nodes.map(toLeanRailsPrice), page.pageInfo, pageArgs(query, ids.price)),
  }),
  route({
    method: 'GET',
    path: '/v1/prices/:id',
    scope: 'price:read',
    versionContext: object,
    schema: { tags, summary: 'Retrieve a price', params: idParams, response: responses },
    document: LeanRailsPriceDocument,
    variables: (input: ById) => ({ id: priceId(input) }),
    pick: (d) => d.price,
    missing: notFound,
    respond: toLeanRailsPrice,
  }),
  route({
    method: 'POST',
    path: '/v1/prices/:id',
    scope: 'price:write',
    versionContext: object,
    schema: { tags, summary: 'Update a price', headers: postHeaders, params: idParams, body: priceUpdateBody, response: responses },
    missing: notFound,
    // Stripe merges metadata keys: the core merges the patch in the update's transaction.
    handle: async (ctx: RouteContext<PriceUpdateBody, { id: string }>) => {
      const updated = await ctx
        .unwrap(LeanRailsUpdatePriceDocument, { id: priceId(ctx), input: toUpdatePriceInput(ctx.body) }, (d) => d.updatePrice)
        .catch(missingAs('PRICE__NOT_FOUND', () => notFound(ctx)));
      return toLeanRailsPrice(returned(updated.price, 'price'));
    },
  }),
];
