// Stripe-family cursor lists (LeanRails uses them): { object: "list", data, has_more, url, next_cursor }, newest first, limit
// 1-100 (default 10); starting_after / ending_before are object ids, passed to the core as its
// keyset-by-id arguments (startingAfter / endingBefore: the core's cursors stay opaque).
import type { IdCodec } from '../../../src/contract/ids.ts';
import { paramError } from './errors.ts';

export interface ListQuery {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
}

export interface PageArgs {
  first?: number;
  startingAfter?: string;
  last?: number;
  endingBefore?: string;
}

export const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;

/** The JSON schema of the paging parameters (merged into each list route's querystring). */
export const listQueryProperties = {
  limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
  starting_after: { type: 'string', maxLength: 64 },
  ending_before: { type: 'string', maxLength: 64 },
} as const;

/** GraphQL paging arguments for a list query; ids of another kind are a 400. */
export function pageArgs(query: ListQuery, codec: IdCodec): PageArgs {
  const limit = query.limit ?? DEFAULT_LIMIT;
  if (query.starting_after && query.ending_before) {
    throw paramError(['ending_before'], 'Use only one of starting_after and ending_before.');
  }
  for (const name of ['starting_after', 'ending_before'] as const) {
    const value = query[name];
    if (value !== undefined && value !== '' && codec.decode(value) === null) throw paramError([name], `'${value}' is not a valid ${codec.prefix}_ id.`);
  }
  if (query.ending_before) return { last: limit, endingBefore: codec.decode(query.ending_before) as string };
  if (query.starting_after) return { first: limit, startingAfter: codec.decode(query.starting_after) as string };
  return { first: limit };
}

export interface ListBody<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
  next_cursor: string | null;
}

/**
 * The list body. `has_more` looks in the direction of travel (older for starting_after or no
 * cursor, newer for ending_before); `next_cursor` is the id to continue with in that direction
 * (pass it as starting_after, or as ending_before when paging backwards), null at the end.
 */
export function listBody<T extends { id: string }>(
  url: string,
  data: T[],
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean },
  args: PageArgs,
): ListBody<T> {
  const backward = args.last !== undefined;
  const hasMore = backward ? pageInfo.hasPreviousPage : pageInfo.hasNextPage;
  const edge = backward ? data[0] : data[data.length - 1];
  return { object: 'list', data, has_more: hasMore, url, next_cursor: hasMore && edge ? edge.id : null };
}
