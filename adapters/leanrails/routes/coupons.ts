// /v1/coupons (create, list, retrieve, update name/metadata, delete) and /v1/promotion_codes
// (create, list, retrieve, update active/metadata), in Stripe's shapes.
import {
  LeanRailsCouponDocument,
  LeanRailsCouponsDocument,
  LeanRailsCreateCouponDocument,
  LeanRailsCreatePromotionCodeDocument,
  LeanRailsDeleteCouponDocument,
  LeanRailsPromotionCodeDocument,
  LeanRailsPromotionCodesDocument,
  LeanRailsUpdateCouponDocument,
  LeanRailsUpdatePromotionCodeDocument,
} from '../../../src/generated/operations.ts';
import { type RouteContext, type RouteInput, route } from '../../kernel/dialect.ts';
import { returned } from '../../kernel/errors.ts';
import { missing } from '../errors.ts';
import { ids } from '../ids.ts';
import { metadataUpdate, missingAs } from '../mappers/common.ts';
import {
  toCreateCouponInput,
  toLeanRailsCoupon,
  toCreatePromotionCodeInput,
  toLeanRailsPromotionCode,
  type CouponCreateBody,
  type PromotionCodeCreateBody,
} from '../mappers/coupon.ts';
import { type ListQuery, listBody, pageArgs } from '../../kernel/stripe/list.ts';
import { errorResponse, idParams, listResponse, postHeaders } from '../schemas/common.ts';
import {
  couponCreateBody,
  couponDeletedSchema,
  couponListQuery,
  couponObjectSchema,
  couponUpdateBody,
  promotionCodeCreateBody,
  promotionCodeListQuery,
  promotionCodeObjectSchema,
  promotionCodeUpdateBody,
} from '../schemas/coupons.ts';

type Metadata = Record<string, string | number | boolean | null>;
const NO_ROW = '00000000-0000-0000-0000-000000000000';
const couponResponses = { 200: couponObjectSchema, '4xx': errorResponse };
const codeResponses = { 200: promotionCodeObjectSchema, '4xx': errorResponse };
const couponId = ({ params }: { params: { id: string } }): string =>
  ids.coupon.decode(params.id) ??
  (() => {
    throw missing('coupon', params.id);
  })();
const codeId = ({ params }: { params: { id: string } }): string =>
  ids.promotionCode.decode(params.id) ??
  (() => {
    throw missing('promotion_code', params.id);
  })();
const couponMissing = ({ params }: { params: { id: string } }) => missing('coupon', params.id);
const codeMissing = ({ params }: { params: { id: string } }) => missing('promotion_code', params.id);
type CodeListQuery = ListQuery & { active?: boolean; code?: string; coupon?: string };

export const couponRoutes = [
  route({
    method: 'POST',
    path: '/v1/coupons',
    scope: 'coupon:write',
    versionContext: { object: 'coupon' },
    schema: { tags: ['coupons'], summary: 'Create a coupon', headers: postHeaders, body: couponCreateBody, response: couponResponses },
    document: LeanRailsCreateCouponDocument,
    variables: ({ body }: RouteInput<CouponCreateBody>) => ({ input: toCreateCouponInput(body) }),
    pick: (d) => d.createCoupon,
    respond: (p) => toLeanRailsCoupon(returned(p.coupon, 'coupon')),
  }),
  route({
    method: 'GET',
    path: '/v1/coupons',
    scope: 'coupon:read',
    versionContext: { object: 'list' },
    schema: {
      tags: ['coupons'],
      summary: 'List coupons',
      querystring: couponListQuery,
      response: { 200: listResponse(couponObjectSchema), '4xx': errorResponse },
    },
    document: LeanRailsCouponsDocument,
    variables: ({ query }: RouteInput<unknown, Record<string, string>, ListQuery>) => pageArgs(query, ids.coupon),
    pick: (d) => d.coupons,
    respond: (page, { query }) => listBody('/v1/coupons', page.nodes.map(toLeanRailsCoupon), page.pageInfo, pageArgs(query, ids.coupon)),
  }),
  route({
    method: 'GET',
    path: '/v1/coupons/:id',
    scope: 'coupon:read',
    versionContext: { object: 'coupon' },
    schema: { tags: ['coupons'], summary: 'Retrieve a coupon', params: idParams, response: couponResponses },
    document: LeanRailsCouponDocument,
    variables: (input: RouteInput<unknown, { id: string }>) => ({ id: couponId(input) }),
    pick: (d) => d.coupon,
    missing: couponMissing,
    respond: toLeanRailsCoupon,
  }),
  route({
    method: 'POST',
    path: '/v1/coupons/:id',
    scope: 'coupon:write',
    versionContext: { object: 'coupon' },
    schema: {
      tags: ['coupons'],
      summary: 'Update a coupon (name, metadata)',
      headers: postHeaders,
      params: idParams,
      body: couponUpdateBody,
      response: couponResponses,
    },
    missing: couponMissing,
    handle: async (ctx: RouteContext<{ name?: string | null; metadata?: Metadata | null }, { id: string }>) => {
      // Stripe merges metadata keys: the core merges the patch in the update's transaction.
      const input = { ...(ctx.body.name !== undefined ? { name: ctx.body.name } : {}), ...metadataUpdate(ctx.body.metadata) };
      const updated = await ctx
        .unwrap(LeanRailsUpdateCouponDocument, { id: couponId(ctx), input }, (d) => d.updateCoupon)
        .catch(missingAs('COUPON__NOT_FOUND', () => couponMissing(ctx)));
      return toLeanRailsCoupon(returned(updated.coupon, 'coupon'));
    },
  }),
  route({
    method: 'DELETE',
    path: '/v1/coupons/:id',
    scope: 'coupon:write',
    schema: {
      tags: ['coupons'],
      summary: 'Delete a coupon (its promotion codes stop working)',
      params: idParams,
      response: { 200: couponDeletedSchema, '4xx': errorResponse },
    },
    missing: couponMissing,
    handle: async (ctx: RouteContext<unknown, { id: string }>) => {
      const current = await ctx.unwrap(LeanRailsCouponDocument, { id: couponId(ctx) }, (d) => d.coupon);
      await ctx.unwrap(LeanRailsDeleteCouponDocument, { id: current.id }, (d) => d.deleteCoupon);
      return { id: ctx.params.id, object: 'coupon', deleted: true };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/promotion_codes',
    scope: 'coupon:write',
    versionContext: { object: 'promotion_code' },
    schema: { tags: ['promotion_codes'], summary: 'Create a promotion code', headers: postHeaders, body: promotionCodeCreateBody, response: codeResponses },
    document: LeanRailsCreatePromotionCodeDocument,
    variables: ({ body }: RouteInput<PromotionCodeCreateBody>) => ({ input: toCreatePromotionCodeInput(body) }),
    pick: (d) => d.createPromotionCode,
    respond: (p) => toLeanRailsPromotionCode(returned(p.promotionCode, 'promotion_code')),
  }),
  route({
    method: 'GET',
    path: '/v1/promotion_codes',
    scope: 'coupon:read',
    versionContext: { object: 'list' },
    schema: {
      tags: ['promotion_codes'],
      summary: 'List promotion codes',
      querystring: promotionCodeListQuery,
      response: { 200: listResponse(promotionCodeObjectSchema), '4xx': errorResponse },
    },
    document: LeanRailsPromotionCodesDocument,
    variables: ({ query }: RouteInput<unknown, Record<string, string>, CodeListQuery>) => ({
      ...pageArgs(query, ids.promotionCode),
      filter: {
        ...(query.active === undefined ? {} : { active: query.active }),
        ...(query.code === undefined ? {} : { code: query.code }),
        ...(query.coupon === undefined ? {} : { couponId: ids.coupon.decode(query.coupon) ?? NO_ROW }),
      },
    }),
    pick: (d) => d.promotionCodes,
    respond: (page, { query }) => listBody('/v1/promotion_codes', page.nodes.map(toLeanRailsPromotionCode), page.pageInfo, pageArgs(query, ids.promotionCode)),
  }),
  route({
    method: 'GET',
    path: '/v1/promotion_codes/:id',
    scope: 'coupon:read',
    versionContext: { object: 'promotion_code' },
    schema: { tags: ['promotion_codes'], summary: 'Retrieve a promotion code', params: idParams, response: codeResponses },
    document: LeanRailsPromotionCodeDocument,
    variables: (input: RouteInput<unknown, { id: string }>) => ({ id: codeId(input) }),
    pick: (d) => d.promotionCode,
    missing: codeMissing,
    respond: toLeanRailsPromotionCode,
  }),
  route({
    method: 'POST',
    path: '/v1/promotion_codes/:id',
    scope: 'coupon:write',
    versionContext: { object: 'promotion_code' },
    schema: {
      tags: ['promotion_codes'],
      summary: 'Update a promotion code (active, metadata)',
      headers: postHeaders,
      params: idParams,
      body: promotionCodeUpdateBody,
      response: codeResponses,
    },
    missing: codeMissing,
    handle: async (ctx: RouteContext<{ active?: boolean; metadata?: Metadata | null }, { id: string }>) => {
      const input = { ...(ctx.body.active !== undefined ? { active: ctx.body.active } : {}), ...metadataUpdate(ctx.body.metadata) };
      const updated = await ctx
        .unwrap(LeanRailsUpdatePromotionCodeDocument, { id: codeId(ctx), input }, (d) => d.updatePromotionCode)
        .catch(missingAs('PROMOTION_CODE__NOT_FOUND', () => codeMissing(ctx)));
      return toLeanRailsPromotionCode(returned(updated.promotionCode, 'promotion_code'));
    },
  }),
];
