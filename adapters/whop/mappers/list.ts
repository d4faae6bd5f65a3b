// Whop's cursor pages: `first` (default 25, max 100), opaque `after`/`before` cursors and
// `direction` in; `{ data, page_info }` out, with `end_cursor: null` on the last page (the SDK
// stops on it).
import { clampPageSize, isPageSizeError } from '../../kernel/query-values.ts';
import { badRequest } from '../errors.ts';

export interface WhopListQuery {
  first?: unknown;
  after?: unknown;
  before?: unknown;
  direction?: unknown;
}

export interface GraphQLPageArgs {
  first?: number;
  last?: number;
  after?: string;
  before?: string;
  orderDirection: 'ASC' | 'DESC';
}

export interface PageInfoLike {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor?: string | null;
  endCursor?: string | null;
}

export interface WhopPage<T> {
  data: T[];
  page_info: { end_cursor: string | null; start_cursor: string | null; has_next_page: boolean; has_previous_page: boolean };
}

const text = (value: unknown, name: string): string | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw badRequest('VALUE__INVALID', `${name} must be a string.`);
  return value;
};

/** The GraphQL page arguments of a Whop list query (400 for a bad page size or direction). */
export function pageArgs(query: WhopListQuery): GraphQLPageArgs {
  const size = clampPageSize(query.first, { default: 25, max: 100 });
  if (isPageSizeError(size)) throw badRequest('VALUE__INVALID', 'first must be an integer of at least 1 (at most 100 are returned).');
  const direction = query.direction ?? 'desc';
  if (direction !== 'asc' && direction !== 'desc') throw badRequest('VALUE__INVALID', 'direction must be asc or desc.');
  const after = text(query.after, 'after');
  const before = text(query.before, 'before');
  const orderDirection = direction === 'asc' ? 'ASC' : 'DESC';
  if (before && !after) return { last: size, before, orderDirection };
  return { first: size, ...(after ? { after } : {}), ...(before ? { before } : {}), orderDirection };
}

export function toWhopPage<T>(data: T[], info: PageInfoLike): WhopPage<T> {
  return {
    data,
    page_info: {
      end_cursor: info.hasNextPage && data.length > 0 ? (info.endCursor ?? null) : null,
      start_cursor: data.length > 0 ? (info.startCursor ?? null) : null,
      has_next_page: info.hasNextPage,
      has_previous_page: info.hasPreviousPage,
    },
  };
}

/** `created_after` / `created_before`: unix seconds or ISO 8601 -> an ISO timestamp. */
export function parseTimestamp(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const raw = String(value);
  const ms = /^\d+$/.test(raw) ? Number(raw) * 1000 : /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw) : Number.NaN;
  if (!Number.isFinite(ms) || Number.isNaN(new Date(ms).getTime())) {
    throw badRequest('VALUE__INVALID', `${name} must be a unix timestamp (seconds) or an ISO 8601 date-time.`);
  }
  return new Date(ms).toISOString();
}
