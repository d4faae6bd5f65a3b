// Classic coupons (/coupons): create (with its customer-facing `code`), read, list (hydra
// collection with hydra:view paging), update (PUT: name, and a code for a coupon without one) and
// delete (204; its codes stop working). Permissions coupon:read / coupon:write. Fynn publishes no
// coupon shape: the choices are in adapters/fynn/README.md.
import {
  FynnClassicCouponDocument,
  FynnClassicCouponsDocument,
  FynnClassicCreateCouponCodeDocument,
  FynnClassicCreateCouponDocument,
  FynnClassicDeleteCouponDocument,
  FynnClassicUpdateCouponDocument,
} from '../../../src/generated/operations.ts';
import { type RouteContext, route } from '../../kernel/dialect.ts';
import { GatewayError, returned } from '../../kernel/errors.ts';
import { checkCouponUpdate, toClassicCoupon, couponFieldErrors, toCreateCouponInput, type ClassicCouponBody } from '../mappers/coupon.ts';
import { classicWindow, hydraCollection, type ClassicPageQuery } from '../mappers/hydra.ts';
import { classicCatalogQuery, hydraCollectionOf } from '../schemas/classic-catalog.ts';
import { idParams } from '../schemas/common.ts';
import { classicCoupon as couponSchema, classicCouponInput } from '../schemas/coupons.ts';
import { PERMISSIONS } from './permissions.ts';

const tags = ['Coupon'];
const notFound = (): GatewayError => new GatewayError('NOT_FOUND', 'COUPON__NOT_FOUND', 'Not Found');
const required = (field: string): GatewayError =>
  new GatewayError('VALIDATION', 'VALUE__MISSING', 'This value should not be blank.', [
    { path: [field], message: 'This value should not be blank.', reason: 'VALUE__MISSING', code: 'VALIDATION' },
  ]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The core's NOT_FOUND for the path's coupon becomes the classic 404. */
const pathNotFound = (error: GatewayError): GatewayError =>
  error.code === 'NOT_FOUND' && error.violations.every((v) => v.path.length === 0 || v.path[0] === 'id') ? notFound() : couponFieldErrors(error);

type ById<TBody = unknown> = RouteContext<TBody, { id: string }>;

const loadCoupon = (ctx: ById<unknown>) => {
  if (!UUID.test(ctx.params.id)) throw notFound();
  return ctx.unwrap(FynnClassicCouponDocument, { id: ctx.params.id }, (d) => d.coupon, notFound);
};

export const classicCouponRoutes = [
  route({
    method: 'POST',
    path: '/coupons',
    scope: PERMISSIONS['coupon:write'],
    status: 201,
    refine: couponFieldErrors,
    schema: {
      tags,
      summary: 'Create a coupon',
      operationId: 'createCoupon',
      description:
        'Required permissions: coupon:write. discountType and value are required (currencyCode with fixed); code makes its customer-facing code in the same transaction.',
      body: classicCouponInput,
      response: { 201: couponSchema },
    },
    handle: async (ctx: RouteContext<ClassicCouponBody | undefined>) => {
      const body = ctx.body ?? {};
      if (!body.discountType) throw required('discountType');
      if (body.value === undefined) throw required('value');
      const input = toCreateCouponInput({ ...body, discountType: body.discountType, value: body.value });
      const made = await ctx.unwrap(FynnClassicCreateCouponDocument, { input }, (d) => d.createCoupon);
      return toClassicCoupon(returned(made.coupon, 'coupon'));
    },
  }),
  route({
    method: 'GET',
    path: '/coupons',
    scope: PERMISSIONS['coupon:read'],
    schema: {
      tags,
      summary: 'List coupons',
      operationId: 'listCoupons',
      description: 'Required permissions: coupon:read. Oldest first; deleted coupons are left out.',
      querystring: classicCatalogQuery(),
      response: { 200: hydraCollectionOf(couponSchema) },
    },
    handle: async (ctx: RouteContext<unknown, Record<string, string>, ClassicPageQuery>) => {
      const { first, offset } = classicWindow(ctx.query);
      const page = await ctx.unwrap(FynnClassicCouponsDocument, { first, offset }, (d) => d.coupons);
      return hydraCollection('/coupons', page.nodes.map(toClassicCoupon), page.totalCount, ctx.query);
    },
  }),
  route({
    method: 'GET',
    path: '/coupons/:id',
    scope: PERMISSIONS['coupon:read'],
    schema: {
      tags,
      summary: 'Get a coupon',
      operationId: 'getCoupon',
      description: 'Required permissions: coupon:read',
      params: idParams,
      response: { 200: couponSchema },
    },
    handle: async (ctx: ById) => toClassicCoupon(await loadCoupon(ctx)),
  }),
  route({
    method: 'PUT',
    path: '/coupons/:id',
    scope: PERMISSIONS['coupon:write'],
    refine: pathNotFound,
    schema: {
      tags,
      summary: 'Update a coupon',
      operationId: 'updateCoupon',
      description:
        'Required permissions: coupon:write. name changes; code gives a coupon without a code its code. The discount (discountType, value, currencyCode, duration, durationInMonths, maxRedemptions, validUntil, products) is fixed: the same value is accepted, another is 422.',
      params: idParams,
      body: classicCouponInput,
      response: { 200: couponSchema },
    },
    handle: async (ctx: ById<ClassicCouponBody | undefined>) => {
      const current = await loadCoupon(ctx);
      const { name, newCode } = checkCouponUpdate(ctx.body ?? {}, current);
      // The code first: it is the part that can be refused (taken), so a refusal changes nothing.
      if (newCode) await ctx.unwrap(FynnClassicCreateCouponCodeDocument, { input: { couponId: current.id, code: newCode } }, (d) => d.createPromotionCode);
      const updated = await ctx.unwrap(FynnClassicUpdateCouponDocument, { id: current.id, input: name !== undefined ? { name } : {} }, (d) => d.updateCoupon);
      return toClassicCoupon(
        updated.coupon ??
          (() => {
            throw notFound();
          })(),
      );
    },
  }),
  route({
    method: 'DELETE',
    path: '/coupons/:id',
    scope: PERMISSIONS['coupon:write'],
    status: 204,
    refine: pathNotFound,
    schema: {
      tags,
      summary: 'Delete a coupon',
      operationId: 'deleteCoupon',
      description: 'Required permissions: coupon:write. Its codes stop working; carts completed with it keep their amounts.',
      params: idParams,
      response: { 204: { type: 'null' } },
    },
    handle: async (ctx: ById) => {
      const current = await loadCoupon(ctx);
      await ctx.unwrap(FynnClassicDeleteCouponDocument, { id: current.id }, (d) => d.deleteCoupon);
      return undefined;
    },
  }),
];
