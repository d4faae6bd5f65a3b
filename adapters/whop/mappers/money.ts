// Whop prices are major-unit numbers (10.43); the gateway stores integer minor units. The
// digits of a currency come from Intl; more decimals than it has is refused, never rounded.

const digitCache = new Map<string, number>();
const supported = new Set(Intl.supportedValuesOf('currency'));

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

/** A major-unit number -> exact minor units, or null (negative, not finite, too many decimals). */
export function toMinor(value: number, currency: string): number | null {
  if (!Number.isFinite(value) || value < 0) return null;
  const text = String(value);
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  const digits = currencyDigits(currency);
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > digits) return null;
  const minor = Number(BigInt(`${m[1]}${frac.padEnd(digits, '0')}`));
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Minor units -> the major-unit number Whop shows (exact for every safe amount). */
export function toMajor(minor: number, currency: string): number {
  const digits = currencyDigits(currency);
  if (digits === 0) return minor;
  const s = Math.abs(minor).toString().padStart(digits + 1, '0');
  return Number(`${minor < 0 ? '-' : ''}${s.slice(0, -digits)}.${s.slice(-digits)}`);
}
