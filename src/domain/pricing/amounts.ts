// Bounded integer arithmetic on minor units. Every intermediate is a BigInt; a result leaves as
// a Number only when it is a safe integer, otherwise the caller's validation error is thrown
// (never a rounded number, never an exception without a code).
import { invalid } from '../errors.ts';

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** Where an amount came from, for the error a too large amount gives. */
export interface AmountPath {
  path: string[];
  what: string;
}

export const tooLarge = (at: AmountPath) => invalid(at.path, `${at.what} would exceed ${Number.MAX_SAFE_INTEGER} minor units.`, 'AMOUNT__TOO_LARGE');

/** A safe, non-negative integer as a BigInt (or the validation error). */
export function minor(value: number, at: AmountPath): bigint {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw invalid(at.path, `${at.what} must be a whole, non-negative number of minor units.`, 'AMOUNT__INVALID');
  }
  return BigInt(value);
}

/** Checks a BigInt amount stays within the safe range. */
export function bounded(value: bigint, at: AmountPath): bigint {
  if (value > MAX || value < -MAX) throw tooLarge(at);
  return value;
}

export const mul = (a: bigint, b: bigint, at: AmountPath): bigint => bounded(a * b, at);
export const add = (a: bigint, b: bigint, at: AmountPath): bigint => bounded(a + b, at);

export function sum(values: bigint[], at: AmountPath): bigint {
  let total = 0n;
  for (const v of values) total = add(total, v, at);
  return total;
}

/** Back to a Number (always safe once bounded). */
export const num = (value: bigint): number => Number(value);

/** round-half-up of a × numerator / denominator for non-negative a (exact integer arithmetic). */
export function mulDivRound(a: bigint, numerator: bigint, denominator: bigint): bigint {
  return (a * numerator * 2n + denominator) / (denominator * 2n);
}

/**
 * Splits `amount` over `weights` in proportion, each share an integer and the shares adding up
 * to exactly `amount` (largest remainder; ties to the earlier weight). Weights are >= 0.
 */
export function allocate(amount: bigint, weights: bigint[]): bigint[] {
  const total = weights.reduce((a, b) => a + b, 0n);
  if (total === 0n) return weights.map(() => 0n);
  const shares = weights.map((w) => (amount * w) / total);
  let rest = amount - shares.reduce((a, b) => a + b, 0n);
  const order = weights.map((w, i) => ({ i, rem: (amount * w) % total })).sort((x, y) => (x.rem === y.rem ? x.i - y.i : x.rem > y.rem ? -1 : 1));
  for (const { i } of order) {
    if (rest <= 0n) break;
    if (weights[i] === 0n) continue;
    shares[i] = (shares[i] ?? 0n) + 1n;
    rest -= 1n;
  }
  return shares;
}
