// The bench's key ring (load.ts): each connection sends its own keys, REQUESTS_PER_KEY requests
// each, so that no key reaches the gateway's default rate limit during a scenario.
import { describe, expect, it } from 'vitest';
import { KeyRing, REQUESTS_PER_KEY } from './load.ts';

describe('KeyRing', () => {
  it('gives each connection its own keys, one after another, REQUESTS_PER_KEY requests each', () => {
    const keys = ['a0', 'a1', 'b0', 'b1', 'c0', 'c1'];
    const ring = new KeyRing(keys, 2);
    const sent = (c: number, n: number) => Array.from({ length: n }, () => ring.next(c));
    expect(new Set(sent(0, REQUESTS_PER_KEY))).toEqual(new Set(['a0']));
    expect(new Set(sent(1, REQUESTS_PER_KEY))).toEqual(new Set(['a1']));
    expect(sent(0, 1)).toEqual(['b0']);
    expect(new Set(sent(0, 2 * REQUESTS_PER_KEY))).toEqual(new Set(['b0', 'c0']));
    // Out of fresh keys: the last one keeps going (and the gateway's 429s show in the report).
    expect(sent(0, 3)).toEqual(['c0', 'c0', 'c0']);
    expect(sent(1, 1)).toEqual(['b1']);
  });

  it('refuses fewer keys than connections', () => {
    expect(() => new KeyRing(['a'], 2)).toThrow(/2 connections need as many API keys/);
  });
});
