// /v1/products: create, list, retrieve, update.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  LeanRailsCreateProductDocument,
  LeanRailsProductDocument,
  LeanRailsProductsDocument,
  LeanRailsUpdateProductDocument,
} from '../../../src/generated/operations.ts';
import type { GatewayCore } from '../../kernel/core.ts';
import { runOperation } from '../../kernel/execute.ts';
import { missing } from '../errors.ts';
import { found, mutated, unwrapped } from './found.ts';
import { idempotentPost } from './idempotent-post.ts';
import { ids } from '../ids.ts';
import { listBody, pageArgs, type ListQuery } from '../mappers/list.ts';
import { mergeMetadata } from '../mappers/common.ts';
import { productCreateInput, productObject, productUpdateInput, type ProductCreateBody, type ProductUpdateBody } from '../mappers/product.ts';
import { errorResponse, idParams, listResponse, postHeaders } from '../schemas/common.ts';
import { productCreateBody, productListQuery, productObjectSchema, productUpdateBody } from '../schemas/catalog.ts';
import { present } from '../versions.ts';

const responses = { 200: productObjectSchema, '4xx': errorResponse };

export function productRoutes(app: FastifyInstance, core: GatewayCore): void {
  const load = async (request: FastifyRequest, id: string) => {
    const uuid = ids.product.decode(id);
    if (!uuid) throw missing('product', id);
    return found(await runOperation(core, request, LeanRailsProductDocument, { id: uuid }), (d) => d.product, 'product', id);
  };

  app.post<{ Body: ProductCreateBody }>('/v1/products', {
    schema: { tags: ['products'], summary: 'Create a product', headers: postHeaders, body: productCreateBody, response: responses },
  }, (request, reply) =>
    idempotentPost(core, request, reply, async () => {
      const input = productCreateInput(request.body);
      const product = mutated(await runOperation(core, request, LeanRailsCreateProductDocument, { input }), (d) => d.createProduct, (p) => p.product);
      return { status: 200, body: present(request, productObject(product), 'product') };
    }),
  );

  app.get<{ Querystring: ListQuery & { active?: boolean } }>('/v1/products', {
    schema: { tags: ['products'], summary: 'List products', querystring: productListQuery, response: { 200: listResponse(productObjectSchema), '4xx': errorResponse } },
  }, async (request) => {
    const args = pageArgs(request.query, ids.product);
    const filter = request.query.active === undefined ? undefined : { active: request.query.active };
    const page = unwrapped(await runOperation(core, request, LeanRailsProductsDocument, { ...args, filter }), (d) => d.products);
    return present(request, listBody('/v1/products', page.nodes.map(productObject), page.pageInfo, args), 'list');
  });

  app.get<{ Params: { id: string } }>('/v1/products/:id', {
    schema: { tags: ['products'], summary: 'Retrieve a product', params: idParams, response: responses },
  }, async (request) => present(request, productObject(await load(request, request.params.id)), 'product'));

  app.post<{ Params: { id: string }; Body: ProductUpdateBody }>('/v1/products/:id', {
    schema: { tags: ['products'], summary: 'Update a product', headers: postHeaders, params: idParams, body: productUpdateBody, response: responses },
  }, (request, reply) =>
    idempotentPost(core, request, reply, async () => {
      const current = await load(request, request.params.id);
      const input = productUpdateInput(request.body, mergeMetadata(current.metadata, request.body.metadata));
      const product = mutated(await runOperation(core, request, LeanRailsUpdateProductDocument, { id: current.id, input }), (d) => d.updateProduct, (p) => p.product);
      return { status: 200, body: present(request, productObject(product), 'product') };
    }),
  );
}
