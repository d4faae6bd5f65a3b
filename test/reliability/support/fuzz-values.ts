// Hostile values for the fuzz suite: strings (unicode, NUL, lone surrogates, RTL, huge), numbers
// at the edges, deep nesting, and "almost valid" bodies (a valid template with 1-3 fields
// replaced, removed or added). Everything is a fast-check arbitrary so a seed reproduces a run.
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** 1 MiB + a bit: a string this long makes any body exceed the gateway's body limit. */
const OVER_LIMIT = 'x'.repeat(1024 * 1024 + 64);

const SPECIAL_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202Eevil\u202C',
  '\u200F\u05E9\u05DC\u05D5\u05DD',
  '\uFEFFbom',
  'e\u0301\u0301\u0301',
  '👩‍👩‍👧‍👦',
  '𝕏',
  '\uD800',
  'a\uDC00b',
  '\uDBFF\uDBFF',
  '\r\n\t\v\f',
  '%00',
  '%',
  "'; drop table product; --",
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'prototype',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e308',
  '1e999',
  '9007199254740993',
  '-1',
  '0x10',
  '1.5',
  '0.000',
  '00',
  'true',
  'false',
  'null',
  'undefined',
  '[]',
  '{}',
  'EUR',
  'usd',
  'XXX',
  'default',
  'https://example.com/ok',
  'javascript:alert(1)',
  'http://',
  'ftp://x',
  'a'.repeat(31),
  'a'.repeat(65),
  'a'.repeat(256),
  'a'.repeat(501),
  '0190a1b2-0000-7000-8000-000000000000',
  '00000000-0000-0000-0000-000000000000',
  'prod_0000000000000000000000',
  'price_x',
  'plan_x',
  'biz_x',
];

const loneSurrogates = fc.array(fc.integer({ min: 0xd800, max: 0xdfff }), { minLength: 1, maxLength: 4 }).map((codes) => `x${String.fromCharCode(...codes)}y`);

/** Strings under the body limit, from plain to nasty. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: loneSurrogates },
  // Runs of lone low surrogates: their UTF-8 length is miscounted by some SQL encoders.
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 120 }).map((n) => `x${'\udf6f'.repeat(n)}`) },
  { weight: 1, arbitrary: fc.constantFrom(2_000, 5_001, 70_000).map((n) => 'ü'.repeat(n)) },
);

/** Numbers JSON can carry, at every edge a field might not expect. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      0,
      -0,
      1,
      -1,
      1.5,
      -1.5,
      0.1,
      1e308,
      -1e308,
      5e-324,
      Number.MAX_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER + 1,
      -Number.MAX_SAFE_INTEGER - 1,
      2 ** 31 - 1,
      2 ** 31,
      -(2 ** 31) - 1,
      2 ** 53 + 2,
      2 ** 63,
      99_999_999_999,
      100_000_000_000,
      999_999,
      1_000_000,
      365,
      366,
      3650,
      3651,
      730,
      731,
    ),
  },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);

/** `depth` levels of objects or arrays around a leaf. */
function nest(depth: number, kind: 'object' | 'array' | 'mixed', leaf: Json): Json {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = kind === 'array' || (kind === 'mixed' && i % 2) ? [value] : { a: value };
  return value;
}

export const deepValue: fc.Arbitrary<Json> = fc
  .tuple(fc.constantFrom(20, 100, 1_000), fc.constantFrom('object' as const, 'array' as const, 'mixed' as const))
  .map(([depth, kind]) => nest(depth, kind, 1));

const scalar: fc.Arbitrary<Json> = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null));

/** Keys a body might not expect, incl. prototype pollution attempts. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('__proto__', 'constructor', 'extra', 'id', 'object', 'livemode', '', ' ', 'a.b', 'a[b]', '$where', 'k'.repeat(41)) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
);

/** Any JSON value: scalars, small containers, deep nesting, wide arrays. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 8, arbitrary: scalar },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 2, arbitrary: fc.dictionary(hostileKey, scalar, { maxKeys: 5 }) as fc.Arbitrary<Json> },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: fc.constantFrom(200, 5_000).map((n) => Array.from({ length: n }, (_, i) => ({ i }))) },
);

// ---------------------------------------------------------------------------------------------
// Almost valid: a template with a few edits.

type Path = (string | number)[];

function pathsOf(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

const clone = (value: Json): Json => structuredClone(value);

export type EditOp = 'replace' | 'remove' | 'add' | 'null' | 'wrap' | 'stringify' | 'repeat';
export interface Edit {
  at: number;
  op: EditOp;
  value: Json;
  key: string;
}

const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom<EditOp>('replace', 'replace', 'replace', 'remove', 'remove', 'add', 'null', 'wrap', 'stringify', 'repeat'),
  value: hostileValue,
  key: hostileKey,
});

/** Applies one edit to `root` (in place where possible); returns the new root. */
function applyEdit(root: Json, edit: Edit): Json {
  const paths = pathsOf(root);
  const path = paths[edit.at % paths.length] ?? [];
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  const get = (p: Path): Json => p.reduce<Json>((node, k) => (node as Record<string, Json>)[k as string] as Json, root);
  const target = get(path);
  const set = (value: Json | undefined): Json => {
    if (last === undefined) return value === undefined ? {} : value;
    const parent = get(parentPath) as Record<string | number, Json> | Json[];
    if (value === undefined) {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete (parent as Record<string, Json>)[last as string];
    } else (parent as Record<string | number, Json>)[last] = value;
    return root;
  };
  switch (edit.op) {
    case 'replace':
      return set(edit.value);
    case 'remove':
      return set(undefined);
    case 'null':
      return set(null);
    case 'wrap':
      return set([target]);
    case 'stringify':
      return set(typeof target === 'string' ? Number(target) : JSON.stringify(target));
    case 'repeat':
      return set(Array.isArray(target) ? Array.from({ length: 120 }, () => target[0] ?? null) : Array.from({ length: 3 }, () => target));
    case 'add': {
      const holder = target && typeof target === 'object' && !Array.isArray(target) ? target : (get(parentPath) as Json);
      if (holder && typeof holder === 'object' && !Array.isArray(holder)) {
        // defineProperty: a key named __proto__ becomes an own property, as JSON.parse makes it.
        Object.defineProperty(holder, edit.key, { value: edit.value, enumerable: true, writable: true, configurable: true });
      }
      return root;
    }
  }
}

/** A valid template with 1-3 edits. */
export function almostValid(template: () => Json): fc.Arbitrary<Json> {
  return fc.array(editArb, { minLength: 1, maxLength: 3 }).map((edits) => edits.reduce((root, edit) => applyEdit(root, edit), clone(template())));
}

/** An object whose keys mix the template's keys and random ones, with hostile values. */
export function randomObject(keys: string[]): fc.Arbitrary<Json> {
  const key = keys.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: hostileKey }) : hostileKey;
  return fc.dictionary(key, hostileValue, { maxKeys: 8 }) as fc.Arbitrary<Json>;
}

// ---------------------------------------------------------------------------------------------
// Bodies on the wire.

/** What is sent: JSON text (maybe broken) with a content type, or nothing. */
export interface WireBody {
  payload?: string;
  contentType?: string;
}

/** Texts that are not JSON (or barely), sent with a JSON content type. */
const RAW_TEXTS = [
  '',
  ' ',
  'null',
  'true',
  '0',
  '"string"',
  '[]',
  '[{}]',
  'not json',
  '{',
  '{"a":1,}',
  "{'a':1}",
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":-0}',
  '{"a":1e999}',
  '{"a":01}',
  '{"a":0x10}',
  '{"a":1.}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '\u0000',
  '\uFEFF{}',
  '{"a":1}{"b":2}',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '{"a":"x","a":"y"}',
  '<xml/>',
  'a=1&b=2',
  '{"a":"\\x41"}',
  '{"a":\n\n\n',
  '\u202E{}',
];

/** Numeric tokens JSON.stringify cannot make, spliced into a template at a number's place. */
const RAW_NUMBERS = [
  'NaN',
  '-NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-1e999',
  '-0',
  '-0.0',
  '1E+2',
  '0.1e-400',
  '9007199254740993',
  '123456789012345678901234567890',
  '"NaN"',
  '"1e308"',
  '"-0"',
];

export function rawTexts(template: () => Json): fc.Arbitrary<string> {
  const spliced = fc.tuple(fc.nat(), fc.constantFrom(...RAW_NUMBERS)).map(([at, token]) => {
    const root = clone(template());
    const count = pathsOf(root).length;
    if (count < 2) return token;
    const marker = '\u0001RAW\u0001';
    const edited = applyEdit(root, { at: 1 + (at % (count - 1)), op: 'replace', value: marker, key: '' });
    return JSON.stringify(edited).replace(JSON.stringify(marker), token);
  });
  const deep = fc.tuple(fc.nat(), fc.constantFrom(...DEEP_TEXTS)).map(([at, text]) => {
    const root = clone(template());
    const count = pathsOf(root).length;
    if (count < 2 || at % 3 === 0) return text;
    const marker = '\u0001DEEP\u0001';
    const edited = applyEdit(root, { at: 1 + (at % (count - 1)), op: 'replace', value: marker, key: '' });
    return JSON.stringify(edited).replace(JSON.stringify(marker), text);
  });
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...RAW_TEXTS) },
    { weight: 4, arbitrary: spliced },
    { weight: 1, arbitrary: deep },
    { weight: 2, arbitrary: fc.string({ maxLength: 60 }) },
  );
}

/** Nesting deeper than JSON.stringify can make, as text. */
const deepText = (depth: number): string => `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
const DEEP_TEXTS = [deepText(5_000), deepText(50_000), `${'['.repeat(100_000)}${']'.repeat(100_000)}`];

/** A body over the 1 MiB limit (sparingly: about one request in 200). */
export const overLimit: fc.Arbitrary<string> = fc.constantFrom(JSON.stringify({ pad: OVER_LIMIT }), `{"pad":"${OVER_LIMIT}`);

/**
 * JSON bodies for an endpoint: mostly almost-valid, some valid, some random objects, some random
 * JSON of any type, some raw texts, a few empty or over-limit bodies.
 */
export function jsonBodies(template: () => Json): fc.Arbitrary<WireBody> {
  const keys = Object.keys(template() ?? {});
  const json = (value: Json): WireBody => ({ payload: JSON.stringify(value), contentType: 'application/json' });
  return fc.oneof(
    { weight: 100, arbitrary: almostValid(template).map(json) },
    { weight: 20, arbitrary: fc.constant(null).map(() => json(template())) },
    { weight: 30, arbitrary: randomObject(keys).map(json) },
    { weight: 15, arbitrary: hostileValue.map(json) },
    { weight: 25, arbitrary: rawTexts(template).map((payload) => ({ payload, contentType: 'application/json' })) },
    { weight: 5, arbitrary: fc.constantFrom<WireBody>({}, { contentType: 'application/json' }, { payload: '', contentType: 'application/json' }) },
    {
      weight: 5,
      arbitrary: fc
        .tuple(
          fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data', 'application/json; charset=latin1', 'application/jsonx', ''),
          almostValid(template),
        )
        .map(([contentType, value]) => ({ payload: JSON.stringify(value), contentType })),
    },
    { weight: 1, arbitrary: overLimit.map((payload) => ({ payload, contentType: 'application/json' })) },
  );
}
