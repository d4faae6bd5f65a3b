// Counts the database keeps, for the totals of lists: a trigger-kept tally stands in for a
// count(*) whose filter is exactly the tally's. CheckoutLink: the live links of the request's
// tenant and mode, in `checkout_link_tally` (Migration20261207160000_checkout_link_tally), for
// the Fynn classic collection's hydra:totalItems and GraphQL's totalCount of an unfiltered list.
// A count(*) visits every matching row, so it grew with the tenant (0.2-0.3 ms of PostgreSQL per
// list at 1,000 links); the tally sums at most 16 shard rows. Any other filter is counted as before.

/** A tally: its table, and the filter (besides the tenant) whose count it holds. */
interface Tally {
  table: string;
  /** Whether `where` is exactly the filter the tally counts. */
  counts: (where: Record<string, unknown>) => boolean;
}

const onlyLive = (where: Record<string, unknown>): boolean => {
  const keys = Object.keys(where);
  return keys.length === 1 && keys[0] === 'deletedAt' && where.deletedAt === null;
};

/** By the counted entity's table. */
const TALLIES: ReadonlyMap<string, Tally> = new Map([['checkout_link', { table: 'checkout_link_tally', counts: onlyLive }]]);

/** The tables the entities do not describe (the ORM's schema diff skips them). */
export const TALLY_TABLES = [...TALLIES.values()].map((t) => t.table);

/**
 * The SQL of the count of `where` on `table` from its tally, its parameters the tenant's
 * organisation and mode; null when no tally holds that count.
 */
export function tallyCountSql(table: string, where: Record<string, unknown>): string | null {
  const tally = TALLIES.get(table);
  if (!tally?.counts(where)) return null;
  return `select coalesce(sum("live"), 0)::bigint from "${tally.table}" where "organisation_id" = ? and "mode" = ?`;
}
