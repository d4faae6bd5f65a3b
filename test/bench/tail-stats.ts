// tail.ts's arithmetic over time spans (pure, tested in tail-stats.test.ts): spans are
// [start, end] in ms of wall-clock time, sorted by start; GC pauses of one thread never overlap.

/** The median of `xs` (the mean of the two middle values for an even count). */
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** Milliseconds of [from, to] covered by `spans` (sorted by start, not overlapping). */
export function covered(spans: [number, number][], from: number, to: number): number {
  let ms = 0;
  for (const [s, e] of spans) {
    if (s > to) break;
    if (e >= from) ms += Math.min(e, to) - Math.max(s, from);
  }
  return ms;
}

/** Does [from, to] overlap any of `spans` (sorted by start, none longer than a second)? */
export function overlaps(spans: [number, number][], from: number, to: number): boolean {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((spans[mid] as [number, number])[0] < from - 1000) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < spans.length; i++) {
    const [s, e] = spans[i] as [number, number];
    if (s > to) return false;
    if (e >= from) return true;
  }
  return false;
}
