// Response headers a route sets beside its body (e.g. Fynn V2's X-Total-Count and Link on a
// paged bare array): `respond` or `handle` returns withHeaders(body, headers); the runner sends
// the headers (and stores them with an idempotent answer), the body goes on as any other.
const HEADERS = Symbol('reply-headers');

export interface WithHeaders {
  readonly [HEADERS]: Record<string, string>;
  readonly body: unknown;
}

/** A body with response headers (lower-case names). */
export const withHeaders = (body: unknown, headers: Record<string, string>): WithHeaders => ({ [HEADERS]: headers, body });

/** The body and headers of what a route returned (no headers for a plain body). */
export function replyParts(value: unknown): { body: unknown; headers: Record<string, string> } {
  if (value !== null && typeof value === 'object' && HEADERS in value) {
    const v = value as WithHeaders;
    return { body: v.body, headers: v[HEADERS] };
  }
  return { body: value, headers: {} };
}
