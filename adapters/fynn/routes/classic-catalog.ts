// Classic products (/products) and price plans (/price-plans): create, read, update (PUT), list
// (hydra collection with hydra:view paging) and archive (POST …/archive, as the V2 plans do).
// Permissions product:read / product:write and price-plan:read / price-plan:write.
import {
  FynnClassicArchiveProductDocument,
  FynnClassicCreatePricePlanDocument,
  FynnClassicCreateProductDocument,
  FynnClassicPricePlanDocument,
  FynnClassicPricePlansDocument,
  FynnClassicProductDocument,
  FynnClassicProductsDocument,
  FynnClassicUpdatePricePlanDocument,
  FynnClassicUpdateProductDocument,
} from '../../../src/generated/operations.ts';
import { type RouteContext, route } from '../../kernel/dialect.ts';
import { GatewayError, returned } from '../../kernel/errors.ts';
import {
  toCreateClassicPriceInput,
  toUpdateClassicPriceInput,
  toCreateClassicProductInput,
  toUpdateClassicProductInput,
  type ClassicPricePlanBody,
  type ClassicProductBody,
} from '../mappers/classic-catalog.ts';
import { toClassicPrice, toClassicProduct } from '../mappers/classic-item.ts';
import { classicWindow, hydraCollection, type ClassicPageQuery } from '../mappers/hydra.ts';
import {
  classicCatalogQuery,
  classicPricePlan,
  classicPricePlanInput,
  classicProduct as productSchema,
  classicProductInput,
  hydraCollectionOf,
} from '../schemas/classic-catalog.ts';
import { idParams } from '../schemas/common.ts';
import { PERMISSIONS } from './permissions.ts';

type What = 'PRODUCT' | 'PRICE_PLAN';
const notFound = (what: What): GatewayError => new GatewayError('NOT_FOUND', `${what}__NOT_FOUND`, 'Not Found');
const required = (field: string): GatewayError =>
  new GatewayError('VALIDATION', 'VALUE__MISSING', 'This value should not be blank.', [
    { path: [field], message: 'This value should not be blank.', reason: 'VALUE__MISSING', code: 'VALIDATION' },
  ]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The core's NOT_FOUND for the path's object becomes the classic 404 of that resource. */
const pathNotFound =
  (what: What) =>
  (error: GatewayError): GatewayError =>
    error.code === 'NOT_FOUND' && error.violations.every((v) => v.path.length === 0 || v.path[0] === 'id') ? notFound(what) : error;

type ById<TBody = unknown> = RouteContext<TBody, { id: string }>;

const loadProduct = (ctx: ById<unknown>) => {
  if (!UUID.test(ctx.params.id)) throw notFound('PRODUCT');
  return ctx.unwrap(
    FynnClassicProductDocument,
    { id: ctx.params.id },
    (d) => d.product,
    () => notFound('PRODUCT'),
  );
};
const loadPrice = (ctx: ById<unknown>) => {
  if (!UUID.test(ctx.params.id)) throw notFound('PRICE_PLAN');
  return ctx.unwrap(
    FynnClassicPricePlanDocument,
    { id: ctx.params.id },
    (d) => d.price,
    () => notFound('PRICE_PLAN'),
  );
};

/** PUT and archive of a price plan: only internalName and status change. */
const updatePrice = async (ctx: ById<unknown>, body: ClassicPricePlanBody) => {
  const current = await loadPrice(ctx);
  const input = toUpdateClassicPriceInput(body, { ...current, recurring: current.recurring ?? null });
  const updated = await ctx.unwrap(FynnClassicUpdatePricePlanDocument, { id: current.id, input }, (d) => d.updatePrice);
  return toClassicPrice(
    updated.price ??
      (() => {
        throw notFound('PRICE_PLAN');
      })(),
    ctx.caller.organisationId,
  );
};

export const classicCatalogRoutes = [
  // ---- products
  route({
    method: 'POST',
    path: '/products',
    scope: PERMISSIONS['product:write'],
    status: 201,
    schema: {
      tags: ['Product'],
      summary: 'Create a product',
      operationId: 'createProduct',
      description: 'Required permissions: product:write',
      body: classicProductInput,
      response: { 201: productSchema },
    },
    handle: async (ctx: RouteContext<ClassicProductBody | undefined>) => {
      const body = ctx.body ?? {};
      if (!body.name) throw required('name');
      const made = await ctx.unwrap(
        FynnClassicCreateProductDocument,
        { input: toCreateClassicProductInput({ ...body, name: body.name }) },
        (d) => d.createProduct,
      );
      return toClassicProduct(returned(made.product, 'product'));
    },
  }),
  route({
    method: 'GET',
    path: '/products',
    scope: PERMISSIONS['product:read'],
    schema: {
      tags: ['Product'],
      summary: 'List products',
      operationId: 'listProducts',
      description: 'Required permissions: product:read. Oldest first; products of type plan only with type=plan.',
      querystring: classicCatalogQuery({
        type: { type: 'string', enum: ['product', 'charge', 'plan'] },
        status: { type: 'string', enum: ['active', 'archived'] },
      }),
      response: { 200: hydraCollectionOf(productSchema) },
    },
    handle: async (
      ctx: RouteContext<unknown, Record<string, string>, ClassicPageQuery & { type?: 'product' | 'charge' | 'plan'; status?: 'active' | 'archived' }>,
    ) => {
      const { first, offset } = classicWindow(ctx.query);
      const kind = ctx.query.type ? ({ product: 'RECURRING', charge: 'ONE_TIME', plan: 'PLAN_ONLY' } as const)[ctx.query.type] : undefined;
      const filter = { ...(kind ? { kind } : {}), ...(ctx.query.status ? { active: ctx.query.status === 'active' } : {}) };
      const page = await ctx.unwrap(FynnClassicProductsDocument, { first, offset, filter }, (d) => d.products);
      const extra = Object.fromEntries(Object.entries({ type: ctx.query.type, status: ctx.query.status }).filter(([, v]) => v !== undefined)) as Record<
        string,
        string
      >;
      return hydraCollection('/products', page.nodes.map(toClassicProduct), page.totalCount, ctx.query, extra);
    },
  }),
  route({
    method: 'GET',
    path: '/products/:id',
    scope: PERMISSIONS['product:read'],
    schema: {
      tags: ['Product'],
      summary: 'Get a product',
      operationId: 'getProduct',
      description: 'Required permissions: product:read',
      params: idParams,
      response: { 200: productSchema },
    },
    handle: async (ctx: ById) => toClassicProduct(await loadProduct(ctx)),
  }),
  route({
    method: 'PUT',
    path: '/products/:id',
    scope: PERMISSIONS['product:write'],
    refine: pathNotFound('PRODUCT'),
    schema: {
      tags: ['Product'],
      summary: 'Update a product',
      operationId: 'updateProduct',
      description: 'Required permissions: product:write. Fields left out stay; type is fixed.',
      params: idParams,
      body: classicProductInput,
      response: { 200: productSchema },
    },
    handle: async (ctx: ById<ClassicProductBody | undefined>) => {
      const current = await loadProduct(ctx);
      const updated = await ctx.unwrap(
        FynnClassicUpdateProductDocument,
        { id: current.id, input: toUpdateClassicProductInput(ctx.body ?? {}, current.kind) },
        (d) => d.updateProduct,
      );
      return toClassicProduct(
        updated.product ??
          (() => {
            throw notFound('PRODUCT');
          })(),
      );
    },
  }),
  route({
    method: 'POST',
    path: '/products/:id/archive',
    scope: PERMISSIONS['product:write'],
    refine: pathNotFound('PRODUCT'),
    schema: {
      tags: ['Product'],
      summary: 'Archive a product',
      operationId: 'archiveProduct',
      description: 'Required permissions: product:write. It stays readable, leaves the active list (status=archived lists it) and can no longer be sold.',
      params: idParams,
      response: { 200: productSchema },
    },
    handle: async (ctx: ById) => {
      const current = await loadProduct(ctx);
      const archived = await ctx.unwrap(FynnClassicArchiveProductDocument, { id: current.id }, (d) => d.archiveProduct);
      return toClassicProduct(
        archived.product ??
          (() => {
            throw notFound('PRODUCT');
          })(),
      );
    },
  }),
  // ---- price plans
  route({
    method: 'POST',
    path: '/price-plans',
    scope: PERMISSIONS['price-plan:write'],
    status: 201,
    schema: {
      tags: ['Price Plan'],
      summary: 'Create a price plan',
      operationId: 'createPricePlan',
      description: 'Required permissions: price-plan:write. price.amount in minor units; billingInterval null = one-time.',
      body: classicPricePlanInput,
      response: { 201: classicPricePlan },
    },
    handle: async (ctx: RouteContext<ClassicPricePlanBody | undefined>) => {
      const body = ctx.body ?? {};
      if (!body.product) throw required('product');
      if (!body.currencyCode) throw required('currencyCode');
      if (body.price?.amount === undefined) throw required('price.amount');
      const input = toCreateClassicPriceInput({ ...body, product: body.product, currencyCode: body.currencyCode, price: { amount: body.price.amount } });
      const made = await ctx.unwrap(FynnClassicCreatePricePlanDocument, { input }, (d) => d.createPrice);
      return toClassicPrice(returned(made.price, 'price plan'), ctx.caller.organisationId);
    },
  }),
  route({
    method: 'GET',
    path: '/price-plans',
    scope: PERMISSIONS['price-plan:read'],
    schema: {
      tags: ['Price Plan'],
      summary: 'List price plans',
      operationId: 'listPricePlans',
      description: 'Required permissions: price-plan:read. Oldest first.',
      querystring: classicCatalogQuery({
        product: { type: 'string' },
        status: { type: 'string', enum: ['active', 'archived'] },
        currencyCode: { type: 'string', pattern: '^[A-Za-z]{3}$' },
      }),
      response: { 200: hydraCollectionOf(classicPricePlan) },
    },
    handle: async (
      ctx: RouteContext<unknown, Record<string, string>, ClassicPageQuery & { product?: string; status?: 'active' | 'archived'; currencyCode?: string }>,
    ) => {
      const { first, offset } = classicWindow(ctx.query);
      const { product, status, currencyCode } = ctx.query;
      const filter = {
        ...(product ? { productId: product } : {}),
        ...(status ? { active: status === 'active' } : {}),
        ...(currencyCode ? { currency: currencyCode } : {}),
      };
      const page = await ctx.unwrap(FynnClassicPricePlansDocument, { first, offset, filter }, (d) => d.prices);
      const extra = Object.fromEntries(Object.entries({ product, status, currencyCode }).filter(([, v]) => v !== undefined)) as Record<string, string>;
      return hydraCollection(
        '/price-plans',
        page.nodes.map((p) => toClassicPrice(p, ctx.caller.organisationId)),
        page.totalCount,
        ctx.query,
        extra,
      );
    },
  }),
  route({
    method: 'GET',
    path: '/price-plans/:id',
    scope: PERMISSIONS['price-plan:read'],
    schema: {
      tags: ['Price Plan'],
      summary: 'Get a price plan',
      operationId: 'getPricePlan',
      description: 'Required permissions: price-plan:read',
      params: idParams,
      response: { 200: classicPricePlan },
    },
    handle: async (ctx: ById) => toClassicPrice(await loadPrice(ctx), ctx.caller.organisationId),
  }),
  route({
    method: 'PUT',
    path: '/price-plans/:id',
    scope: PERMISSIONS['price-plan:write'],
    refine: pathNotFound('PRICE_PLAN'),
    schema: {
      tags: ['Price Plan'],
      summary: 'Update a price plan',
      operationId: 'updatePricePlan',
      description:
        'Required permissions: price-plan:write. internalName and status change; amount, currency, interval, type and product are fixed (the same value is accepted, another is 422).',
      params: idParams,
      body: classicPricePlanInput,
      response: { 200: classicPricePlan },
    },
    handle: async (ctx: ById<ClassicPricePlanBody | undefined>) => updatePrice(ctx, ctx.body ?? {}),
  }),
  route({
    method: 'POST',
    path: '/price-plans/:id/archive',
    scope: PERMISSIONS['price-plan:write'],
    refine: pathNotFound('PRICE_PLAN'),
    schema: {
      tags: ['Price Plan'],
      summary: 'Archive a price plan',
      operationId: 'archivePricePlan',
      description: 'Required permissions: price-plan:write. Status archived: it can no longer be sold; links that use it keep it.',
      params: idParams,
      response: { 200: classicPricePlan },
    },
    handle: async (ctx: ById) => updatePrice(ctx, { status: 'archived' }),
  }),
];
