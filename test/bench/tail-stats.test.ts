// tail.ts's arithmetic: how much of a request's time was GC pause, and whether it met one.
import { describe, expect, it } from 'vitest';
import { covered, median, overlaps } from './tail-stats.ts';

const pauses: [number, number][] = [
  [100, 110],
  [200, 205],
  [5_000, 5_030],
];

describe('tail statistics', () => {
  it('counts the pause milliseconds inside a request, clipped to its start and end', () => {
    expect(covered(pauses, 0, 50)).toBe(0);
    expect(covered(pauses, 95, 210)).toBe(15);
    expect(covered(pauses, 105, 202)).toBe(7);
    expect(covered(pauses, 5_010, 6_000)).toBe(20);
  });

  it('tells whether a request met a pause, also one that started long before it', () => {
    expect(overlaps(pauses, 0, 99)).toBe(false);
    expect(overlaps(pauses, 0, 100)).toBe(true);
    expect(overlaps(pauses, 111, 199)).toBe(false);
    expect(overlaps(pauses, 5_020, 5_021)).toBe(true);
    expect(overlaps(pauses, 5_031, 9_000)).toBe(false);
    expect(overlaps([], 0, 1)).toBe(false);
  });

  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
