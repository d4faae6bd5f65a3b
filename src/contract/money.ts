// Currency arithmetic shared by the core and the dialects: integer minor units plus an ISO 4217
// code. The digits of a currency come from Intl, not a hand-written table; conversions are
// exact (a decimal with more digits than the currency has is refused, never rounded).

const supported = new Set(Intl.supportedValuesOf('currency'));
const digitCache = new Map<string, number>();

export function isCurrency(code: string): boolean {
  return /^[A-Za-z]{3}$/.test(code) && supported.has(code.toUpperCase());
}

export function currencyDigits(currency: string): number {
  const key = currency.toUpperCase();
  let digits = digitCache.get(key);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency: key }).resolvedOptions().maximumFractionDigits ?? 2;
    digitCache.set(key, digits);
  }
  return digits;
}

/** Minor units -> exact decimal string in major units ("49.00"). */
export function formatDecimal(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const negative = minor < 0;
  const s = Math.abs(minor)
    .toString()
    .padStart(digits + 1, '0');
  const out = digits === 0 ? s : `${s.slice(0, -digits)}.${s.slice(-digits)}`;
  return negative ? `-${out}` : out;
}

/**
 * A decimal in major units (string or number) -> minor units, exactly; null when it has more
 * decimals than the currency allows, is not a plain decimal, or is not a safe integer.
 */
export function parseDecimal(value: string | number, currency: string): number | null {
  const digits = currencyDigits(currency);
  const text = typeof value === 'number' ? numberToPlain(value) : value.trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > digits) return null;
  const minor = BigInt(m[2] + frac.padEnd(digits, '0'));
  const n = Number(m[1] === '-' ? -minor : minor);
  return Number.isSafeInteger(n) ? n : null;
}

function numberToPlain(n: number): string {
  if (!Number.isFinite(n)) return 'NaN';
  // Shortest round-trip representation, expanded out of exponent notation.
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/\.?0+$/, '');
}
