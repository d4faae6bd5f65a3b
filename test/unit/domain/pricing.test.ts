// The pricing module: examples for every rule, then fast-check properties over random carts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.ts';
import { allocate, mulDivRound, percentBasisPoints, priceCart, type Cart, type CartLine, type Discount } from '../../../src/domain/pricing/index.ts';

const MAX = Number.MAX_SAFE_INTEGER;
const month = { interval: 'month', intervalCount: 1 } as const;
const line = (props: Partial<CartLine>): CartLine => ({ unitAmount: 0, quantity: 1, recurring: null, ...props });

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('priceCart: lines and totals', () => {
  it('multiplies unit amount by quantity per line and adds the lines up', () => {
    const p = priceCart({ currency: 'EUR', lines: [line({ unitAmount: 4900, quantity: 2 }), line({ unitAmount: 1990, quantity: 3, recurring: month })] });
    expect(p.lines.map((l) => l.amountSubtotal)).toEqual([9800, 5970]);
    expect(p.amountSubtotal).toBe(15770);
    expect(p.amountDueToday).toBe(15770);
    expect(p.amountTotal).toBe(15770);
    expect(p.amountDiscount).toBe(0);
    expect(p.recurring).toEqual([{ interval: 'month', intervalCount: 1, amount: 5970, amountDiscount: 0, amountAfterDiscount: 5970 }]);
    expect(p.trialDays).toBeNull();
  });

  it('keeps one recurring total per billing period', () => {
    const p = priceCart({
      currency: 'EUR',
      lines: [
        line({ unitAmount: 100, recurring: month }),
        line({ unitAmount: 1000, recurring: { interval: 'year', intervalCount: 1 } }),
        line({ unitAmount: 50, quantity: 2, recurring: month }),
        line({ unitAmount: 7, recurring: { interval: 'month', intervalCount: 3 } }),
      ],
    });
    expect(p.recurring.map((r) => [r.interval, r.intervalCount, r.amount])).toEqual([
      ['month', 1, 200],
      ['year', 1, 1000],
      ['month', 3, 7],
    ]);
  });

  it('an empty cart costs nothing', () => {
    const p = priceCart({ currency: null, lines: [] });
    expect([p.amountSubtotal, p.amountDueToday, p.setupFees, p.recurring.length]).toEqual([0, 0, 0, 0]);
  });
});

describe('priceCart: setup fees and trials (Whop initial_price 10, renewal_price 20)', () => {
  const whop = (trialDays: number | null): Cart => ({
    currency: 'USD',
    trialDays,
    lines: [line({ unitAmount: 2000, setupFee: 1000, recurring: { interval: 'day', intervalCount: 30 } })],
  });

  it('without a trial the initial fee and the first period are due today', () => {
    const p = priceCart(whop(null));
    expect(p.amountDueToday).toBe(3000);
    expect(p.setupFees).toBe(1000);
    expect(p.recurring[0]?.amount).toBe(2000);
  });

  it('during a trial only the initial fee is due today; the renewal price follows', () => {
    const p = priceCart(whop(7));
    expect(p.trialDays).toBe(7);
    expect(p.lines[0]?.inTrial).toBe(true);
    expect(p.amountDueToday).toBe(1000);
    expect(p.recurring[0]?.amount).toBe(2000);
  });

  it('a trial does not defer one-time lines nor recurring lines that do not apply it', () => {
    const p = priceCart({
      currency: 'EUR',
      trialDays: 14,
      lines: [line({ unitAmount: 4900, recurring: month }), line({ unitAmount: 500 }), line({ unitAmount: 300, recurring: month, trialApplies: false })],
    });
    expect(p.lines.map((l) => l.inTrial)).toEqual([true, false, false]);
    expect(p.amountDueToday).toBe(800);
    expect(p.recurring[0]?.amount).toBe(5200);
  });

  it('setup fees count once per unit', () => {
    const p = priceCart({ currency: 'EUR', lines: [line({ unitAmount: 100, quantity: 3, setupFee: 10, recurring: month })], trialDays: 3 });
    expect(p.lines[0]?.setupFee).toBe(30);
    expect(p.amountDueToday).toBe(30);
  });
});

describe('priceCart: discounts', () => {
  const cart = (discount: Discount, trialDays: number | null = null): Cart => ({
    currency: 'EUR',
    trialDays,
    discount,
    lines: [line({ unitAmount: 4900, recurring: month, productId: 'a' }), line({ unitAmount: 1000, quantity: 2, productId: 'b' })],
  });

  it('percent off applies to every line, today and per period when forever', () => {
    const p = priceCart(cart({ percentOff: 10, duration: 'forever', label: 'TEN' }));
    expect(p.lines.map((l) => l.amountDiscount)).toEqual([490, 200]);
    expect(p.amountSubtotal).toBe(6900);
    expect(p.amountDiscount).toBe(690);
    expect(p.amountDueToday).toBe(6210);
    expect(p.recurring[0]).toMatchObject({ amount: 4900, amountDiscount: 490, amountAfterDiscount: 4410 });
    expect(p.discount).toEqual({ duration: 'forever', durationInMonths: null, percentOff: 10, amountOff: null, label: 'TEN' });
  });

  it('a once discount changes only today', () => {
    const p = priceCart(cart({ percentOff: 50, duration: 'once' }));
    expect(p.amountDueToday).toBe(3450);
    expect(p.recurring[0]?.amountDiscount).toBe(0);
  });

  it('repeating keeps its months', () => {
    const p = priceCart(cart({ percentOff: 25, duration: 'repeating', durationInMonths: 3 }));
    expect(p.discount?.durationInMonths).toBe(3);
    expect(p.recurring[0]?.amountAfterDiscount).toBe(3675);
  });

  it('percent rounds half up per line', () => {
    const p = priceCart({ currency: 'EUR', discount: { percentOff: 33.33, duration: 'once' }, lines: [line({ unitAmount: 15 }), line({ unitAmount: 1 })] });
    // 15 x 0.3333 = 4.9995 -> 5; 1 x 0.3333 -> 0
    expect(p.lines.map((l) => l.amountDiscount)).toEqual([5, 0]);
  });

  it('amount off is capped at the charge and split exactly over the lines', () => {
    const p = priceCart(cart({ amountOff: 1000, currency: 'eur', duration: 'forever' }));
    expect(p.amountDiscount).toBe(1000);
    expect(p.lines.reduce((s, l) => s + l.amountDiscount, 0)).toBe(1000);
    expect(p.recurring[0]).toMatchObject({ amount: 4900, amountDiscount: 1000 });
    const capped = priceCart(cart({ amountOff: 999_999, currency: 'EUR', duration: 'once' }));
    expect(capped.amountDueToday).toBe(0);
    expect(capped.amountDiscount).toBe(6900);
  });

  it('amount off in another currency does not apply', () => {
    const p = priceCart(cart({ amountOff: 1000, currency: 'USD', duration: 'once' }));
    expect(p.amountDiscount).toBe(0);
    expect(p.discount).toBeNull();
  });

  it('a product restriction discounts only those lines', () => {
    const p = priceCart(cart({ percentOff: 100, duration: 'forever', productIds: ['b'] }));
    expect(p.lines.map((l) => [l.discountable, l.amountDiscount])).toEqual([
      [false, 0],
      [true, 2000],
    ]);
    expect(p.recurring[0]?.amountDiscount).toBe(0);
  });

  it('during a trial the discount applies to what is due today (setup fees) and to the renewals', () => {
    const p = priceCart({
      currency: 'USD',
      trialDays: 7,
      discount: { percentOff: 50, duration: 'forever' },
      lines: [line({ unitAmount: 2000, setupFee: 1000, recurring: month })],
    });
    expect(p.amountDueToday).toBe(500);
    expect(p.recurring[0]?.amountAfterDiscount).toBe(1000);
  });

  it('refuses a malformed percentage', () => {
    for (const bad of [0, -1, 100.01, 12.345, Number.NaN]) expect(refusal(() => percentBasisPoints(bad)).reason).toBe('COUPON__PERCENT_INVALID');
    expect(percentBasisPoints(12.34)).toBe(1234n);
    expect(percentBasisPoints(100)).toBe(10_000n);
  });
});

describe('priceCart: bounds', () => {
  it('unit amount x quantity beyond 2^53 is a validation error naming the line', () => {
    const e = refusal(() => priceCart({ currency: 'EUR', lines: [line({ unitAmount: 1 }), line({ unitAmount: 2 ** 52, quantity: 3 })] }));
    expect(e.code).toBe('VALIDATION');
    expect(e.reason).toBe('AMOUNT__TOO_LARGE');
    expect(e.violations[0]?.path).toEqual(['lines', '1', 'quantity']);
  });

  it('a sum beyond 2^53 is a validation error, the largest safe total is exact', () => {
    expect(refusal(() => priceCart({ currency: 'EUR', lines: [line({ unitAmount: MAX }), line({ unitAmount: 1 })] })).reason).toBe('AMOUNT__TOO_LARGE');
    expect(priceCart({ currency: 'EUR', lines: [line({ unitAmount: MAX - 1 }), line({ unitAmount: 1 })] }).amountDueToday).toBe(MAX);
    expect(refusal(() => priceCart({ currency: 'EUR', lines: [line({ unitAmount: MAX, setupFee: 1 })] })).reason).toBe('AMOUNT__TOO_LARGE');
  });

  it('refuses amounts and quantities that are not safe non-negative integers', () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 53]) {
      expect(refusal(() => priceCart({ currency: 'EUR', lines: [line({ unitAmount: bad })] })).reason).toBe('AMOUNT__INVALID');
      expect(refusal(() => priceCart({ currency: 'EUR', lines: [line({ unitAmount: 1, quantity: bad })] })).reason).toBe('QUANTITY__INVALID');
    }
  });
});

describe('helpers', () => {
  it('mulDivRound rounds half up', () => {
    expect(mulDivRound(5n, 1n, 2n)).toBe(3n);
    expect(mulDivRound(4n, 1n, 2n)).toBe(2n);
    expect(mulDivRound(1n, 1n, 3n)).toBe(0n);
  });
  it('allocate splits exactly in proportion', () => {
    expect(allocate(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n]);
    expect(allocate(5n, [0n, 0n])).toEqual([0n, 0n]);
    expect(allocate(7n, [0n, 2n, 5n])).toEqual([0n, 2n, 5n]);
  });
});

// ------------------------------------------------------------------------- properties

const amount = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: MAX }));
const quantity = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }));
const recurrence = fc.option(fc.record({ interval: fc.constantFrom('day', 'week', 'month', 'year'), intervalCount: fc.integer({ min: 1, max: 3 }) }), {
  nil: null,
});
const cartLine = fc.record({
  unitAmount: amount,
  quantity,
  recurring: recurrence,
  setupFee: fc.option(amount, { nil: null }),
  trialApplies: fc.option(fc.boolean(), { nil: null }),
  productId: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null }),
});
const discount: fc.Arbitrary<Discount | null> = fc.option(
  fc.oneof(
    fc.record({
      percentOff: fc.integer({ min: 1, max: 10_000 }).map((bp) => bp / 100),
      duration: fc.constantFrom('once', 'repeating', 'forever') as fc.Arbitrary<Discount['duration']>,
      productIds: fc.option(fc.subarray(['a', 'b', 'c']), { nil: null }),
    }),
    fc.record({
      amountOff: amount,
      currency: fc.constantFrom('EUR', 'USD'),
      duration: fc.constantFrom('once', 'repeating', 'forever') as fc.Arbitrary<Discount['duration']>,
      durationInMonths: fc.constant(2),
    }),
  ),
  { nil: null },
);
const cart: fc.Arbitrary<Cart> = fc.record({
  currency: fc.constant('EUR'),
  lines: fc.array(cartLine, { maxLength: 6 }),
  trialDays: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
  discount,
});

/** The cart priced with exact arbitrary-precision arithmetic, to compare against. */
function exactDueToday(c: Cart): bigint {
  const trial = !!c.trialDays && c.trialDays > 0;
  return c.lines.reduce((s, l) => {
    const q = BigInt(l.quantity);
    const deferred = trial && l.recurring !== null && l.trialApplies !== false;
    return s + BigInt(l.setupFee ?? 0) * q + (deferred ? 0n : BigInt(l.unitAmount) * q);
  }, 0n);
}

describe('priceCart: properties', () => {
  it('either prices exactly (every amount a safe integer, sums consistent) or refuses with AMOUNT__TOO_LARGE', () => {
    fc.assert(
      fc.property(cart, (c) => {
        const exact = exactDueToday(c);
        let p;
        try {
          p = priceCart(c);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).reason).toBe('AMOUNT__TOO_LARGE');
          // Refused only when some exact intermediate really is out of range.
          const big =
            c.lines.some((l) => BigInt(l.unitAmount) * BigInt(l.quantity) > BigInt(MAX) || BigInt(l.setupFee ?? 0) * BigInt(l.quantity) > BigInt(MAX)) ||
            exact > BigInt(MAX) ||
            c.lines.reduce((s, l) => s + (l.recurring ? BigInt(l.unitAmount) * BigInt(l.quantity) : 0n), 0n) > BigInt(MAX) ||
            c.lines.reduce((s, l) => s + BigInt(l.setupFee ?? 0) * BigInt(l.quantity), 0n) > BigInt(MAX);
          expect(big).toBe(true);
          return;
        }
        const all = [
          p.amountSubtotal,
          p.amountDiscount,
          p.amountDueToday,
          p.setupFees,
          ...p.lines.flatMap((l) => [l.amountSubtotal, l.setupFee, l.amountDiscount, l.amountDueToday, l.recurringDiscount]),
          ...p.recurring.flatMap((r) => [r.amount, r.amountDiscount, r.amountAfterDiscount]),
        ];
        for (const a of all) expect(Number.isSafeInteger(a) && a >= 0).toBe(true);
        expect(BigInt(p.amountSubtotal)).toBe(exact);
        expect(p.amountDueToday).toBe(p.amountSubtotal - p.amountDiscount);
        expect(p.amountTotal).toBe(p.amountDueToday);
        expect(p.lines.reduce((s, l) => s + BigInt(l.amountDueToday), 0n)).toBe(BigInt(p.amountDueToday));
        expect(p.lines.reduce((s, l) => s + BigInt(l.amountDiscount), 0n)).toBe(BigInt(p.amountDiscount));
        p.lines.forEach((l, i) => {
          expect(BigInt(l.amountSubtotal)).toBe(BigInt(c.lines[i]!.unitAmount) * BigInt(c.lines[i]!.quantity));
          expect(l.amountDiscount).toBeLessThanOrEqual(l.amountDueToday + l.amountDiscount);
          if (!l.discountable) expect(l.amountDiscount + l.recurringDiscount).toBe(0);
        });
        for (const r of p.recurring) expect(r.amountAfterDiscount).toBe(r.amount - r.amountDiscount);
        expect(p.recurring.reduce((s, r) => s + BigInt(r.amount), 0n)).toBe(p.lines.reduce((s, l) => s + (l.recurring ? BigInt(l.amountSubtotal) : 0n), 0n));
        if (!c.discount) expect(p.amountDiscount).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('a discount never raises an amount, and percent off 100 makes today free', () => {
    fc.assert(
      fc.property(cart, (c) => {
        let plain, off, full;
        try {
          plain = priceCart({ ...c, discount: null });
          off = priceCart(c);
          full = priceCart({ ...c, discount: { percentOff: 100, duration: 'forever' } });
        } catch {
          return;
        }
        expect(off.amountDueToday).toBeLessThanOrEqual(plain.amountDueToday);
        off.recurring.forEach((r, i) => expect(r.amountAfterDiscount).toBeLessThanOrEqual(plain.recurring[i]!.amount));
        expect(full.amountDueToday).toBe(0);
        for (const r of full.recurring) expect(r.amountAfterDiscount).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('amount off takes exactly min(amountOff, eligible) off today', () => {
    fc.assert(
      fc.property(fc.array(cartLine, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 10_000_000 }), (lines, off) => {
        const c: Cart = { currency: 'EUR', lines, discount: { amountOff: off, currency: 'EUR', duration: 'once' } };
        let p;
        try {
          p = priceCart(c);
        } catch {
          return;
        }
        expect(p.amountDiscount).toBe(Math.min(off, p.amountSubtotal));
      }),
      { numRuns: 1000 },
    );
  });

  it('allocate always sums to the amount and never gives a zero weight a share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 18n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 8 }),
        (amount, weights) => {
          const shares = allocate(amount, weights);
          if (weights.every((w) => w === 0n)) {
            expect(shares.every((s) => s === 0n)).toBe(true);
            return;
          }
          expect(shares.reduce((a, b) => a + b, 0n)).toBe(amount);
          shares.forEach((s, i) => {
            if (weights[i] === 0n) expect(s).toBe(0n);
          });
        },
      ),
    );
  });
});

describe('promotion code checks', () => {
  it('refuses inactive, expired, used-up and not applicable codes, in that order', async () => {
    const { checkRedeemable } = await import('../../../src/domain/services/coupons/promotion-redeem.ts');
    const { Coupon, PromotionCode } = await import('../../../src/domain/entities/index.ts');
    const coupon = (p: Record<string, unknown>) =>
      Object.assign(new Coupon(), {
        deletedAt: null,
        redeemBy: null,
        maxRedemptions: null,
        timesRedeemed: 0,
        amountOff: null,
        currency: null,
        appliesToProducts: [],
        ...p,
      });
    const code = (p: Record<string, unknown>) =>
      Object.assign(new PromotionCode(), { active: true, expiresAt: null, maxRedemptions: null, timesRedeemed: 0, ...p });
    const cart = { currency: 'EUR', lines: [{ productId: 'p1' }] as never };
    const reason = (c: unknown, k: unknown) => {
      try {
        checkRedeemable(k as never, c as never, cart);
        return 'OK';
      } catch (error) {
        return (error as DomainError).reason;
      }
    };
    const past = new Date(Date.now() - 1000);
    expect(reason(coupon({}), code({}))).toBe('OK');
    expect(reason(coupon({}), code({ active: false }))).toBe('PROMOTION_CODE__INACTIVE');
    expect(reason(null, code({}))).toBe('PROMOTION_CODE__INACTIVE');
    expect(reason(coupon({ deletedAt: past }), code({}))).toBe('PROMOTION_CODE__INACTIVE');
    expect(reason(coupon({}), code({ expiresAt: past }))).toBe('PROMOTION_CODE__EXPIRED');
    expect(reason(coupon({ redeemBy: past }), code({}))).toBe('PROMOTION_CODE__EXPIRED');
    expect(reason(coupon({}), code({ maxRedemptions: 2, timesRedeemed: 2 }))).toBe('PROMOTION_CODE__EXHAUSTED');
    expect(reason(coupon({ maxRedemptions: 1, timesRedeemed: 1 }), code({}))).toBe('PROMOTION_CODE__EXHAUSTED');
    expect(reason(coupon({ amountOff: 100, currency: 'USD' }), code({}))).toBe('PROMOTION_CODE__NOT_APPLICABLE');
    expect(reason(coupon({ amountOff: 100, currency: 'EUR' }), code({}))).toBe('OK');
    expect(reason(coupon({ appliesToProducts: ['p2'] }), code({}))).toBe('PROMOTION_CODE__NOT_APPLICABLE');
    expect(reason(coupon({ appliesToProducts: ['p2', 'p1'] }), code({}))).toBe('OK');
  });
});
