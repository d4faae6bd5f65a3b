// Classic coupons (/coupons): request bodies -> core coupon inputs, core coupons -> the classic
// object. Fynn publishes no coupon shape: the fields are our choice (adapters/fynn/README.md).
import type { CouponDuration, CreateCouponInput, FynnClassicCouponFieldsFragment } from '../../../src/generated/operations.ts';
import { GatewayError, type Reason } from '../../kernel/errors.ts';
import { classicDate } from './dates.ts';
import type { PathTable } from './property-path.ts';

/** Core input paths -> the classic request fields. */
export const COUPON_PATHS: PathTable = [
  ['percentOff', 'value'],
  ['amountOff', 'value'],
  ['currency', 'currencyCode'],
  ['redeemBy', 'validUntil'],
  ['appliesToProducts', 'products'],
  ['promotionCodes.*.code', 'code'],
  ['promotionCodes', 'code'],
  ['couponId', 'id'],
];

export type DiscountType = 'percentage' | 'fixed';
export type ClassicDuration = 'once' | 'repeating' | 'forever';

export interface ClassicCouponBody {
  name?: string | null;
  code?: string | null;
  discountType?: DiscountType;
  value?: number;
  currencyCode?: string | null;
  duration?: ClassicDuration;
  durationInMonths?: number | null;
  maxRedemptions?: number | null;
  validUntil?: string | null;
  products?: string[];
}

const DURATION: Record<ClassicDuration, CouponDuration> = { once: 'ONCE', repeating: 'REPEATING', forever: 'FOREVER' };

const violation = (field: string, message: string, reason: Reason = 'VALUE__INVALID'): GatewayError =>
  new GatewayError('VALIDATION', reason, message, [{ path: [field], message, reason, code: 'VALIDATION' }]);

/** POST body -> CreateCouponInput; `code` becomes the coupon's one promotion code, made in its transaction. */
export function toCreateCouponInput(body: ClassicCouponBody & { discountType: DiscountType; value: number }): CreateCouponInput {
  if (body.discountType === 'fixed' && !Number.isInteger(body.value)) throw violation('value', 'A fixed amount is an integer in minor units (cents).');
  if (body.discountType === 'fixed' && !body.currencyCode) throw violation('currencyCode', 'This value should not be blank.', 'VALUE__MISSING');
  if (body.discountType === 'percentage' && body.currencyCode) throw violation('currencyCode', 'A percentage coupon has no currency.');
  return {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.discountType === 'percentage' ? { percentOff: body.value } : { amountOff: body.value, currency: body.currencyCode }),
    duration: DURATION[body.duration ?? 'once'],
    ...(body.durationInMonths != null ? { durationInMonths: body.durationInMonths } : {}),
    ...(body.maxRedemptions != null ? { maxRedemptions: body.maxRedemptions } : {}),
    ...(body.validUntil != null ? { redeemBy: body.validUntil } : {}),
    ...(body.products?.length ? { appliesToProducts: body.products } : {}),
    ...(body.code ? { promotionCodes: [{ code: body.code }] } : {}),
  };
}

type Coupon = FynnClassicCouponFieldsFragment;

/** Oldest first: the coupon's `code` is its first code. */
const codesOf = (c: Coupon) => [...c.promotionCodes].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));

export function toClassicCoupon(c: Coupon) {
  const codes = codesOf(c);
  return {
    id: c.id,
    name: c.name ?? null,
    code: codes[0]?.code ?? null,
    codes: codes.map((p) => ({ code: p.code, active: p.active })),
    discountType: (c.percentOff != null ? 'percentage' : 'fixed') as DiscountType,
    value: c.percentOff ?? c.amountOff ?? 0,
    currencyCode: c.currency ? c.currency.toUpperCase() : null,
    duration: c.duration.toLowerCase() as ClassicDuration,
    durationInMonths: c.durationInMonths ?? null,
    maxRedemptions: c.maxRedemptions ?? null,
    validUntil: c.redeemBy ? classicDate(c.redeemBy) : null,
    products: c.appliesToProductIds,
    status: c.valid ? 'active' : 'inactive',
    timesRedeemed: c.timesRedeemed,
    createdAt: classicDate(c.createdAt),
    updatedAt: classicDate(c.updatedAt),
  };
}

/**
 * PUT: name changes, and `code` gives a coupon without a code its first one. The discount is
 * fixed once created (as the core's coupons): the same value is accepted (a client PUTs back what
 * it read), another one is a 422 naming the field.
 */
export function checkCouponUpdate(body: ClassicCouponBody, current: Coupon): { name?: string | null; newCode?: string } {
  const now = toClassicCoupon(current);
  const fixed = (field: string) => violation(field, `The ${field} of a coupon cannot be changed.`, 'VALUE__IMMUTABLE');
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (body.discountType !== undefined && body.discountType !== now.discountType) throw fixed('discountType');
  if (body.value !== undefined && body.value !== now.value) throw fixed('value');
  if (body.currencyCode !== undefined && (body.currencyCode?.toUpperCase() ?? null) !== now.currencyCode) throw fixed('currencyCode');
  if (body.duration !== undefined && body.duration !== now.duration) throw fixed('duration');
  if (body.durationInMonths !== undefined && body.durationInMonths !== now.durationInMonths) throw fixed('durationInMonths');
  if (body.maxRedemptions !== undefined && body.maxRedemptions !== now.maxRedemptions) throw fixed('maxRedemptions');
  if (body.validUntil !== undefined) {
    const a = body.validUntil == null ? null : Date.parse(body.validUntil);
    const b = now.validUntil == null ? null : Date.parse(now.validUntil);
    if (a !== b) throw fixed('validUntil');
  }
  if (body.products !== undefined && !same([...new Set(body.products)].sort(), [...now.products].sort())) throw fixed('products');
  // Checked here, before any write: PUT may make the code first and then rename.
  if (typeof body.name === 'string' && body.name.trim() === '') throw violation('name', 'This value should not be blank.', 'VALUE__MISSING');
  let newCode: string | undefined;
  if (body.code != null && body.code !== '') {
    const known = now.codes.some((c) => c.code.toUpperCase() === body.code?.toUpperCase());
    if (!known && now.codes.length > 0) throw violation('code', 'The coupon already has a code; its code cannot be changed.', 'VALUE__IMMUTABLE');
    if (!known) newCode = body.code;
  }
  return { ...(body.name !== undefined ? { name: body.name } : {}), ...(newCode ? { newCode } : {}) };
}

/** The core's words for the coupon fields, in the classic names a Fynn client sent. */
const WORDS: [RegExp, string][] = [
  [/\bpercentOff\b/g, 'value'],
  [/\bamountOff\b/g, 'value'],
  [/\bredeemBy\b/g, 'validUntil'],
  [/\bappliesToProducts\b/g, 'products'],
];
const inFynnWords = (message: string): string => WORDS.reduce((m, [from, to]) => m.replace(from, to), message);

/**
 * The core's coupon rules (COUPON__PERCENT_INVALID, COUPON__MONTHS_MISSING, COUPON__REDEEM_BY_PAST, …)
 * name a request field: answered as a ConstraintViolationList like the classic catalog's field errors
 * (the core's reason kept as the violation code only when it already reads VALUE__…).
 */
export function couponFieldErrors(error: GatewayError): GatewayError {
  if (error.code !== 'VALIDATION' || error.violations.length === 0 || error.violations.some((v) => v.path.length === 0 || v.path[0] === 'id')) return error;
  const violations = error.violations.map((v) => ({
    ...v,
    message: inFynnWords(v.message),
    reason: v.reason.startsWith('VALUE__') ? v.reason : 'VALUE__INVALID',
  }));
  return new GatewayError('VALIDATION', 'VALUE__INVALID', inFynnWords(error.message), violations, error.status);
}
