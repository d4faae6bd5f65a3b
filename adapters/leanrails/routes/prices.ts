// /v1/prices: create, list, retrieve, update.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  LeanRailsCreatePriceDocument,
  LeanRailsPriceDocument,
  LeanRailsPricesDocument,
  LeanRailsUpdatePriceDocument,
} from '../../../src/generated/operations.ts';
import type { GatewayCore } from '../../kernel/core.ts';
import { runOperation } from '../../kernel/execute.ts';
import { missing } from '../errors.ts';
import { found, mutated, unwrapped } from './found.ts';
import { idempotentPost } from './idempotent-post.ts';
import { ids } from '../ids.ts';
import { listBody, pageArgs, type ListQuery } from '../mappers/list.ts';
import { mergeMetadata } from '../mappers/common.ts';
import { priceCreateInput, priceObject, priceUpdateInput, type PriceCreateBody, type PriceUpdateBody } from '../mappers/price.ts';
import { errorResponse, idParams, listResponse, postHeaders } from '../schemas/common.ts';
import { priceCreateBody, priceListQuery, priceObjectSchema, priceUpdateBody } from '../schemas/catalog.ts';
import { present } from '../versions.ts';

const responses = { 200: priceObjectSchema, '4xx': errorResponse };

export function priceRoutes(app: FastifyInstance, core: GatewayCore): void {
  const load = async (request: FastifyRequest, id: string) => {
    const uuid = ids.price.decode(id);
    if (!uuid) throw missing('price', id);
    return found(await runOperation(core, request, LeanRailsPriceDocument, { id: uuid }), (d) => d.price, 'price', id);
  };

  app.post<{ Body: PriceCreateBody }>('/v1/prices', {
    schema: { tags: ['prices'], summary: 'Create a price', headers: postHeaders, body: priceCreateBody, response: responses },
  }, (request, reply) =>
    idempotentPost(core, request, reply, async () => {
      const input = priceCreateInput(request.body);
      const price = mutated(await runOperation(core, request, LeanRailsCreatePriceDocument, { input }), (d) => d.createPrice, (p) => p.price);
      return { status: 200, body: present(request, priceObject(price), 'price') };
    }),
  );

  app.get<{ Querystring: ListQuery & { active?: boolean; product?: string; currency?: string } }>('/v1/prices', {
    schema: { tags: ['prices'], summary: 'List prices', querystring: priceListQuery, response: { 200: listResponse(priceObjectSchema), '4xx': errorResponse } },
  }, async (request) => {
    const args = pageArgs(request.query, ids.price);
    const { active, product, currency } = request.query;
    const filter = {
      ...(active === undefined ? {} : { active }),
      // An unknown product id lists nothing (a UUID no row has).
      ...(product === undefined ? {} : { productId: ids.product.decode(product) ?? '00000000-0000-0000-0000-000000000000' }),
      ...(currency === undefined ? {} : { currency: currency.toUpperCase() }),
    };
    const page = unwrapped(await runOperation(core, request, LeanRailsPricesDocument, { ...args, filter }), (d) => d.prices);
    return present(request, listBody('/v1/prices', page.nodes.map(priceObject), page.pageInfo, args), 'list');
  });

  app.get<{ Params: { id: string } }>('/v1/prices/:id', {
    schema: { tags: ['prices'], summary: 'Retrieve a price', params: idParams, response: responses },
  }, async (request) => present(request, priceObject(await load(request, request.params.id)), 'price'));

  app.post<{ Params: { id: string }; Body: PriceUpdateBody }>('/v1/prices/:id', {
    schema: { tags: ['prices'], summary: 'Update a price', headers: postHeaders, params: idParams, body: priceUpdateBody, response: responses },
  }, (request, reply) =>
    idempotentPost(core, request, reply, async () => {
      const current = await load(request, request.params.id);
      const input = priceUpdateInput(request.body, mergeMetadata(current.metadata, request.body.metadata));
      const price = mutated(await runOperation(core, request, LeanRailsUpdatePriceDocument, { id: current.id, input }), (d) => d.updatePrice, (p) => p.price);
      return { status: 200, body: present(request, priceObject(price), 'price') };
    }),
  );
}
