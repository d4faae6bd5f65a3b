// V2 lists stay bare arrays (as Fynn answers them) but are paged, never cut silently: `page`
// (from 1) and `limit` (1-100, default 100) pick the window; `X-Total-Count` says how many there
// are and `Link` (RFC 8288) gives first / prev / next / last, so a client sees when there is more.
import type { FastifyRequest } from 'fastify';
import { withHeaders, type WithHeaders } from '../../kernel/reply.ts';

export const V2_MAX_LIMIT = 100;

export interface V2PageQuery {
  page: number;
  limit: number;
}

/** Query-string schema properties of a paged V2 list (the core skips at most 100000 rows). */
export const v2PageQuery = {
  page: { type: 'integer', minimum: 1, maximum: 1000, default: 1, description: 'Page number, from 1.' },
  limit: { type: 'integer', minimum: 1, maximum: V2_MAX_LIMIT, default: V2_MAX_LIMIT, description: 'Items per page (at most 100).' },
} as const;

export const v2Window = (q: V2PageQuery) => ({ first: q.limit, offset: (q.page - 1) * q.limit });

/** The page's bare array with X-Total-Count and Link for this page of `total` items. */
export function v2Page(body: unknown[], request: FastifyRequest, q: V2PageQuery, total: number): WithHeaders {
  const last = Math.max(1, Math.ceil(total / q.limit));
  const url = new URL(request.url, 'http://x');
  const at = (page: number) => {
    url.searchParams.set('page', String(page));
    url.searchParams.set('limit', String(q.limit));
    return `<${url.pathname}${url.search}>`;
  };
  const links = [`${at(1)}; rel="first"`, `${at(last)}; rel="last"`];
  if (q.page > 1) links.push(`${at(Math.min(q.page - 1, last))}; rel="prev"`);
  if (q.page < last) links.push(`${at(q.page + 1)}; rel="next"`);
  return withHeaders(body, { 'x-total-count': String(total), link: links.join(', ') });
}
