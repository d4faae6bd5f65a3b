// Coupons and their promotion codes (the customer-facing codes). A coupon says what is off and
// for how long; a promotion code is what a buyer types. Redemptions are counted at completion.
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { z } from 'zod';
import { Coupon, Product, PromotionCode } from '../../entities/index.ts';
import { COUPON_DURATIONS } from '../../entities/coupon.ts';
import { conflict, invalid, notFound, validationError, type Violation, type Reason } from '../../errors.ts';
import { normaliseCurrency } from '../../money.ts';
import { paginate, type Page, type PageArgs } from '../../pagination.ts';
import { percentBasisPoints } from '../../pricing/index.ts';
import { inTransaction, owner, requireScope, type ServiceContext } from '../../service-context.ts';
import { fields, opt, parse } from '../../validate.ts';
import { isUuid } from '../support/ids.ts';
import { fastFindOne } from '../../../db/fast-read.ts';
import { checkOneMetadataInput, findForUpdate, metadataPatchField, patchedMetadata } from '../support/metadata-patch.ts';

const MAX_AMOUNT = 99_999_999_999;
/** Letters, digits, dash and underscore: what a buyer can type (Stripe allows the same set). */
const CODE = /^[A-Za-z0-9_-]{1,64}$/;

const createCouponSchema = z.object({
  name: fields.name.nullish(),
  percentOff: z.number().nullish(),
  amountOff: z.number().int().min(1).max(MAX_AMOUNT).nullish(),
  currency: z.string().nullish(),
  duration: opt(z.enum(COUPON_DURATIONS)),
  durationInMonths: z.number().int().min(1).max(1200).nullish(),
  maxRedemptions: fields.positiveInt.nullish(),
  redeemBy: z.date().nullish(),
  appliesToProducts: z.array(z.string()).max(100).nullish(),
  metadata: opt(fields.metadata),
  promotionCodes: z
    .array(
      z.object({
        code: z.string().regex(CODE, 'Use 1 to 64 letters, digits, dashes or underscores.'),
        active: opt(z.boolean()),
        maxRedemptions: fields.positiveInt.nullish(),
        expiresAt: z.date().nullish(),
      }),
    )
    .max(20)
    .nullish(),
});
const updateCouponSchema = z.object({ name: fields.name.nullish(), metadata: opt(fields.metadata), metadataPatch: metadataPatchField.nullish() });

const createCodeSchema = z.object({
  couponId: z.string(),
  code: z.string().regex(CODE, 'Use 1 to 64 letters, digits, dashes or underscores.'),
  active: opt(z.boolean()),
  maxRedemptions: fields.positiveInt.nullish(),
  expiresAt: z.date().nullish(),
  metadata: opt(fields.metadata),
});
const updateCodeSchema = z.object({ active: opt(z.boolean()), metadata: opt(fields.metadata), metadataPatch: metadataPatchField.nullish() });

export type CreateCouponInput = z.input<typeof createCouponSchema>;
export type UpdateCouponInput = z.input<typeof updateCouponSchema>;
export type CreatePromotionCodeInput = z.input<typeof createCodeSchema>;
export type UpdatePromotionCodeInput = z.input<typeof updateCodeSchema>;

/** Percent off with two decimals, from the stored basis points. */
export const percentOf = (coupon: Coupon): number | null => (coupon.percentOffBasisPoints == null ? null : coupon.percentOffBasisPoints / 100);

/** Whether a coupon can still be redeemed at `now` (not deleted, before redeemBy, under maxRedemptions). */
export function couponValid(coupon: Coupon, now = new Date()): boolean {
  if (coupon.deletedAt) return false;
  if (coupon.redeemBy && coupon.redeemBy <= now) return false;
  return coupon.maxRedemptions == null || coupon.timesRedeemed < coupon.maxRedemptions;
}

// ------------------------------------------------------------------------------- coupons

export async function createCoupon(ctx: ServiceContext, raw: CreateCouponInput): Promise<Coupon> {
  const principal = requireScope(ctx, 'coupon:write');
  const input = parse(createCouponSchema, raw);
  const violations: Violation[] = [];
  const add = (path: string, message: string, reason: Reason) => violations.push({ path: [path], message, reason, code: 'VALIDATION' });
  if ((input.percentOff == null) === (input.amountOff == null)) add('percentOff', 'Give exactly one of percentOff and amountOff.', 'COUPON__DISCOUNT_MISSING');
  let bp: number | null = null;
  if (input.percentOff != null) {
    try {
      bp = Number(percentBasisPoints(input.percentOff));
    } catch {
      add('percentOff', 'percentOff must be more than 0 and at most 100, with at most two decimals.', 'COUPON__PERCENT_INVALID');
    }
    if (input.currency != null) add('currency', 'A percent-off coupon has no currency.', 'COUPON__CURRENCY_UNEXPECTED');
  }
  let currency: string | null = null;
  if (input.amountOff != null) {
    if (input.currency == null) add('currency', 'An amount-off coupon needs its currency.', 'COUPON__CURRENCY_MISSING');
    else currency = normaliseCurrency(input.currency, ['currency']);
  }
  const duration = input.duration ?? 'once';
  if (duration === 'repeating' && input.durationInMonths == null)
    add('durationInMonths', 'A repeating coupon needs durationInMonths.', 'COUPON__MONTHS_MISSING');
  if (duration !== 'repeating' && input.durationInMonths != null)
    add('durationInMonths', 'Only a repeating coupon has durationInMonths.', 'COUPON__MONTHS_UNEXPECTED');
  if (input.redeemBy && input.redeemBy <= new Date()) add('redeemBy', 'redeemBy must be in the future.', 'COUPON__REDEEM_BY_PAST');
  for (const [i, c] of (input.promotionCodes ?? []).entries()) {
    if (c.expiresAt && c.expiresAt <= new Date())
      violations.push({
        path: ['promotionCodes', String(i), 'expiresAt'],
        message: 'expiresAt must be in the future.',
        reason: 'PROMOTION_CODE__EXPIRES_PAST',
        code: 'VALIDATION',
      });
  }
  if (violations.length > 0) throw validationError(violations);
  try {
    return await createCouponIn(ctx, principal, input, bp, currency, duration);
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException)
      throw conflict('PROMOTION_CODE__TAKEN', 'A promotion code of this coupon is already in use.', ['promotionCodes']);
    throw error;
  }
}

async function createCouponIn(
  ctx: ServiceContext,
  principal: ReturnType<typeof requireScope>,
  input: z.output<typeof createCouponSchema>,
  bp: number | null,
  currency: string | null,
  duration: (typeof COUPON_DURATIONS)[number],
): Promise<Coupon> {
  return inTransaction(ctx, async (em) => {
    const products = [...new Set(input.appliesToProducts ?? [])];
    for (const [i, id] of products.entries()) {
      if (!isUuid(id) || !(await em.findOne(Product, { id, deletedAt: null }))) throw notFound('Product', ['appliesToProducts', String(i)]);
    }
    const coupon = em.create(Coupon, {
      ...owner(principal),
      name: input.name ?? null,
      percentOffBasisPoints: bp,
      amountOff: input.amountOff ?? null,
      currency,
      duration,
      durationInMonths: input.durationInMonths ?? null,
      maxRedemptions: input.maxRedemptions ?? null,
      redeemBy: input.redeemBy ?? null,
      appliesToProducts: products,
      metadata: input.metadata ?? {},
    });
    for (const [i, c] of (input.promotionCodes ?? []).entries()) {
      const key = c.code.toUpperCase();
      if (await em.findOne(PromotionCode, { codeKey: key }))
        throw conflict('PROMOTION_CODE__TAKEN', `The code "${c.code}" is already in use.`, ['promotionCodes', String(i), 'code']);
      em.create(PromotionCode, {
        ...owner(principal),
        coupon: coupon.id,
        code: c.code,
        codeKey: key,
        active: c.active ?? true,
        maxRedemptions: c.maxRedemptions ?? null,
        expiresAt: c.expiresAt ?? null,
        metadata: {},
      });
    }
    await em.flush();
    return coupon;
  });
}

export async function getCoupon(ctx: ServiceContext, id: string): Promise<Coupon | null> {
  requireScope(ctx, 'coupon:read');
  return isUuid(id) ? fastFindOne(ctx.em, Coupon, { id, deletedAt: null }) : null;
}

export function listCoupons(ctx: ServiceContext, page: PageArgs = {}): Promise<Page<Coupon>> {
  requireScope(ctx, 'coupon:read');
  return paginate(ctx.em, Coupon, { deletedAt: null }, page);
}

/** Name and metadata only: the discount of a coupon never changes (Stripe's rule). */
export async function updateCoupon(ctx: ServiceContext, id: string, raw: UpdateCouponInput): Promise<Coupon> {
  requireScope(ctx, 'coupon:write');
  const input = parse(updateCouponSchema, raw);
  checkOneMetadataInput(input);
  return inTransaction(ctx, async (em) => {
    const coupon = isUuid(id) ? await findForUpdate(em, Coupon, { id, deletedAt: null }, input.metadataPatch != null) : null;
    if (!coupon) throw notFound('Coupon');
    if (input.name !== undefined) coupon.name = input.name;
    if (input.metadata !== undefined) coupon.metadata = input.metadata;
    if (input.metadataPatch != null) coupon.metadata = patchedMetadata(coupon.metadata, input.metadataPatch);
    await em.flush();
    return coupon;
  });
}

/** Deletes a coupon: its codes stop working; sessions completed with it keep their amounts. */
export async function deleteCoupon(ctx: ServiceContext, id: string): Promise<string> {
  requireScope(ctx, 'coupon:write');
  return inTransaction(ctx, async (em) => {
    const coupon = isUuid(id) ? await em.findOne(Coupon, { id, deletedAt: null }) : null;
    if (!coupon) throw notFound('Coupon');
    coupon.deletedAt = new Date();
    await em.nativeUpdate(PromotionCode, { coupon: coupon.id }, { active: false });
    await em.flush();
    return coupon.id;
  });
}

// ------------------------------------------------------------------------------- promotion codes

export async function createPromotionCode(ctx: ServiceContext, raw: CreatePromotionCodeInput): Promise<PromotionCode> {
  const principal = requireScope(ctx, 'coupon:write');
  const input = parse(createCodeSchema, raw);
  if (input.expiresAt && input.expiresAt <= new Date()) throw invalid(['expiresAt'], 'expiresAt must be in the future.', 'PROMOTION_CODE__EXPIRES_PAST');
  try {
    return await inTransaction(ctx, async (em) => {
      const coupon = isUuid(input.couponId) ? await em.findOne(Coupon, { id: input.couponId, deletedAt: null }) : null;
      if (!coupon) throw notFound('Coupon', ['couponId']);
      const key = input.code.toUpperCase();
      if (await em.findOne(PromotionCode, { codeKey: key })) throw codeTaken(input.code);
      const code = em.create(PromotionCode, {
        ...owner(principal),
        coupon: coupon.id,
        code: input.code,
        codeKey: key,
        active: input.active ?? true,
        maxRedemptions: input.maxRedemptions ?? null,
        expiresAt: input.expiresAt ?? null,
        metadata: input.metadata ?? {},
      });
      await em.flush();
      return code;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw codeTaken(input.code);
    throw error;
  }
}

const codeTaken = (code: string) => conflict('PROMOTION_CODE__TAKEN', `The code "${code}" is already in use.`, ['code']);

export async function getPromotionCode(ctx: ServiceContext, id: string): Promise<PromotionCode | null> {
  requireScope(ctx, 'coupon:read');
  return isUuid(id) ? fastFindOne(ctx.em, PromotionCode, { id }) : null;
}

export interface PromotionCodeFilter {
  couponId?: string | null;
  code?: string | null;
  active?: boolean | null;
}

export function listPromotionCodes(ctx: ServiceContext, filter: PromotionCodeFilter = {}, page: PageArgs = {}): Promise<Page<PromotionCode>> {
  requireScope(ctx, 'coupon:read');
  const where: Record<string, unknown> = {};
  if (filter.couponId) where.coupon = isUuid(filter.couponId) ? filter.couponId : '00000000-0000-0000-0000-000000000000';
  if (filter.code) where.codeKey = filter.code.toUpperCase();
  if (filter.active != null) where.active = filter.active;
  return paginate(ctx.em, PromotionCode, where, page);
}

export async function updatePromotionCode(ctx: ServiceContext, id: string, raw: UpdatePromotionCodeInput): Promise<PromotionCode> {
  requireScope(ctx, 'coupon:write');
  const input = parse(updateCodeSchema, raw);
  checkOneMetadataInput(input);
  return inTransaction(ctx, async (em) => {
    const code = isUuid(id) ? await findForUpdate(em, PromotionCode, { id }, input.metadataPatch != null) : null;
    if (!code) throw notFound('PromotionCode');
    if (input.active !== undefined) {
      const coupon = await em.findOne(Coupon, { id: code.coupon });
      if (input.active && (!coupon || coupon.deletedAt)) throw invalid(['active'], 'The coupon of this code was deleted.', 'COUPON__DELETED');
      code.active = input.active;
    }
    if (input.metadata !== undefined) code.metadata = input.metadata;
    if (input.metadataPatch != null) code.metadata = patchedMetadata(code.metadata, input.metadataPatch);
    await em.flush();
    return code;
  });
}
