// Fastify plumbing every dialect shares: the caller check, and one error handler that turns
// Fastify's own failures (bad JSON, body too large, schema validation, unknown route) and
// GatewayErrors into the dialect's error shape through its mapper.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Caller, GatewayCore } from '../../src/contract/gateway-core.ts';
import { GatewayError, type ErrorMapper, type GatewayViolation } from './errors.ts';

/** The caller's principal, or a GatewayError UNAUTHENTICATED (no key, bad key, operator token). */
export async function requireCaller(core: GatewayCore, request: FastifyRequest): Promise<NonNullable<Caller['principal']>> {
  const caller = await core.auth(request);
  if (!caller.principal) {
    throw new GatewayError('UNAUTHENTICATED', 'UNAUTHENTICATED', caller.status === 'none' ? 'No API key provided.' : 'Invalid API key provided.');
  }
  return caller.principal;
}

/** A key lacking `scope` -> GatewayError FORBIDDEN. */
export function requireKeyScope(principal: NonNullable<Caller['principal']>, scope: string): void {
  if (!principal.scopes.has(scope)) throw new GatewayError('FORBIDDEN', 'FORBIDDEN', `This key lacks the "${scope}" permission.`);
}

interface AjvError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Path segments of a Fastify/Ajv validation error, including the missing or extra property. */
function violationPath(error: AjvError): string[] {
  const path = (error.instancePath ?? '')
    .split('/')
    .filter(Boolean)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const missing = error.params?.missingProperty ?? error.params?.additionalProperty;
  if (typeof missing === 'string') path.push(missing);
  return path;
}

/** Fastify's own errors as GatewayErrors; GatewayErrors pass through; anything else is INTERNAL. */
function classifyError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  const e = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (Array.isArray(e.validation)) {
    const violations: GatewayViolation[] = e.validation.map((v) => ({
      path: violationPath(v),
      message: v.message ?? 'is invalid',
      reason:
        v.keyword === 'required'
          ? 'VALUE__MISSING'
          : v.keyword === 'additionalProperties'
            ? 'VALUE__UNKNOWN_FIELD'
            : v.keyword === 'type'
              ? 'VALUE__WRONG_TYPE'
              : 'VALUE__INVALID',
      code: 'VALIDATION',
    }));
    const first = violations[0];
    const where = e.validationContext ?? 'body';
    const message = first ? `${[where, ...first.path].join('.')}: ${first.message}` : e.message;
    return new GatewayError('BAD_REQUEST', first?.reason ?? 'VALUE__INVALID', message, violations, 400);
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new GatewayError('BAD_REQUEST', 'BODY__INVALID_JSON', 'The request body is not valid JSON.', [], 400);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new GatewayError('BAD_REQUEST', 'BODY__TOO_LARGE', 'The request body is larger than 1 MiB.', [], 413);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new GatewayError('BAD_REQUEST', 'BODY__UNSUPPORTED_MEDIA_TYPE', 'Unsupported Content-Type.', [], 415);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new GatewayError('BAD_REQUEST', 'BODY__INVALID', 'Invalid Content-Length.', [], 400);
    default:
      break;
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const code = e.statusCode === 429 ? 'RATE_LIMITED' : 'BAD_REQUEST';
    return new GatewayError(code, code, e.message, [], e.statusCode);
  }
  return new GatewayError('INTERNAL', 'INTERNAL', 'Internal server error.', [], undefined, error);
}

function sendError(reply: FastifyReply, mapper: ErrorMapper, error: GatewayError): FastifyReply {
  const { status, body, headers } = mapper(error);
  if (headers) void reply.headers(headers);
  return reply.status(status).send(body);
}

/**
 * Installs the dialect's error handler and, unless `notFound` is false (a section without a
 * prefix of its own shares its parent's), its not-found handler on an encapsulated instance.
 */
export function installErrorHandling(instance: FastifyInstance, mapper: ErrorMapper, notFound = true): void {
  instance.setErrorHandler((error, request, reply) => {
    const gatewayError = classifyError(error);
    // The log gets what went wrong (the resolver's or handler's exception), the client never.
    if (gatewayError.code === 'INTERNAL') request.log.error({ err: gatewayError.cause ?? error }, 'internal error');
    return sendError(reply, mapper, gatewayError);
  });
  if (!notFound) return;
  instance.setNotFoundHandler((request, reply) =>
    sendError(reply, mapper, new GatewayError('NOT_FOUND', 'ROUTE__NOT_FOUND', `Unrecognized request URL (${request.method}: ${request.url.split('?')[0]}).`)),
  );
}
