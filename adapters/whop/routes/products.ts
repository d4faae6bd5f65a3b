// POST/GET /products, GET/PATCH/DELETE /products/{id}.
import {
  WhopCreateProductDocument,
  WhopDeleteProductDocument,
  WhopProductDocument,
  WhopProductsDocument,
  WhopUpdateProductDocument,
  type WhopProductFragment,
} from '../../../src/generated/operations.ts';
import { type RouteContext, route } from '../../kernel/dialect.ts';
import { returned } from '../../kernel/errors.ts';
import { notFound } from '../errors.ts';
import { productId } from '../ids.ts';
import { pageArgs, toWhopPage, type WhopListQuery } from '../mappers/list.ts';
import { toCreateProductInput, toUpdateProductInput, toWhopProduct, type WhopProductBody } from '../mappers/product.ts';
import { idParams, pageResponse, trueResponse } from '../schemas/common.ts';
import { productBody, productListQuery, productResponse } from '../schemas/products.ts';
import type { JsonObject } from '../versions.ts';
import { accountOf, found } from './found.ts';
import { checkOwner } from './owner.ts';

const TAGS = ['Products'];
type ById<TBody = unknown> = RouteContext<TBody, { id: string }>;

async function present(ctx: RouteContext<unknown, unknown, unknown>, products: WhopProductFragment[]): Promise<JsonObject[]> {
  const org = await accountOf(ctx);
  return products.map((product) => toWhopProduct(product, org));
}

const uuidOf = (id: string): string =>
  productId.decode(id) ??
  (() => {
    throw notFound('Product');
  })();

export const productRoutes = [
  route({
    method: 'POST',
    path: '/products',
    scope: 'product:write',
    status: 201,
    schema: { tags: TAGS, summary: 'Create a product', body: { ...productBody, required: ['title'] }, response: { 201: productResponse } },
    handle: async (ctx: RouteContext<WhopProductBody & { title: string }>) => {
      await checkOwner(ctx, ctx.body.account_id ?? ctx.body.company_id);
      const made = await ctx.unwrap(WhopCreateProductDocument, { input: toCreateProductInput(ctx.body) }, (d) => d.createProduct);
      return (await present(ctx, [returned(made.product, 'product')]))[0];
    },
  }),
  route({
    method: 'GET',
    path: '/products',
    scope: 'product:read',
    schema: { tags: TAGS, summary: 'List products', querystring: productListQuery, response: { 200: pageResponse(productResponse) } },
    handle: async (ctx: RouteContext<unknown, Record<string, string>, WhopListQuery & JsonObject>) => {
      await checkOwner(ctx, ctx.query.account_id ?? ctx.query.company_id);
      const page = await ctx.unwrap(WhopProductsDocument, { ...pageArgs(ctx.query) }, (d) => d.products);
      return toWhopPage(await present(ctx, page.nodes), page.pageInfo);
    },
  }),
  route({
    method: 'GET',
    path: '/products/:id',
    scope: 'product:read',
    schema: { tags: TAGS, summary: 'Retrieve a product', params: idParams('prod_ id'), response: { 200: productResponse } },
    handle: async (ctx: ById) => {
      const product = await found(ctx, WhopProductDocument, { id: uuidOf(ctx.params.id) }, (d) => d.product, 'Product');
      return (await present(ctx, [product]))[0];
    },
  }),
  route({
    method: 'PATCH',
    path: '/products/:id',
    scope: 'product:write',
    schema: { tags: TAGS, summary: 'Update a product', params: idParams('prod_ id'), body: productBody, response: { 200: productResponse } },
    handle: async (ctx: ById<WhopProductBody | undefined>) => {
      const updated = await ctx.unwrap(
        WhopUpdateProductDocument,
        { id: uuidOf(ctx.params.id), input: toUpdateProductInput(ctx.body ?? {}) },
        (d) => d.updateProduct,
      );
      return (await present(ctx, [returned(updated.product, 'product')]))[0];
    },
  }),
  route({
    method: 'DELETE',
    path: '/products/:id',
    scope: 'product:write',
    schema: { tags: TAGS, summary: 'Delete a product', params: idParams('prod_ id'), response: { 200: trueResponse } },
    handle: async (ctx: ById) => {
      await found(ctx, WhopDeleteProductDocument, { id: uuidOf(ctx.params.id) }, (d) => d.deleteProduct, 'Product');
      return true;
    },
  }),
];
