import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeId, encodeId, isUuid, makeIdCodec } from '../../../src/contract/ids.ts';

const ZERO = '00000000-0000-0000-0000-000000000000';
const MAX = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
const BASE62 = /^[0-9A-Za-z]{22}$/;

/** Reference: the big-endian number as base62, via repeated division (independent of the codec). */
function reference(uuid: string): string {
  let n = BigInt(`0x${uuid.replaceAll('-', '')}`);
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const out: string[] = [];
  for (let i = 0; i < 22; i++) {
    out.unshift(alphabet[Number(n % 62n)] ?? '?');
    n /= 62n;
  }
  return out.join('');
}

describe('encodeId / decodeId', () => {
  it('round-trips many random UUIDs', () => {
    for (let i = 0; i < 5000; i++) {
      const uuid = randomUUID();
      const id = encodeId('cl', uuid);
      expect(id).toMatch(/^cl_[0-9A-Za-z]{22}$/);
      expect(id.slice(3)).toBe(reference(uuid));
      expect(decodeId('cl', id)).toBe(uuid);
    }
  });

  it('matches the reference at the edges of each 32-bit quarter (encodeId divides quarter by quarter)', () => {
    const quarters = ['00000000', '00000001', '7fffffff', '80000000', 'fffffffe', 'ffffffff'];
    for (const a of quarters)
      for (const b of quarters)
        for (const c of quarters)
          for (const d of quarters) {
            const hex = a + b + c + d;
            const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
            const id = encodeId('cl', uuid);
            expect(id.slice(3)).toBe(reference(uuid));
            expect(decodeId('cl', id)).toBe(uuid);
          }
  });

  it('keeps the order of the 128-bit values (fixed width, alphabet ascending)', () => {
    const uuids = Array.from({ length: 200 }, () => randomUUID()).sort();
    const encoded = uuids.map((uuid) => encodeId('x', uuid));
    const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    expect([...encoded].sort(byCodeUnit)).toEqual(encoded);
  });

  it('encodes the all-zero UUID as 22 zeros', () => {
    expect(encodeId('prod', ZERO)).toBe(`prod_${'0'.repeat(22)}`);
    expect(decodeId('prod', `prod_${'0'.repeat(22)}`)).toBe(ZERO);
  });

  it('encodes the all-f UUID (2^128 - 1)', () => {
    const id = encodeId('plan', MAX);
    expect(id).toBe('plan_7n42DGM5Tflk9n8mt7Fhc7');
    expect(decodeId('plan', id)).toBe(MAX);
  });

  it('encodes small values with the alphabet order digits, upper, lower', () => {
    expect(encodeId('li', '00000000-0000-0000-0000-00000000000a')).toBe(`li_${'0'.repeat(21)}A`);
    expect(encodeId('li', '00000000-0000-0000-0000-000000000024')).toBe(`li_${'0'.repeat(21)}a`);
    expect(encodeId('li', '00000000-0000-0000-0000-00000000003d')).toBe(`li_${'0'.repeat(21)}z`);
    expect(encodeId('li', '00000000-0000-0000-0000-00000000003e')).toBe(`li_${'0'.repeat(20)}10`);
  });

  it('accepts upper-case UUIDs and decodes to lower case', () => {
    const uuid = randomUUID();
    const id = encodeId('ch', uuid.toUpperCase());
    expect(id).toBe(encodeId('ch', uuid));
    expect(decodeId('ch', id)).toBe(uuid);
  });

  it('treats the prefix with or without its underscore alike', () => {
    const uuid = randomUUID();
    expect(encodeId('cs_', uuid)).toBe(encodeId('cs', uuid));
    expect(decodeId('cs_', encodeId('cs', uuid))).toBe(uuid);
  });

  it('throws on a value that is not a UUID or a bad prefix when encoding', () => {
    expect(() => encodeId('cl', 'not-a-uuid')).toThrow(TypeError);
    expect(() => encodeId('cl', `${randomUUID()}0`)).toThrow(TypeError);
    expect(() => encodeId('', randomUUID())).toThrow(TypeError);
    expect(() => encodeId('Cl', randomUUID())).toThrow(TypeError);
    expect(() => encodeId('a_b', randomUUID())).toThrow(TypeError);
  });

  describe('rejects malformed ids with null', () => {
    const good = encodeId('cl', randomUUID());
    const body = good.slice(3);
    const cases: [string, unknown][] = [
      ['wrong prefix', `prod_${body}`],
      ['prefix of a longer prefix', `c_${body}`],
      ['missing underscore', `cl${body}`],
      ['no prefix', body],
      ['too short', good.slice(0, -1)],
      ['too long', `${good}0`],
      ['empty', ''],
      ['bad character -', `cl_${body.slice(0, 21)}-`],
      ['bad character _', `cl_${body.slice(0, 21)}_`],
      ['bad character space', `cl_ ${body.slice(1)}`],
      ['non-ASCII letter', `cl_${body.slice(0, 21)}é`],
      ['2^128 exactly', 'cl_7n42DGM5Tflk9n8mt7Fhc8'],
      ['largest 22-char value', `cl_${'z'.repeat(22)}`],
      ['a raw UUID', randomUUID()],
      ['upper-case prefix', `CL_${body}`],
      ['undefined', undefined],
      ['null', null],
      ['number', 42],
      ['object', { id: good }],
      ['array', [good]],
    ];
    it.each(cases)('%s', (_name, value) => {
      expect(decodeId('cl', value)).toBeNull();
    });
  });
});

describe('isUuid', () => {
  it('accepts canonical UUIDs in either case', () => {
    expect(isUuid(randomUUID())).toBe(true);
    expect(isUuid(MAX.toUpperCase())).toBe(true);
    expect(isUuid(ZERO)).toBe(true);
  });
  it('rejects everything else', () => {
    for (const value of [
      '',
      'ffffffffffffffffffffffffffffffff',
      '{00000000-0000-0000-0000-000000000000}',
      '00000000-0000-0000-0000-00000000000g',
      ` ${ZERO}`,
      `${ZERO}\n`,
      undefined,
      1,
    ]) {
      expect(isUuid(value)).toBe(false);
    }
  });
});

describe('makeIdCodec', () => {
  it('binds a prefix', () => {
    const codec = makeIdCodec('biz_');
    expect(codec.prefix).toBe('biz');
    const uuid = randomUUID();
    const id = codec.encode(uuid);
    expect(id.startsWith('biz_')).toBe(true);
    expect(codec.decode(id)).toBe(uuid);
    expect(codec.decode(encodeId('prod', uuid))).toBeNull();
  });
  it('validates the prefix up front', () => {
    expect(() => makeIdCodec('9x')).toThrow(TypeError);
  });
});
