// POST/GET /products, GET/PATCH/DELETE /products/{id}.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  WhopCreateProductDocument, WhopDeleteProductDocument, WhopProductDocument, WhopProductsDocument, WhopUpdateProductDocument,
  type WhopProductFragment,
} from '../../../src/generated/operations.ts';
import type { GatewayCore } from '../../kernel/core.ts';
import { runOperation } from '../../kernel/execute.ts';
import { unwrap } from '../../kernel/errors.ts';
import { accountOf } from './account.ts';
import { notFound } from '../errors.ts';
import { found } from './found.ts';
import { productId } from '../ids.ts';
import { pageArgs, toWhopPage, type WhopListQuery } from '../mappers/list.ts';
import { toCreateProductInput, toUpdateProductInput, toWhopProduct, type WhopProductBody } from '../mappers/product.ts';
import { authed, checkOwner, idempotentPost, principalOf, sendJson } from './request.ts';
import { idParams, pageResponse, trueResponse } from '../schemas/common.ts';
import { productBody, productListQuery, productResponse } from '../schemas/products.ts';
import type { JsonObject } from '../versions.ts';

const TAGS = ['Products'];

async function present(core: GatewayCore, request: FastifyRequest, products: WhopProductFragment[]): Promise<JsonObject[]> {
  const org = await accountOf(core, request);
  return products.map((product) => toWhopProduct(product, org));
}

const uuidOf = (id: string): string => {
  const uuid = productId.decode(id);
  if (!uuid) throw notFound('Product');
  return uuid;
};

type ProductPayload = { product: WhopProductFragment | null };

export function productRoutes(instance: FastifyInstance, core: GatewayCore): void {
  instance.post<{ Body: WhopProductBody & { title: string } }>('/products', {
    onRequest: authed(core, 'product:write'),
    schema: { tags: TAGS, summary: 'Create a product', body: { ...productBody, required: ['title'] }, response: { 201: productResponse } },
  }, (request, reply) => idempotentPost(core, request, reply, async () => {
    const principal = await principalOf(core, request);
    await checkOwner(core, request, principal, request.body.account_id ?? request.body.company_id);
    const result = await runOperation(core, request, WhopCreateProductDocument, { input: toCreateProductInput(request.body) });
    const product = unwrap(result, (d: { createProduct: ProductPayload }) => d.createProduct).product as WhopProductFragment;
    return { status: 201, body: (await present(core, request, [product]))[0] };
  }));

  instance.get('/products', {
    onRequest: authed(core, 'product:read'),
    schema: { tags: TAGS, summary: 'List products', querystring: productListQuery, response: { 200: pageResponse(productResponse) } },
  }, async (request, reply) => {
    const principal = await principalOf(core, request);
    const query = request.query as WhopListQuery & JsonObject;
    await checkOwner(core, request, principal, query.account_id ?? query.company_id);
    const page = unwrap(await runOperation(core, request, WhopProductsDocument, { ...pageArgs(query) }), (d: { products: unknown }) => d.products) as {
      nodes: WhopProductFragment[];
      pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor?: string | null; endCursor?: string | null };
    };
    return sendJson(reply, 200, toWhopPage(await present(core, request, page.nodes), page.pageInfo));
  });

  instance.get<{ Params: { id: string } }>('/products/:id', {
    onRequest: authed(core, 'product:read'),
    schema: { tags: TAGS, summary: 'Retrieve a product', params: idParams('prod_ id'), response: { 200: productResponse } },
  }, async (request, reply) => {
    const product = found(await runOperation(core, request, WhopProductDocument, { id: uuidOf(request.params.id) }), (d: { product: WhopProductFragment | null }) => d.product, 'Product');
    return sendJson(reply, 200, (await present(core, request, [product]))[0]);
  });

  instance.patch<{ Params: { id: string }; Body: WhopProductBody }>('/products/:id', {
    onRequest: authed(core, 'product:write'),
    schema: { tags: TAGS, summary: 'Update a product', params: idParams('prod_ id'), body: productBody, response: { 200: productResponse } },
  }, async (request, reply) => {
    const result = await runOperation(core, request, WhopUpdateProductDocument, { id: uuidOf(request.params.id), input: toUpdateProductInput(request.body ?? {}) });
    const product = unwrap(result, (d: { updateProduct: ProductPayload }) => d.updateProduct).product as WhopProductFragment;
    return sendJson(reply, 200, (await present(core, request, [product]))[0]);
  });

  instance.delete<{ Params: { id: string } }>('/products/:id', {
    onRequest: authed(core, 'product:write'),
    schema: { tags: TAGS, summary: 'Delete a product', params: idParams('prod_ id'), response: { 200: trueResponse } },
  }, async (request, reply) => {
    found(await runOperation(core, request, WhopDeleteProductDocument, { id: uuidOf(request.params.id) }), (d: { deleteProduct: unknown }) => d.deleteProduct, 'Product');
    return sendJson(reply, 200, true);
  });
}
