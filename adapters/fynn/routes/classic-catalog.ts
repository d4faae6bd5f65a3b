// Classic products (/products) and price plans (/price-plans): create, read, update (PUT), list
// (hydra collection with hydra:view paging) and archive (POST …/archive, as the V2 plans do).
// Permissions product:read / product:write and price-plan:read / price-plan:write.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  FynnClassicArchiveProductDocument, FynnClassicCreatePricePlanDocument, FynnClassicCreateProductDocument,
  FynnClassicPricePlanDocument, FynnClassicPricePlansDocument, FynnClassicProductDocument, FynnClassicProductsDocument,
  FynnClassicUpdatePricePlanDocument, FynnClassicUpdateProductDocument,
} from '../../../src/generated/operations.ts';
import type { GatewayCore } from '../../kernel/core.ts';
import { GatewayError, unwrap } from '../../kernel/errors.ts';
import { runOperation } from '../../kernel/execute.ts';
import {
  toClassicPriceInput, toClassicPriceUpdate, toClassicProductInput, toClassicProductUpdate,
  type ClassicPricePlanBody, type ClassicProductBody,
} from '../mappers/classic-catalog.ts';
import { classicPrice, classicProduct } from '../mappers/classic-item.ts';
import { classicWindow, hydraCollection, type ClassicPageQuery } from '../mappers/hydra.ts';
import {
  classicCatalogQuery, classicPricePlan, classicPricePlanInput, classicProduct as productSchema, classicProductInput, hydraCollectionOf,
} from '../schemas/classic-catalog.ts';
import { idParams } from '../schemas/common.ts';
import { authorize } from '../permissions.ts';

const notFound = (what: 'PRODUCT' | 'PRICE_PLAN'): GatewayError => new GatewayError('NOT_FOUND', `${what}__NOT_FOUND`, 'Not Found');
const required = (field: string): GatewayError =>
  new GatewayError('VALIDATION', 'VALUE__MISSING', 'This value should not be blank.', [{ path: [field], message: 'This value should not be blank.', reason: 'VALUE__MISSING', code: 'VALIDATION' }]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The core's NOT_FOUND for the path's object becomes the classic 404 of that resource. */
function pathNotFound(error: unknown, what: 'PRODUCT' | 'PRICE_PLAN'): never {
  if (error instanceof GatewayError && error.code === 'NOT_FOUND' && error.violations.every((v) => v.path.length === 0 || v.path[0] === 'id')) throw notFound(what);
  throw error;
}

const tenantOf = async (core: GatewayCore, request: FastifyRequest, permission: 'price-plan:read' | 'price-plan:write') =>
  (await authorize(core, request, permission)).organisationId;

export function classicCatalogRoutes(core: GatewayCore) {
  return async (app: FastifyInstance): Promise<void> => {
    const loadProduct = async (request: FastifyRequest, id: string) => {
      if (!UUID.test(id)) throw notFound('PRODUCT');
      const result = await runOperation(core, request, FynnClassicProductDocument, { id });
      const product = unwrap(result, (d: NonNullable<typeof result.data>) => ({ p: d.product })).p;
      if (!product) throw notFound('PRODUCT');
      return product;
    };
    const loadPrice = async (request: FastifyRequest, id: string) => {
      if (!UUID.test(id)) throw notFound('PRICE_PLAN');
      const result = await runOperation(core, request, FynnClassicPricePlanDocument, { id });
      const price = unwrap(result, (d: NonNullable<typeof result.data>) => ({ p: d.price })).p;
      if (!price) throw notFound('PRICE_PLAN');
      return price;
    };

    // ---- products
    app.post<{ Body: ClassicProductBody }>('/products', {
      config: { fynnPermission: 'product:write' },
      schema: { tags: ['Product'], summary: 'Create a product', operationId: 'createProduct', description: 'Required permissions: product:write', body: classicProductInput, response: { 201: productSchema } },
    }, async (request, reply) => {
      const body = request.body ?? {};
      if (!body.name) throw required('name');
      const result = await runOperation(core, request, FynnClassicCreateProductDocument, { input: toClassicProductInput({ ...body, name: body.name }) });
      const product = unwrap(result, (d: NonNullable<typeof result.data>) => d.createProduct).product;
      if (!product) throw new GatewayError('INTERNAL', 'INTERNAL', 'The product was not returned.');
      return reply.status(201).send(classicProduct(product));
    });

    app.get<{ Querystring: ClassicPageQuery & { type?: 'product' | 'charge' | 'plan'; status?: 'active' | 'archived' } }>('/products', {
      config: { fynnPermission: 'product:read' },
      schema: {
        tags: ['Product'], summary: 'List products', operationId: 'listProducts', description: 'Required permissions: product:read. Oldest first; products of type plan only with type=plan.',
        querystring: classicCatalogQuery({ type: { type: 'string', enum: ['product', 'charge', 'plan'] }, status: { type: 'string', enum: ['active', 'archived'] } }),
        response: { 200: hydraCollectionOf(productSchema) },
      },
    }, async (request) => {
      const { first, offset } = classicWindow(request.query);
      const kind = request.query.type ? ({ product: 'RECURRING', charge: 'ONE_TIME', plan: 'PLAN_ONLY' } as const)[request.query.type] : undefined;
      const filter = { ...(kind ? { kind } : {}), ...(request.query.status ? { active: request.query.status === 'active' } : {}) };
      const result = await runOperation(core, request, FynnClassicProductsDocument, { first, offset, filter });
      const page = unwrap(result, (d: NonNullable<typeof result.data>) => d.products);
      const extra = Object.fromEntries(Object.entries({ type: request.query.type, status: request.query.status }).filter(([, v]) => v !== undefined)) as Record<string, string>;
      return hydraCollection('/products', page.nodes.map(classicProduct), page.totalCount, request.query, extra);
    });

    app.get<{ Params: { id: string } }>('/products/:id', {
      config: { fynnPermission: 'product:read' },
      schema: { tags: ['Product'], summary: 'Get a product', operationId: 'getProduct', description: 'Required permissions: product:read', params: idParams, response: { 200: productSchema } },
    }, async (request) => classicProduct(await loadProduct(request, request.params.id)));

    app.put<{ Params: { id: string }; Body: ClassicProductBody }>('/products/:id', {
      config: { fynnPermission: 'product:write' },
      schema: { tags: ['Product'], summary: 'Update a product', operationId: 'updateProduct', description: 'Required permissions: product:write. Fields left out stay; type is fixed.', params: idParams, body: classicProductInput, response: { 200: productSchema } },
    }, async (request) => {
      const current = await loadProduct(request, request.params.id);
      const input = toClassicProductUpdate(request.body ?? {}, current.kind);
      const result = await runOperation(core, request, FynnClassicUpdateProductDocument, { id: current.id, input });
      try {
        const product = unwrap(result, (d: NonNullable<typeof result.data>) => d.updateProduct).product;
        if (!product) throw notFound('PRODUCT');
        return classicProduct(product);
      } catch (error) {
        return pathNotFound(error, 'PRODUCT');
      }
    });

    app.post<{ Params: { id: string } }>('/products/:id/archive', {
      config: { fynnPermission: 'product:write' },
      schema: { tags: ['Product'], summary: 'Archive a product', operationId: 'archiveProduct', description: 'Required permissions: product:write. It stays readable, leaves the active list (status=archived lists it) and can no longer be sold.', params: idParams, response: { 200: productSchema } },
    }, async (request) => {
      const current = await loadProduct(request, request.params.id);
      const result = await runOperation(core, request, FynnClassicArchiveProductDocument, { id: current.id });
      try {
        const product = unwrap(result, (d: NonNullable<typeof result.data>) => d.archiveProduct).product;
        if (!product) throw notFound('PRODUCT');
        return classicProduct(product);
      } catch (error) {
        return pathNotFound(error, 'PRODUCT');
      }
    });

    // ---- price plans
    app.post<{ Body: ClassicPricePlanBody }>('/price-plans', {
      config: { fynnPermission: 'price-plan:write' },
      schema: { tags: ['Price Plan'], summary: 'Create a price plan', operationId: 'createPricePlan', description: 'Required permissions: price-plan:write. price.amount in minor units; billingInterval null = one-time.', body: classicPricePlanInput, response: { 201: classicPricePlan } },
    }, async (request, reply) => {
      const tenantId = await tenantOf(core, request, 'price-plan:write');
      const body = request.body ?? {};
      if (!body.product) throw required('product');
      if (!body.currencyCode) throw required('currencyCode');
      if (body.price?.amount === undefined) throw required('price.amount');
      const input = toClassicPriceInput({ ...body, product: body.product, currencyCode: body.currencyCode, price: { amount: body.price.amount } });
      const result = await runOperation(core, request, FynnClassicCreatePricePlanDocument, { input });
      const price = unwrap(result, (d: NonNullable<typeof result.data>) => d.createPrice).price;
      if (!price) throw new GatewayError('INTERNAL', 'INTERNAL', 'The price plan was not returned.');
      return reply.status(201).send(classicPrice(price, tenantId));
    });

    app.get<{ Querystring: ClassicPageQuery & { product?: string; status?: 'active' | 'archived'; currencyCode?: string } }>('/price-plans', {
      config: { fynnPermission: 'price-plan:read' },
      schema: {
        tags: ['Price Plan'], summary: 'List price plans', operationId: 'listPricePlans', description: 'Required permissions: price-plan:read. Oldest first.',
        querystring: classicCatalogQuery({ product: { type: 'string' }, status: { type: 'string', enum: ['active', 'archived'] }, currencyCode: { type: 'string', pattern: '^[A-Za-z]{3}$' } }),
        response: { 200: hydraCollectionOf(classicPricePlan) },
      },
    }, async (request) => {
      const tenantId = await tenantOf(core, request, 'price-plan:read');
      const { first, offset } = classicWindow(request.query);
      const { product, status, currencyCode } = request.query;
      const filter = { ...(product ? { productId: product } : {}), ...(status ? { active: status === 'active' } : {}), ...(currencyCode ? { currency: currencyCode } : {}) };
      const result = await runOperation(core, request, FynnClassicPricePlansDocument, { first, offset, filter });
      const page = unwrap(result, (d: NonNullable<typeof result.data>) => d.prices);
      const extra = Object.fromEntries(Object.entries({ product, status, currencyCode }).filter(([, v]) => v !== undefined)) as Record<string, string>;
      return hydraCollection('/price-plans', page.nodes.map((p) => classicPrice(p, tenantId)), page.totalCount, request.query, extra);
    });

    app.get<{ Params: { id: string } }>('/price-plans/:id', {
      config: { fynnPermission: 'price-plan:read' },
      schema: { tags: ['Price Plan'], summary: 'Get a price plan', operationId: 'getPricePlan', description: 'Required permissions: price-plan:read', params: idParams, response: { 200: classicPricePlan } },
    }, async (request) => classicPrice(await loadPrice(request, request.params.id), await tenantOf(core, request, 'price-plan:read')));

    const updatePrice = async (request: FastifyRequest<{ Params: { id: string }; Body: ClassicPricePlanBody }>, body: ClassicPricePlanBody) => {
      const tenantId = await tenantOf(core, request, 'price-plan:write');
      const current = await loadPrice(request, request.params.id);
      const input = toClassicPriceUpdate(body, { ...current, recurring: current.recurring ?? null });
      const result = await runOperation(core, request, FynnClassicUpdatePricePlanDocument, { id: current.id, input });
      try {
        const price = unwrap(result, (d: NonNullable<typeof result.data>) => d.updatePrice).price;
        if (!price) throw notFound('PRICE_PLAN');
        return classicPrice(price, tenantId);
      } catch (error) {
        return pathNotFound(error, 'PRICE_PLAN');
      }
    };

    app.put<{ Params: { id: string }; Body: ClassicPricePlanBody }>('/price-plans/:id', {
      config: { fynnPermission: 'price-plan:write' },
      schema: { tags: ['Price Plan'], summary: 'Update a price plan', operationId: 'updatePricePlan', description: 'Required permissions: price-plan:write. internalName and status change; amount, currency, interval, type and product are fixed (the same value is accepted, another is 422).', params: idParams, body: classicPricePlanInput, response: { 200: classicPricePlan } },
    }, (request) => updatePrice(request, request.body ?? {}));

    app.post<{ Params: { id: string }; Body: ClassicPricePlanBody }>('/price-plans/:id/archive', {
      config: { fynnPermission: 'price-plan:write' },
      schema: { tags: ['Price Plan'], summary: 'Archive a price plan', operationId: 'archivePricePlan', description: 'Required permissions: price-plan:write. Status archived: it can no longer be sold; links that use it keep it.', params: idParams, response: { 200: classicPricePlan } },
    }, (request) => updatePrice(request, { status: 'archived' }));
  };
}
