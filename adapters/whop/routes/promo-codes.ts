// POST/GET /promo_codes, GET/DELETE /promo_codes/{id} (@whop/sdk PromoCodes).
import {
  WhopCreatePromoCodeDocument,
  WhopDeletePromoCodeDocument,
  WhopPromoCodeDocument,
  WhopPromoCodesDocument,
  type WhopPromoCodeFragment,
} from '../../../src/generated/operations.ts';
import { type RouteContext, route } from '../../kernel/dialect.ts';
import { GatewayError } from '../../kernel/errors.ts';
import { notFound } from '../errors.ts';
import { promoCodeId } from '../ids.ts';
import { pageArgs, toWhopPage, type WhopListQuery } from '../mappers/list.ts';
import { toCreateCouponInput, toWhopPromoCode } from '../mappers/promo-code.ts';
import { type PromoCodeBody, promoBody } from '../schemas/promo-codes.ts';
import { idParams, pageResponse, trueResponse } from '../schemas/common.ts';
import type { JsonObject } from '../versions.ts';
import { accountOf, found } from './found.ts';
import { checkOwner } from './owner.ts';
import { INT_MAX } from '../../../src/contract/limits.ts';

const TAGS = ['Promo codes'];
const promoResponse = { type: 'object', additionalProperties: true } as const;

const uuidOf = (id: string): string =>
  promoCodeId.decode(id) ??
  (() => {
    throw notFound('Promo code');
  })();
type ById = RouteContext<unknown, { id: string }>;

async function present(ctx: RouteContext<unknown, unknown, unknown>, codes: WhopPromoCodeFragment[]): Promise<JsonObject[]> {
  const org = await accountOf(ctx);
  return codes.map((code) => toWhopPromoCode(code, org));
}

export const promoCodeRoutes = [
  route({
    method: 'POST',
    path: '/promo_codes',
    scope: 'coupon:write',
    status: 201,
    schema: { tags: TAGS, summary: 'Create a promo code', body: promoBody, response: { 201: promoResponse } },
    handle: async (ctx: RouteContext<PromoCodeBody>) => {
      await checkOwner(ctx, ctx.body.account_id ?? ctx.body.company_id);
      const made = await ctx.unwrap(WhopCreatePromoCodeDocument, { input: toCreateCouponInput(ctx.body) }, (d) => d.createCoupon);
      const code = made.coupon?.promotionCodes[0];
      if (!code) throw new GatewayError('INTERNAL', 'INTERNAL', 'Internal server error.', [], undefined, new Error('the promo code was not returned'));
      return (await present(ctx, [code]))[0];
    },
  }),
  route({
    method: 'GET',
    path: '/promo_codes',
    scope: 'coupon:read',
    schema: { tags: TAGS, summary: 'List promo codes', response: { 200: pageResponse(promoResponse) } },
    handle: async (ctx: RouteContext<unknown, Record<string, string>, WhopListQuery & JsonObject>) => {
      await checkOwner(ctx, ctx.query.account_id ?? ctx.query.company_id);
      const status = ctx.query.status;
      const filter = status === 'active' ? { active: true } : status === 'inactive' ? { active: false } : {};
      const page = await ctx.unwrap(WhopPromoCodesDocument, { ...pageArgs(ctx.query), filter }, (d) => d.promotionCodes);
      return toWhopPage(await present(ctx, page.nodes), page.pageInfo);
    },
  }),
  route({
    method: 'GET',
    path: '/promo_codes/:id',
    scope: 'coupon:read',
    schema: { tags: TAGS, summary: 'Retrieve a promo code', params: idParams('promo_ id'), response: { 200: promoResponse } },
    handle: async (ctx: ById) =>
      (await present(ctx, [await found(ctx, WhopPromoCodeDocument, { id: uuidOf(ctx.params.id) }, (d) => d.promotionCode, 'Promo code')]))[0],
  }),
  route({
    method: 'DELETE',
    path: '/promo_codes/:id',
    scope: 'coupon:write',
    schema: { tags: TAGS, summary: 'Delete a promo code (deactivates it and its coupon)', params: idParams('promo_ id'), response: { 200: trueResponse } },
    handle: async (ctx: ById) => {
      const code = await found(ctx, WhopPromoCodeDocument, { id: uuidOf(ctx.params.id) }, (d) => d.promotionCode, 'Promo code');
      await found(ctx, WhopDeletePromoCodeDocument, { id: code.coupon.id }, (d) => d.deleteCoupon, 'Promo code');
      return true;
    },
  }),
];
