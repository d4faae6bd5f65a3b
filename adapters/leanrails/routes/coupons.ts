// /v1/coupons (create, list, retrieve, update, delete) and /v1/promotion_codes (create, list,
// retrieve, update), in Stripe's shapes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  LeanRailsCouponDocument, LeanRailsCouponsDocument, LeanRailsCreateCouponDocument, LeanRailsCreatePromotionCodeDocument,
  LeanRailsDeleteCouponDocument, LeanRailsPromotionCodeDocument, LeanRailsPromotionCodesDocument, LeanRailsUpdateCouponDocument,
  LeanRailsUpdatePromotionCodeDocument,
} from '../../../src/generated/operations.ts';
import type { GatewayCore } from '../../kernel/core.ts';
import { runOperation } from '../../kernel/execute.ts';
import { missing } from '../errors.ts';
import { found, mutated, unwrapped } from './found.ts';
import { idempotentPost } from './idempotent-post.ts';
import { ids } from '../ids.ts';
import { listBody, pageArgs, type ListQuery } from '../mappers/list.ts';
import { mergeMetadata } from '../mappers/common.ts';
import { couponCreateInput, couponObject, promotionCodeCreateInput, promotionCodeObject, type CouponCreateBody, type PromotionCodeCreateBody } from '../mappers/coupon.ts';
import { errorResponse, idParams, listResponse, postHeaders } from '../schemas/common.ts';
import {
  couponCreateBody, couponDeletedSchema, couponListQuery, couponObjectSchema, couponUpdateBody, promotionCodeCreateBody, promotionCodeListQuery,
  promotionCodeObjectSchema, promotionCodeUpdateBody,
} from '../schemas/coupons.ts';
import { present } from '../versions.ts';

type Metadata = Record<string, string | number | boolean | null>;

export function couponRoutes(app: FastifyInstance, core: GatewayCore): void {
  const loadCoupon = async (request: FastifyRequest, id: string) => {
    const uuid = ids.coupon.decode(id);
    if (!uuid) throw missing('coupon', id);
    return found(await runOperation(core, request, LeanRailsCouponDocument, { id: uuid }), (d) => d.coupon, 'coupon', id);
  };
  const loadCode = async (request: FastifyRequest, id: string) => {
    const uuid = ids.promotionCode.decode(id);
    if (!uuid) throw missing('promotion_code', id);
    return found(await runOperation(core, request, LeanRailsPromotionCodeDocument, { id: uuid }), (d) => d.promotionCode, 'promotion_code', id);
  };
  const coupon = { 200: couponObjectSchema, '4xx': errorResponse };
  const code = { 200: promotionCodeObjectSchema, '4xx': errorResponse };

  app.post<{ Body: CouponCreateBody }>('/v1/coupons', {
    schema: { tags: ['coupons'], summary: 'Create a coupon', headers: postHeaders, body: couponCreateBody, response: coupon },
  }, (request, reply) =>
    idempotentPost(core, request, reply, async () => {
      const made = mutated(await runOperation(core, request, LeanRailsCreateCouponDocument, { input: couponCreateInput(request.body) }), (d) => d.createCoupon, (p) => p.coupon);
      return { status: 200, body: present(request, couponObject(made), 'coupon') };
    }),
  );

  app.get<{ Querystring: ListQuery }>('/v1/coupons', {
    schema: { tags: ['coupons'], summary: 'List coupons', querystring: couponListQuery, response: { 200: listResponse(couponObjectSchema), '4xx': errorResponse } },
  }, async (request) => {
    const args = pageArgs(request.query, ids.coupon);
    const page = unwrapped(await runOperation(core, request, LeanRailsCouponsDocument, args), (d) => d.coupons);
    return present(request, listBody('/v1/coupons', page.nodes.map(couponObject), page.pageInfo, args), 'list');
  });

  app.get<{ Params: { id: string } }>('/v1/coupons/:id', {
    schema: { tags: ['coupons'], summary: 'Retrieve a coupon', params: idParams, response: coupon },
  }, async (request) => present(request, couponObject(await loadCoupon(request, request.params.id)), 'coupon'));

  app.post<{ Params: { id: string }; Body: { name?: string | null; metadata?: Metadata | null } }>('/v1/coupons/:id', {
    schema: { tags: ['coupons'], summary: 'Update a coupon (name and metadata)', headers: postHeaders, params: idParams, body: couponUpdateBody, response: coupon },
  }, (request, reply) =>
    idempotentPost(core, request, reply, async () => {
      const current = await loadCoupon(request, request.params.id);
      const input = {
        ...(request.body.name !== undefined ? { name: request.body.name } : {}),
        ...(request.body.metadata !== undefined ? { metadata: mergeMetadata(current.metadata, request.body.metadata) ?? {} } : {}),
      };
      const made = mutated(await runOperation(core, request, LeanRailsUpdateCouponDocument, { id: current.id, input }), (d) => d.updateCoupon, (p) => p.coupon);
      return { status: 200, body: present(request, couponObject(made), 'coupon') };
    }),
  );

  app.delete<{ Params: { id: string } }>('/v1/coupons/:id', {
    schema: { tags: ['coupons'], summary: 'Delete a coupon (its promotion codes stop working)', params: idParams, response: { 200: couponDeletedSchema, '4xx': errorResponse } },
  }, async (request) => {
    const current = await loadCoupon(request, request.params.id);
    mutated(await runOperation(core, request, LeanRailsDeleteCouponDocument, { id: current.id }), (d) => d.deleteCoupon, (p) => p.deletedId);
    return { id: request.params.id, object: 'coupon', deleted: true };
  });

  app.post<{ Body: PromotionCodeCreateBody }>('/v1/promotion_codes', {
    schema: { tags: ['promotion_codes'], summary: 'Create a promotion code', headers: postHeaders, body: promotionCodeCreateBody, response: code },
  }, (request, reply) =>
    idempotentPost(core, request, reply, async () => {
      const made = mutated(await runOperation(core, request, LeanRailsCreatePromotionCodeDocument, { input: promotionCodeCreateInput(request.body) }), (d) => d.createPromotionCode, (p) => p.promotionCode);
      return { status: 200, body: present(request, promotionCodeObject(made), 'promotion_code') };
    }),
  );

  app.get<{ Querystring: ListQuery & { active?: boolean; code?: string; coupon?: string } }>('/v1/promotion_codes', {
    schema: { tags: ['promotion_codes'], summary: 'List promotion codes', querystring: promotionCodeListQuery, response: { 200: listResponse(promotionCodeObjectSchema), '4xx': errorResponse } },
  }, async (request) => {
    const args = pageArgs(request.query, ids.promotionCode);
    const { active, code: text, coupon: couponRef } = request.query;
    const filter = {
      ...(active === undefined ? {} : { active }),
      ...(text === undefined ? {} : { code: text }),
      ...(couponRef === undefined ? {} : { couponId: ids.coupon.decode(couponRef) ?? '00000000-0000-0000-0000-000000000000' }),
    };
    const page = unwrapped(await runOperation(core, request, LeanRailsPromotionCodesDocument, { ...args, filter }), (d) => d.promotionCodes);
    return present(request, listBody('/v1/promotion_codes', page.nodes.map(promotionCodeObject), page.pageInfo, args), 'list');
  });

  app.get<{ Params: { id: string } }>('/v1/promotion_codes/:id', {
    schema: { tags: ['promotion_codes'], summary: 'Retrieve a promotion code', params: idParams, response: code },
  }, async (request) => present(request, promotionCodeObject(await loadCode(request, request.params.id)), 'promotion_code'));

  app.post<{ Params: { id: string }; Body: { active?: boolean; metadata?: Metadata | null } }>('/v1/promotion_codes/:id', {
    schema: { tags: ['promotion_codes'], summary: 'Update a promotion code (active, metadata)', headers: postHeaders, params: idParams, body: promotionCodeUpdateBody, response: code },
  }, (request, reply) =>
    idempotentPost(core, request, reply, async () => {
      const current = await loadCode(request, request.params.id);
      const input = {
        ...(request.body.active !== undefined ? { active: request.body.active } : {}),
        ...(request.body.metadata !== undefined ? { metadata: mergeMetadata(current.metadata, request.body.metadata) ?? {} } : {}),
      };
      const made = mutated(await runOperation(core, request, LeanRailsUpdatePromotionCodeDocument, { id: current.id, input }), (d) => d.updatePromotionCode, (p) => p.promotionCode);
      return { status: 200, body: present(request, promotionCodeObject(made), 'promotion_code') };
    }),
  );
}
