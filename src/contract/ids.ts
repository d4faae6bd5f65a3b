/**
 * Id codec shared by the dialects that show prefixed ids (docs/architecture.md, "Ids across faces").
 *
 * One UUID per object. LeanRails and Whop show it as `<prefix>_<base62>`, where base62 is the
 * UUID's 128-bit big-endian value written in the alphabet `0-9A-Za-z` (digits, then upper case,
 * then lower case), left-padded with `0` to 22 characters. Decoding never throws: anything
 * malformed yields `null`, which the dialects turn into their own 404.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = 62;
/** 62^22 > 2^128, so 22 characters hold every UUID. */
const ENCODED_LENGTH = 22;
/**
 * Encoding holds the 128-bit value as four 32-bit limbs (most significant first) in plain
 * numbers: a remainder times 2^32 plus a limb stays below 2^38, exact in a double. Measured
 * 1.9 -> 1.0 us per id against BigInt division (every face's answer encodes several ids).
 * Decoding stays on BigInt: the limb version measured slower there (1.25 -> 1.55 us).
 */
const LIMB = 2 ** 32;
const MAX_EXCLUSIVE = 1n << 128n;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PREFIX_PATTERN = /^[a-z][a-z0-9]*$/;

const DIGIT_VALUES: ReadonlyMap<string, bigint> = new Map(Array.from(ALPHABET, (char, index) => [char, BigInt(index)] as const));

/** A codec bound to one prefix, e.g. `makeIdCodec('cl')` for LeanRails checkout links. */
export interface IdCodec {
  /** The prefix without its trailing underscore, e.g. `cl`. */
  readonly prefix: string;
  encode(uuid: string): string;
  decode(value: unknown): string | null;
}

/** True for a canonical 8-4-4-4-12 hexadecimal UUID (either case). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/**
 * `encodeId('cl', uuid)` -> `cl_<22 base62 characters>`. The prefix may be given with or
 * without its trailing underscore (`cl` and `cl_` are the same). Throws a TypeError for a
 * value that is not a UUID or a malformed prefix: both are programming errors.
 */
export function encodeId(prefix: string, uuid: string): string {
  const bare = normalisePrefix(prefix);
  if (!isUuid(uuid)) throw new TypeError(`encodeId: not a UUID: ${JSON.stringify(uuid)}`);
  const limbs = [
    Number.parseInt(uuid.slice(0, 8), 16),
    Number.parseInt(uuid.slice(9, 13) + uuid.slice(14, 18), 16),
    Number.parseInt(uuid.slice(19, 23) + uuid.slice(24, 28), 16),
    Number.parseInt(uuid.slice(28, 36), 16),
  ];
  // 22 long divisions by 62, least significant digit first; leading zeros pad to 22 digits.
  const digits = new Array<string>(ENCODED_LENGTH);
  for (let d = ENCODED_LENGTH - 1; d >= 0; d--) {
    let carry = 0;
    for (let i = 0; i < 4; i++) {
      const current = carry * LIMB + (limbs[i] as number);
      const quotient = Math.floor(current / BASE);
      limbs[i] = quotient;
      carry = current - quotient * BASE;
    }
    digits[d] = ALPHABET[carry] as string;
  }
  return `${bare}_${digits.join('')}`;
}

/**
 * `decodeId('cl', 'cl_...')` -> the lower-case canonical UUID, or `null` when the value is not
 * a string, has another prefix, has the wrong length, holds a character outside `0-9A-Za-z`,
 * or encodes a number of 2^128 or more.
 */
export function decodeId(prefix: string, value: unknown): string | null {
  const bare = normalisePrefix(prefix);
  if (typeof value !== 'string') return null;
  const head = `${bare}_`;
  if (value.length !== head.length + ENCODED_LENGTH || !value.startsWith(head)) return null;
  let number = 0n;
  for (const char of value.slice(head.length)) {
    const digit = DIGIT_VALUES.get(char);
    if (digit === undefined) return null;
    number = number * 62n + digit;
  }
  if (number >= MAX_EXCLUSIVE) return null;
  const hex = number.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A codec bound to one prefix; validates the prefix once, up front. */
export function makeIdCodec(prefix: string): IdCodec {
  const bare = normalisePrefix(prefix);
  return {
    prefix: bare,
    encode: (uuid) => encodeId(bare, uuid),
    decode: (value) => decodeId(bare, value),
  };
}

function normalisePrefix(prefix: string): string {
  const bare = prefix.endsWith('_') ? prefix.slice(0, -1) : prefix;
  if (!PREFIX_PATTERN.test(bare)) {
    throw new TypeError(`id prefix must match ${PREFIX_PATTERN} (optionally followed by "_"): ${JSON.stringify(prefix)}`);
  }
  return bare;
}
