import { describe, expect, it } from 'vitest';
import { badString, inputProblem, MAX_DEPTH } from '../../../src/http/input-guard.ts';

const nested = (levels: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { a: [v] };
  return v;
};

describe('input guard', () => {
  it('refuses NUL and lone surrogates in strings and keys, anywhere in the value', () => {
    expect(badString('fine ✓ 𝄞')).toBeNull();
    expect(badString('a\u0000b')).toMatch(/NUL/);
    expect(badString('x\udf6f')).toMatch(/lone surrogate/);
    expect(badString('\ud800')).toMatch(/lone surrogate/);
    expect(inputProblem({ name: 'ok', tags: ['a', 'b'], n: 1, d: null })).toBeNull();
    expect(inputProblem({ metadata: { deep: ['ok', 'no\u0000'] } })).toBe('metadata.deep[1] contains a NUL character (U+0000).');
    expect(inputProblem({ metadata: { ['k\ud800']: 1 } })).toMatch(/A key in metadata is not well-formed/);
    expect(inputProblem('plain\udfff')).toMatch(/^the value is not well-formed/);
  });

  it(`allows ${MAX_DEPTH} levels of nesting and refuses deeper (without recursion, even at 100,000 levels)`, () => {
    expect(inputProblem(nested(MAX_DEPTH / 2 - 1))).toBeNull();
    expect(inputProblem(nested(MAX_DEPTH))).toMatch(/nested more than 32 levels/);
    expect(inputProblem(nested(100_000))).toMatch(/nested more than/);
  });
});
