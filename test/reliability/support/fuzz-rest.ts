// What the REST faces share in the fuzz suite: ids in paths, auth headers, and the judgement of
// an answer (refused -> the face's error shape; accepted -> a success body).
import fc from 'fast-check';
import type { Reply, ShapeCheck } from './error-shapes.ts';
import { FUZZ_RUNS, type Endpoint, type FuzzRequest, type Judgement } from './fuzz-harness.ts';
import { hostileString, type WireBody } from './fuzz-values.ts';

const encodable = (value: string): boolean => {
  try {
    encodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
};

/** Path segments that are not valid percent-encoded UTF-8 (fuzzed apart: see `badUrlEndpoint`). */
export const BAD_SEGMENTS = ['%ED%A0%80', '%', '%zz', 'a%2', '%C0%AF', '%FF%FE'];

/** An id for a path: mostly one of `valid`, sometimes one of `invalid` (other organisation, unknown) or garbage. */
export function pathId(valid: () => string[], invalid: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.nat().map((i) => {
        const ids = valid();
        return ids[i % ids.length] as string;
      }),
    },
    { weight: 1, arbitrary: fc.constantFrom(...invalid) },
    { weight: 1, arbitrary: hostileString.filter((s) => s.length > 0 && s.length < 200 && encodable(s)).map(encodeURIComponent) },
  );
}

/** Authorization: mostly the key, rarely none or a wrong one (the 401 comes first, in the face's shape too). */
export function authorization(key: string, scheme: 'Bearer' | 'Basic' = 'Bearer'): fc.Arbitrary<Record<string, string>> {
  const valid = scheme === 'Basic' ? `Basic ${Buffer.from(`${key}:`).toString('base64')}` : `Bearer ${key}`;
  return fc.oneof(
    { weight: 60, arbitrary: fc.constant({ authorization: valid }) },
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.constantFrom({ authorization: 'Bearer sk_test_nope' }, { authorization: 'Basic Og==' }, { authorization: `Bearer ${key}x` }) },
  );
}

/** A request from its parts; the content type header only when there is one. */
export function request(method: FuzzRequest['method'], url: string, headers: Record<string, string>, body: WireBody): FuzzRequest {
  const all = { ...headers, ...(body.contentType ? { 'content-type': body.contentType } : {}) };
  return { method, url, headers: all, ...(body.payload === undefined ? {} : { payload: body.payload }) };
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A success body check: the parsed body -> a problem or null. */
export type SuccessCheck = (body: Record<string, unknown>) => string | null;

/** Fields every success body of the endpoint must carry, with their typeof. */
export const hasFields =
  (fields: Record<string, string>): SuccessCheck =>
  (body) => {
    for (const [field, type] of Object.entries(fields)) {
      const actual = Array.isArray(body[field]) ? 'array' : body[field] === null ? 'null' : typeof body[field];
      if (actual !== type) return `${field} is ${actual}, expected ${type}`;
    }
    return null;
  };

/** Refused (>= 400): `errorShape`; accepted: one of `statuses` with a JSON object passing `success`. */
export function restJudge(errorShape: ShapeCheck, statuses: number[], success: SuccessCheck): (res: Reply) => Judgement {
  return (res) => {
    if (res.statusCode >= 400) return { refused: true, problem: errorShape(res) };
    if (!statuses.includes(res.statusCode)) return { refused: false, problem: `status ${res.statusCode}, expected ${statuses.join('/')}` };
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      return { refused: false, problem: 'body is not JSON' };
    }
    return { refused: false, problem: isObject(body) ? success(body) : 'body is not an object' };
  };
}

/** One create or update route of a REST face. */
export interface RestRoute {
  name: string;
  method: FuzzRequest['method'];
  /** The URL, given a generated id (routes without `ids` get ''). */
  url: (id: string) => string;
  ids?: fc.Arbitrary<string>;
  body: fc.Arbitrary<WireBody>;
  shape: ShapeCheck;
  /** The success status. */
  status: number;
  success: SuccessCheck;
}

/**
 * An endpoint per route (generated bodies), plus one for the routes with an id: ids that are not
 * valid percent-encoded UTF-8 (a router-level failure, kept apart so it cannot hide body bugs).
 */
export function restEndpoints(routes: RestRoute[], headers: fc.Arbitrary<Record<string, string>>): Endpoint[] {
  const endpoints: Endpoint[] = routes.map((r) => ({
    name: r.name,
    request: fc.tuple(r.ids ?? fc.constant(''), headers, r.body).map(([id, h, body]) => request(r.method, r.url(id), h, body)),
    judge: restJudge(r.shape, [r.status], r.success),
  }));
  const withId = routes.filter((r) => r.ids);
  if (withId.length) {
    const valid: WireBody = { payload: '{}', contentType: 'application/json' };
    endpoints.push({
      name: 'malformed percent-encoding in {id}',
      runs: Math.min(FUZZ_RUNS, 100),
      request: fc.tuple(fc.nat(withId.length - 1), fc.constantFrom(...BAD_SEGMENTS), headers).map(([i, segment, h]) => {
        const r = withId[i] as RestRoute;
        return Object.assign(request(r.method, r.url(segment), h, valid), { route: i });
      }),
      judge: (res, req) => {
        const r = withId[(req as FuzzRequest & { route: number }).route] as RestRoute;
        return restJudge(r.shape, [r.status], r.success)(res);
      },
    });
  }
  return endpoints;
}

/** A GET route fuzzed through its query string (paging, filters, expand): no row, no 5xx, the face's shapes. */
export interface QueryRoute {
  name: string;
  /** The URL, given the generated query string (without '?'). */
  url: (query: string) => string;
  /** Each parameter (as written on the wire, e.g. `expand[]`) with values a client would send. */
  params: Record<string, string[]>;
  shape: ShapeCheck;
  /** A success body check on the parsed JSON (an array for bare-array lists). */
  success: (body: unknown) => string | null;
}

const queryValue = (valid: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...valid) },
    { weight: 2, arbitrary: hostileString.filter((s) => s.length < 300 && encodable(s)) },
    { weight: 1, arbitrary: fc.constantFrom('', '-1', '0', '1e3', '99999999999', 'true', 'null', '[]') },
  );

/** Each parameter absent, once, or (rarely) repeated; values valid, edge or hostile. */
export function queryEndpoint(r: QueryRoute, headers: fc.Arbitrary<Record<string, string>>): Endpoint {
  const parts = Object.entries(r.params).map(([name, valid]) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant<string[]>([]) },
      { weight: 4, arbitrary: queryValue(valid).map((v) => [`${name}=${encodeURIComponent(v)}`]) },
      { weight: 1, arbitrary: fc.array(queryValue(valid), { minLength: 2, maxLength: 12 }).map((vs) => vs.map((v) => `${name}=${encodeURIComponent(v)}`)) },
    ),
  );
  return {
    name: r.name,
    request: fc.tuple(fc.tuple(...parts), headers).map(([ps, h]) => request('GET', r.url(ps.flat().join('&')), h, {})),
    judge: (res) => {
      if (res.statusCode >= 400) return { refused: true, problem: r.shape(res) };
      if (res.statusCode !== 200) return { refused: false, problem: `status ${res.statusCode}, expected 200` };
      try {
        return { refused: false, problem: r.success(JSON.parse(res.body)) };
      } catch {
        return { refused: false, problem: 'body is not JSON' };
      }
    },
  };
}
