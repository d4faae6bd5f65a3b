// /v1/products: create, list, retrieve, update, delete.
import {
  LeanRailsCreateProductDocument,
  LeanRailsDeleteProductDocument,
  LeanRailsProductHasPricesDocument,
  LeanRailsProductDocument,
  LeanRailsProductsDocument,
  LeanRailsUpdateProductDocument,
} from '../../../src/generated/operations.ts';
import { type RouteContext, type RouteInput, route } from '../../kernel/dialect.ts';
import { returned } from '../../kernel/errors.ts';
import { leanError, missing } from '../errors.ts';
import { ids } from '../ids.ts';
import { missingAs } from '../mappers/common.ts';
import { type ListQuery, listBody, pageArgs } from '../../kernel/stripe/list.ts';
import { type ProductCreateBody, type ProductUpdateBody, toCreateProductInput, toLeanRailsProduct, toUpdateProductInput } from '../mappers/product.ts';
import { productCreateBody, productListQuery, productObjectSchema, productUpdateBody } from '../schemas/catalog.ts';
import { deletedResponse, errorResponse, idParams, listResponse, postHeaders } from '../schemas/common.ts';

const tags = ['products'];
const responses = { 200: productObjectSchema, '4xx': errorResponse };
const object = { object: 'product' };
type ById<TBody = unknown> = RouteInput<TBody, { id: string }>;

/** The product of the path: an id of another kind or an unknown one is resource_missing. */
const productId = ({ params }: { params: { id: string } }): string =>
  ids.product.decode(params.id) ??
  (() => {
    throw missing('product', params.id);
  })();
const notFound = ({ params }: { params: { id: string } }) => missing('product', params.id);

export const productRoutes = [
  route({
    method: 'POST',
    path: '/v1/products',
    scope: 'product:write',
    versionContext: object,
    schema: { tags, summary: 'Create a product', headers: postHeaders, body: productCreateBody, response: responses },
    document: LeanRailsCreateProductDocument,
    variables: ({ body }: RouteInput<ProductCreateBody>) => ({ input: toCreateProductInput(body) }),
    pick: (d) => d.createProduct,
    respond: (p) => toLeanRailsProduct(returned(p.product, 'product')),
  }),
  route({
    method: 'GET',
    path: '/v1/products',
    scope: 'product:read',
    versionContext: { object: 'list' },
    schema: { tags, summary: 'List products', querystring: productListQuery, response: { 200: listResponse(productObjectSchema), '4xx': errorResponse } },
    document: LeanRailsProductsDocument,
    variables: ({ query }: RouteInput<unknown, Record<string, string>, ListQuery & { active?: boolean }>) => ({
      ...pageArgs(query, ids.product),
      filter: query.active === undefined ? undefined : { active: query.active },
    }),
    pick: (d) => d.products,
    respond: (page, { query }) => listBody('/v1/products', page.nodes.map(toLeanRailsProduct), page.pageInfo, pageArgs(query, ids.product)),
  }),
  route({
    method: 'GET',
    path: '/v1/products/:id',
    scope: 'product:read',
    versionContext: object,
    schema: { tags, summary: 'Retrieve a product', params: idParams, response: responses },
    document: LeanRailsProductDocument,
    variables: (input: ById) => ({ id: productId(input) }),
    pick: (d) => d.product,
    missing: notFound,
    respond: toLeanRailsProduct,
  }),
  route({
    method: 'POST',
    path: '/v1/products/:id',
    scope: 'product:write',
    versionContext: object,
    schema: { tags, summary: 'Update a product', headers: postHeaders, params: idParams, body: productUpdateBody, response: responses },
    missing: notFound,
    // Stripe merges metadata keys: the core merges the patch in the update's transaction.
    handle: async (ctx: RouteContext<ProductUpdateBody, { id: string }>) => {
      const updated = await ctx
        .unwrap(LeanRailsUpdateProductDocument, { id: productId(ctx), input: toUpdateProductInput(ctx.body) }, (d) => d.updateProduct)
        .catch(missingAs('PRODUCT__NOT_FOUND', () => notFound(ctx)));
      return toLeanRailsProduct(returned(updated.product, 'product'));
    },
  }),
  // Stripe's rule: a product with prices (active or not) cannot be deleted; archive it instead
  // (active=false). The core also refuses one a plan or a checkout link uses.
  route({
    method: 'DELETE',
    path: '/v1/products/:id',
    scope: 'product:write',
    versionContext: { object: 'deleted' },
    schema: { tags, summary: 'Delete a product that has no prices', params: idParams, response: { 200: deletedResponse('product'), '4xx': errorResponse } },
    missing: notFound,
    handle: async (ctx: RouteContext<unknown, { id: string }>) => {
      const current = await ctx.unwrap(LeanRailsProductDocument, { id: productId(ctx) }, (d) => d.product);
      const prices = await ctx.unwrap(LeanRailsProductHasPricesDocument, { productId: current.id }, (d) => d.prices);
      if (prices.nodes.length > 0) {
        throw leanError(
          'LEANRAILS__RESOURCE_IN_USE',
          'This product cannot be deleted because it has one or more prices. Archive it with active=false instead.',
        );
      }
      const deleted = await ctx.unwrap(LeanRailsDeleteProductDocument, { id: current.id }, (d) => d.deleteProduct);
      returned(deleted.deletedId, 'product');
      return { id: ctx.params.id, object: 'product', deleted: true };
    },
  }),
];
