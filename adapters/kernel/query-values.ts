/**
 * Query-string helpers shared by the dialects' list endpoints: page sizes, integers, booleans.
 *
 * Raw values come straight from the parsed query string, so they may be absent, strings,
 * already-coerced numbers or booleans, or arrays (a repeated key). The helpers never throw and
 * never decide how an error is reported: that is each dialect's job.
 */

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

export interface PageSizeLimits {
  /** Used when the value is absent or empty. */
  readonly default: number;
  /** Larger values are clamped down to this. */
  readonly max: number;
}

export interface PageSizeError {
  readonly kind: 'page_size_error';
  readonly reason: 'not_an_integer' | 'below_minimum';
  readonly min: 1;
  readonly max: number;
}

const INTEGER_PATTERN = /^[+-]?\d+$/;
const TRUE_WORDS: ReadonlySet<string> = new Set(['true', '1']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['false', '0']);

/** True when `value` is missing: `undefined`, `null` or the empty string (`?limit=`). */
function isAbsent(value: unknown): value is undefined | null | '' {
  return value === undefined || value === null || value === '';
}

/**
 * Parses a decimal integer (`"25"`, `"-3"`, or a number that is already an integer) within the
 * safe-integer range. Absent values give `{ ok: true, value: undefined }`; anything else that is
 * not an integer (`"1.5"`, `"1e3"`, `" 2"`, `"abc"`, arrays) gives `{ ok: false }`.
 */
export function parseInteger(value: unknown): ParseResult<number | undefined> {
  if (isAbsent(value)) return { ok: true, value: undefined };
  let parsed: number;
  if (typeof value === 'number') parsed = value;
  else if (typeof value === 'string' && INTEGER_PATTERN.test(value)) parsed = Number(value);
  else return { ok: false };
  return Number.isSafeInteger(parsed) ? { ok: true, value: parsed } : { ok: false };
}

/**
 * Parses `true`/`false`/`1`/`0` (exact, lower case) or a real boolean. Absent values give
 * `{ ok: true, value: undefined }`; anything else gives `{ ok: false }`.
 */
export function parseBoolean(value: unknown): ParseResult<boolean | undefined> {
  if (isAbsent(value)) return { ok: true, value: undefined };
  if (typeof value === 'boolean') return { ok: true, value };
  if (typeof value === 'number' && (value === 0 || value === 1)) return { ok: true, value: value === 1 };
  if (typeof value !== 'string') return { ok: false };
  if (TRUE_WORDS.has(value)) return { ok: true, value: true };
  if (FALSE_WORDS.has(value)) return { ok: true, value: false };
  return { ok: false };
}

/**
 * The page size to use: `limits.default` when absent, the value clamped to `limits.max` when
 * larger, or a `PageSizeError` when it is not an integer or is below 1.
 */
export function clampPageSize(value: unknown, limits: PageSizeLimits): number | PageSizeError {
  const parsed = parseInteger(value);
  if (!parsed.ok) return { kind: 'page_size_error', reason: 'not_an_integer', min: 1, max: limits.max };
  if (parsed.value === undefined) return Math.min(limits.default, limits.max);
  if (parsed.value < 1) return { kind: 'page_size_error', reason: 'below_minimum', min: 1, max: limits.max };
  return Math.min(parsed.value, limits.max);
}

/** Narrows the result of `clampPageSize`. */
export function isPageSizeError(value: number | PageSizeError): value is PageSizeError {
  return typeof value !== 'number';
}
