// Whop prices are major-unit numbers (10.43); the gateway stores integer minor units. The
// arithmetic is the kernel's (Intl digits, exact, never rounded).
import { formatDecimal, parseDecimal } from '../../../src/contract/money.ts';

export { currencyDigits, isCurrency } from '../../../src/contract/money.ts';

/** A major-unit number -> exact minor units, or null (negative, not finite, too many decimals). */
export function toMinor(value: number, currency: string): number | null {
  if (!Number.isFinite(value) || value < 0) return null;
  return parseDecimal(value, currency);
}

/** Minor units -> the major-unit number Whop shows (exact for every safe amount). */
export function toMajor(minor: number, currency: string): number {
  return Number(formatDecimal(minor, currency));
}
