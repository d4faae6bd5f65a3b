// GraphQL input paths back to the request field as the client sent it: a table of dotted
// GraphQL paths (`*` = any index) to dotted client paths; indices are rendered `[n]`.
// e.g. ['tiers','0','items','1','priceId'] -> "tiers[0].items[1].pricePlanId".

export type PathTable = ReadonlyArray<readonly [graphql: string, client: string]>;

const isIndex = (segment: string): boolean => /^\d+$/.test(segment);

/** Renders segments as `a[0].b`. */
export function renderPath(segments: readonly string[]): string {
  let out = '';
  for (const segment of segments) {
    if (isIndex(segment)) out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out;
}

/** Maps a GraphQL input path through `table` (longest matching prefix wins) and renders it. */
export function clientPath(path: readonly string[], table: PathTable): string {
  const pattern = path.map((s) => (isIndex(s) ? '*' : s));
  let best: { length: number; client: string[] } | null = null;
  for (const [graphql, client] of table) {
    const from = graphql.split('.');
    if (from.length > pattern.length || (best && from.length <= best.length)) continue;
    if (from.every((s, i) => s === pattern[i])) best = { length: from.length, client: client.split('.') };
  }
  if (!best) return renderPath(path);
  const indices = path.filter(isIndex);
  let k = 0;
  const head = best.client.map((s) => (s === '*' ? (indices[k++] ?? '0') : s));
  // Indices consumed by the matched prefix; the unmatched tail stays as it is.
  return renderPath([...head, ...path.slice(best.length)]);
}
