// Coupons and promotion codes. Relations go through the request's DataLoaders.
import * as coupons from '../../domain/services/coupons/coupons.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { payload, query } from '../errors.ts';
import { must } from '../loaders.ts';

export const couponResolvers: Resolvers = {
  Query: {
    coupons: (_p, page, ctx) => query(() => coupons.listCoupons(ctx, page)),
    coupon: (_p, { id }, ctx) => query(() => coupons.getCoupon(ctx, id)),
    promotionCodes: (_p, { filter, ...page }, ctx) => query(() => coupons.listPromotionCodes(ctx, filter ?? {}, page)),
    promotionCode: (_p, { id }, ctx) => query(() => coupons.getPromotionCode(ctx, id)),
  },
  Mutation: {
    createCoupon: (_p, { input }, ctx) => payload('coupon', () => coupons.createCoupon(ctx, input)),
    updateCoupon: (_p, { id, input }, ctx) => payload('coupon', () => coupons.updateCoupon(ctx, id, input)),
    deleteCoupon: (_p, { id }, ctx) => payload('deletedId', () => coupons.deleteCoupon(ctx, id)),
    createPromotionCode: (_p, { input }, ctx) => payload('promotionCode', () => coupons.createPromotionCode(ctx, input)),
    updatePromotionCode: (_p, { id, input }, ctx) => payload('promotionCode', () => coupons.updatePromotionCode(ctx, id, input)),
  },
  Coupon: {
    percentOff: (c) => coupons.percentOf(c),
    amountOff: (c) => c.amountOff ?? null,
    currency: (c) => c.currency ?? null,
    valid: (c) => coupons.couponValid(c),
    appliesToProducts: async (c, _a, ctx) =>
      (await ctx.loaders.product.loadMany(c.appliesToProducts ?? [])).filter(
        (p): p is NonNullable<typeof p> & { id: string } => !!p && !(p instanceof Error),
      ) as never,
    appliesToProductIds: (c) => c.appliesToProducts ?? [],
    promotionCodes: (c, _a, ctx) => ctx.loaders.promotionCodesByCoupon.load(c.id),
    metadata: (c) => c.metadata ?? {},
    livemode: (c) => c.mode === 'live',
  },
  PromotionCode: {
    coupon: (code, _a, ctx) => must(ctx.loaders.coupon, code.coupon),
    metadata: (code) => code.metadata ?? {},
    livemode: (code) => code.mode === 'live',
  },
  CheckoutSession: {
    promotionCode: (s, _a, ctx) => (s.promotionCode ? ctx.loaders.promotionCode.load(s.promotionCode) : null),
  },
};
