// POST/GET /promo_codes, GET/DELETE /promo_codes/{id} (@whop/sdk PromoCodes).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  WhopCreatePromoCodeDocument, WhopDeletePromoCodeDocument, WhopPromoCodeDocument, WhopPromoCodesDocument, type WhopPromoCodeFragment,
} from '../../../src/generated/operations.ts';
import type { GatewayCore } from '../../kernel/core.ts';
import { runOperation } from '../../kernel/execute.ts';
import { GatewayError, unwrap } from '../../kernel/errors.ts';
import { accountOf } from './account.ts';
import { notFound } from '../errors.ts';
import { found } from './found.ts';
import { promoCodeId } from '../ids.ts';
import { pageArgs, toWhopPage, type WhopListQuery } from '../mappers/list.ts';
import { toCreateCouponInput, toWhopPromoCode, type PromoCodeBody } from '../mappers/promo-code.ts';
import { authed, checkOwner, idempotentPost, principalOf, sendJson } from './request.ts';
import { idParams, pageResponse, trueResponse } from '../schemas/common.ts';
import type { JsonObject } from '../versions.ts';

const TAGS = ['Promo codes'];
const promoResponse = { type: 'object', additionalProperties: true } as const;
const promoBody = {
  type: 'object',
  properties: {
    amount_off: { type: 'number', exclusiveMinimum: 0, maximum: 99999999999 },
    base_currency: { type: 'string', minLength: 3, maxLength: 8 },
    code: { type: 'string', minLength: 1, maxLength: 64 },
    company_id: { type: 'string', maxLength: 64 },
    account_id: { type: 'string', maxLength: 64 },
    new_users_only: { type: 'boolean' },
    promo_duration_months: { type: 'integer', minimum: 0, maximum: 1200 },
    promo_type: { type: 'string', enum: ['percentage', 'flat_amount'] },
    churned_users_only: { type: ['boolean', 'null'] },
    existing_memberships_only: { type: ['boolean', 'null'] },
    expires_at: { type: ['string', 'null'], format: 'date-time' },
    one_per_customer: { type: ['boolean', 'null'] },
    plan_ids: { type: ['array', 'null'], maxItems: 0, items: { type: 'string' } },
    product_id: { type: ['string', 'null'], maxLength: 64 },
    stock: { type: ['integer', 'null'], minimum: 0, maximum: 2147483647 },
    unlimited_stock: { type: ['boolean', 'null'] },
  },
  required: ['amount_off', 'base_currency', 'code', 'promo_type'],
  additionalProperties: false,
} as const;

const uuidOf = (id: string): string => {
  const uuid = promoCodeId.decode(id);
  if (!uuid) throw notFound('Promo code');
  return uuid;
};

async function present(core: GatewayCore, request: FastifyRequest, codes: WhopPromoCodeFragment[]): Promise<JsonObject[]> {
  const org = await accountOf(core, request);
  return codes.map((code) => toWhopPromoCode(code, org));
}

export function promoCodeRoutes(instance: FastifyInstance, core: GatewayCore): void {
  instance.post<{ Body: PromoCodeBody }>('/promo_codes', {
    onRequest: authed(core, 'coupon:write'),
    schema: { tags: TAGS, summary: 'Create a promo code', body: promoBody, response: { 201: promoResponse } },
  }, (request, reply) => idempotentPost(core, request, reply, async () => {
    const principal = await principalOf(core, request);
    await checkOwner(core, request, principal, request.body.account_id ?? request.body.company_id);
    const result = await runOperation(core, request, WhopCreatePromoCodeDocument, { input: toCreateCouponInput(request.body) });
    const coupon = unwrap(result, (d: { createCoupon: { coupon: { promotionCodes: WhopPromoCodeFragment[] } | null } }) => d.createCoupon).coupon;
    const code = coupon?.promotionCodes[0];
    if (!code) throw new GatewayError('INTERNAL', 'INTERNAL', 'The promo code was not returned.');
    return { status: 201, body: (await present(core, request, [code]))[0] };
  }));

  instance.get('/promo_codes', {
    onRequest: authed(core, 'coupon:read'),
    schema: { tags: TAGS, summary: 'List promo codes', response: { 200: pageResponse(promoResponse) } },
  }, async (request, reply) => {
    const principal = await principalOf(core, request);
    const query = (request.query ?? {}) as WhopListQuery & JsonObject;
    await checkOwner(core, request, principal, query.account_id ?? query.company_id);
    const filter = query.status === 'active' ? { active: true } : query.status === 'inactive' ? { active: false } : {};
    const page = unwrap(await runOperation(core, request, WhopPromoCodesDocument, { ...pageArgs(query), filter }), (d: { promotionCodes: unknown }) => d.promotionCodes) as {
      nodes: WhopPromoCodeFragment[];
      pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor?: string | null; endCursor?: string | null };
    };
    return sendJson(reply, 200, toWhopPage(await present(core, request, page.nodes), page.pageInfo));
  });

  instance.get<{ Params: { id: string } }>('/promo_codes/:id', {
    onRequest: authed(core, 'coupon:read'),
    schema: { tags: TAGS, summary: 'Retrieve a promo code', params: idParams('promo_ id'), response: { 200: promoResponse } },
  }, async (request, reply) => {
    const code = found(await runOperation(core, request, WhopPromoCodeDocument, { id: uuidOf(request.params.id) }), (d: { promotionCode: WhopPromoCodeFragment | null }) => d.promotionCode, 'Promo code');
    return sendJson(reply, 200, (await present(core, request, [code]))[0]);
  });

  instance.delete<{ Params: { id: string } }>('/promo_codes/:id', {
    onRequest: authed(core, 'coupon:write'),
    schema: { tags: TAGS, summary: 'Delete a promo code (its coupon)', params: idParams('promo_ id'), response: { 200: trueResponse } },
  }, async (request, reply) => {
    const code = found(await runOperation(core, request, WhopPromoCodeDocument, { id: uuidOf(request.params.id) }), (d: { promotionCode: WhopPromoCodeFragment | null }) => d.promotionCode, 'Promo code');
    found(await runOperation(core, request, WhopDeletePromoCodeDocument, { id: code.coupon.id }), (d: { deleteCoupon: unknown }) => d.deleteCoupon, 'Promo code');
    return sendJson(reply, 200, true);
  });
}
