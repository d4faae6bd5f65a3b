// One checker per face for the error body of a refused request (4xx). Each returns null when the
// response is in the face's own error shape, or a sentence saying what is wrong. The shapes are
// the ones the adapters' errors.ts produce and test/adapters/<dialect>/ assert.
export interface Reply {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

export type ShapeCheck = (res: Reply) => string | null;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parse(res: Reply): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(res.body) };
  } catch {
    return { ok: false, problem: `body is not JSON: ${res.body.slice(0, 120)}` };
  }
}

const contentType = (res: Reply): string => String(res.headers['content-type'] ?? '');

/** Exactly these keys (optional ones may be missing). */
function keysProblem(value: Record<string, unknown>, required: string[], optional: string[] = []): string | null {
  const keys = Object.keys(value);
  const missing = required.filter((k) => !(k in value));
  const extra = keys.filter((k) => !required.includes(k) && !optional.includes(k));
  if (missing.length || extra.length) return `keys: missing [${missing}] extra [${extra}]`;
  return null;
}

function check(res: Reply, expectedType: RegExp, shape: (body: unknown) => string | null): string | null {
  if (!expectedType.test(contentType(res))) return `content-type ${contentType(res) || '(none)'} is not ${expectedType}`;
  const parsed = parse(res);
  if (!parsed.ok) return parsed.problem;
  return shape(parsed.value);
}

const violationList = (violations: unknown): string | null => {
  if (!Array.isArray(violations) || violations.length === 0) return 'violations must be a non-empty array';
  for (const v of violations) {
    if (!isObject(v)) return 'a violation is not an object';
    const keys = keysProblem(v, ['propertyPath', 'message', 'code']);
    if (keys) return `violation ${keys}`;
    if (typeof v.propertyPath !== 'string' || typeof v.message !== 'string' || !(typeof v.code === 'string' || v.code === null)) return 'violation field types';
  }
  return null;
};

/** Fynn V2: application/problem+json, a ProblemError or a ValidationError (422 with violations). */
export const fynnV2Error: ShapeCheck = (res) =>
  check(res, /^application\/problem\+json/, (body) => {
    if (!isObject(body)) return 'body is not an object';
    if (body.status !== res.statusCode) return `status field ${String(body.status)} differs from HTTP ${res.statusCode}`;
    if ('violations' in body) {
      if (res.statusCode !== 422) return 'violations on a status other than 422';
      return keysProblem(body, ['status', 'type', 'title', 'violations']) ?? (body.title === 'Validation Failed' ? violationList(body.violations) : 'title');
    }
    const keys = keysProblem(body, ['status', 'type', 'title', 'detail']);
    if (keys) return keys;
    return typeof body.type === 'string' && typeof body.title === 'string' && typeof body.detail === 'string' ? null : 'field types';
  });

/** Fynn classic: API Platform's hydra:Error or ConstraintViolationList. */
export const fynnClassicError: ShapeCheck = (res) =>
  check(res, /^application\/json/, (body) => {
    if (!isObject(body)) return 'body is not an object';
    if (body.status !== res.statusCode) return `status field ${String(body.status)} differs from HTTP ${res.statusCode}`;
    if (body['hydra:title'] !== 'An error occurred' || typeof body['hydra:description'] !== 'string') return 'hydra:title / hydra:description';
    if (body['@type'] === 'ConstraintViolationList') {
      if (res.statusCode !== 422) return 'ConstraintViolationList on a status other than 422';
      return keysProblem(body, ['@type', 'hydra:title', 'hydra:description', 'violations', 'status']) ?? violationList(body.violations);
    }
    if (body['@type'] !== 'hydra:Error') return `@type ${String(body['@type'])}`;
    return keysProblem(body, ['@type', 'hydra:title', 'hydra:description', 'status']);
  });

const LEAN_TYPES = ['invalid_request_error', 'authentication_error', 'rate_limit_error', 'api_error', 'idempotency_error', 'permission_error'];

/** LeanRails: Stripe's `{ error: { type, code, message, param, doc_url } }`. */
export const leanrailsError: ShapeCheck = (res) =>
  check(res, /^application\/json/, (body) => {
    if (!isObject(body)) return 'body is not an object';
    const keys = keysProblem(body, ['error']);
    if (keys) return keys;
    const e = body.error;
    if (!isObject(e)) return 'error is not an object';
    const inner = keysProblem(e, ['type', 'code', 'message', 'param', 'doc_url']);
    if (inner) return `error ${inner}`;
    if (!LEAN_TYPES.includes(String(e.type))) return `error.type ${String(e.type)}`;
    if (typeof e.code !== 'string' || typeof e.message !== 'string' || typeof e.doc_url !== 'string') return 'error field types';
    if (!(typeof e.param === 'string' || e.param === null)) return 'error.param must be a string or null';
    return null;
  });

/** Whop: `{ error: { type, message, code? } }`. */
export const whopError: ShapeCheck = (res) =>
  check(res, /^application\/json/, (body) => {
    if (!isObject(body)) return 'body is not an object';
    const keys = keysProblem(body, ['error']);
    if (keys) return keys;
    const e = body.error;
    if (!isObject(e)) return 'error is not an object';
    const inner = keysProblem(e, ['type', 'message'], ['code']);
    if (inner) return `error ${inner}`;
    if (typeof e.type !== 'string' || typeof e.message !== 'string' || ('code' in e && typeof e.code !== 'string')) return 'error field types';
    return null;
  });

/** GraphQL `errors[]`: each with a message and, if present, a string extensions.code that is not INTERNAL. */
export function graphqlErrorsProblem(errors: unknown): string | null {
  if (!Array.isArray(errors) || errors.length === 0) return 'errors must be a non-empty array';
  for (const e of errors) {
    if (!isObject(e) || typeof e.message !== 'string') return 'an error without a message';
    const code = isObject(e.extensions) ? e.extensions.code : undefined;
    if (code === 'INTERNAL' || code === 'INTERNAL_SERVER_ERROR') return `a masked server error (extensions.code ${code}): ${e.message}`;
    if (code !== undefined && typeof code !== 'string') return 'extensions.code is not a string';
  }
  return null;
}

/**
 * /graphql answered 4xx. Apollo answers `{ errors: [...] }`. Failures before Apollo runs (body
 * over 1 MiB, unparseable JSON, unsupported media type) come from the app's fallback handler as
 * `{ error: { code, message } }` (asserted by test/integration/http-hardening.test.ts), accepted
 * here for those statuses only.
 */
export const graphqlHttpError: ShapeCheck = (res) =>
  check(res, /^application\/(graphql-response\+)?json/, (body) => {
    if (!isObject(body)) return 'body is not an object';
    if ('errors' in body) return graphqlErrorsProblem(body.errors);
    if ('error' in body && [400, 413, 415].includes(res.statusCode)) {
      const e = body.error;
      if (!isObject(e) || typeof e.code !== 'string' || typeof e.message !== 'string') return 'transport error shape';
      return keysProblem(body, ['error']) ?? keysProblem(e, ['code', 'message']);
    }
    return 'neither errors[] nor the transport error shape';
  });

/** A userErrors entry: `{ code, reason, message, path }`. */
export function userErrorsProblem(userErrors: unknown): string | null {
  if (!Array.isArray(userErrors)) return 'userErrors is not an array';
  for (const u of userErrors) {
    if (!isObject(u)) return 'a userError is not an object';
    if (typeof u.code !== 'string' || typeof u.reason !== 'string' || typeof u.message !== 'string') return 'userError field types';
    if (!Array.isArray(u.path) || !u.path.every((p) => typeof p === 'string')) return 'userError.path is not a list of strings';
    if (u.code === 'INTERNAL') return `a userError with code INTERNAL: ${u.message}`;
  }
  return null;
}
