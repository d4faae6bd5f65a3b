// Stripe-family request bodies: JSON (Fastify's parser) and application/x-www-form-urlencoded with Stripe's
// bracket notation (`line_items[0][price]=price_...`), parsed with qs. An empty value (`key=`)
// means null; metadata values stay strings. Form values are then coerced to the types the
// route's JSON schema expects (integers, booleans), so both encodings meet one strict schema.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import qs from 'qs';
import { GatewayError } from '../errors.ts';

const FORM = 'application/x-www-form-urlencoded';
const KEY = /^[^[\]]+(\[[^[\]]*\])*$/;

function malformed(detail: string): GatewayError {
  return new GatewayError('BAD_REQUEST', 'BODY__INVALID_FORM', `The form-encoded request body is malformed: ${detail}.`, [], 400);
}

/** '' -> null everywhere (qs gives '' for `key=`). */
function nullify(value: unknown): unknown {
  if (value === '') return null;
  if (Array.isArray(value)) return value.map(nullify);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nullify(v)]));
  return value;
}

/** Parses a form body; throws a GatewayError for broken percent-encoding or bracket syntax. */
function parseForm(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const [rawKey = '', ...rest] = pair.split('=');
    let key: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      decodeURIComponent(rest.join('=').replace(/\+/g, ' '));
    } catch {
      throw malformed('invalid percent-encoding');
    }
    if (!KEY.test(key)) throw malformed(`invalid parameter name "${key.slice(0, 100)}"`);
    // As the JSON parser does: prototype-polluting names are refused; any other name (toString,
    // valueOf, constructor …) is kept as an own property, as JSON keeps it.
    const segments = key.split(/[[\]]+/).filter(Boolean);
    if (segments.includes('__proto__') || segments.some((s, i) => s === 'constructor' && segments[i + 1] === 'prototype')) {
      throw malformed(`invalid parameter name "${key.slice(0, 100)}"`);
    }
  }
  try {
    const parsed = qs.parse(body, { depth: 6, strictDepth: true, arrayLimit: 100, parameterLimit: 2000, throwOnLimitExceeded: true, allowPrototypes: true });
    return nullify(parsed) as Record<string, unknown>;
  } catch (error) {
    throw malformed(error instanceof Error ? error.message : 'unparseable');
  }
}

interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
}

const hasType = (schema: SchemaNode, type: string): boolean =>
  schema.type === type || (Array.isArray(schema.type) && schema.type.includes(type)) || (schema.anyOf ?? []).some((s) => hasType(s, type));

/** Coerces form strings to what `schema` wants: integers, numbers, booleans; walks objects and arrays. */
export function coerce(value: unknown, schema: SchemaNode | undefined): unknown {
  if (!schema || value === null || value === undefined) return value;
  if (typeof value === 'string') {
    if ((hasType(schema, 'integer') || hasType(schema, 'number')) && !hasType(schema, 'string') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
    if (hasType(schema, 'boolean') && !hasType(schema, 'string') && (value === 'true' || value === 'false')) return value === 'true';
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => coerce(v, schema.items));
  if (typeof value === 'object') {
    const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, coerce(v, schema.properties?.[k] ?? extra)]));
  }
  return value;
}

const isForm = (request: FastifyRequest): boolean => (request.headers['content-type'] ?? '').toLowerCase().startsWith(FORM);

/** Registers the form parser and the schema-guided coercion of form bodies on the dialect. */
export function installBodies(instance: FastifyInstance): void {
  instance.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseForm(String(body)));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  instance.addHook('preValidation', async (request) => {
    if (!isForm(request) || !request.body || typeof request.body !== 'object') return;
    const schema = request.routeOptions.schema?.body as SchemaNode | undefined;
    request.body = coerce(request.body, schema);
  });
}
