// One guard for every face, before any handler sees a request: strings must be well-formed
// Unicode without NUL, and bodies at most MAX_DEPTH levels deep.
//
//   - NUL (U+0000) cannot be stored in PostgreSQL text or jsonb: the database refuses it.
//   - A lone surrogate is not Unicode. PostgreSQL stores it as U+FFFD; PGlite's wire writer
//     miscounts it (2 bytes counted, 3 written) and sends a truncated statement, which can drop
//     the end of an UPDATE, WHERE clause included. Refusing it at the door protects every path.
//   - Deep nesting overflows recursive code (JSON.stringify in validation, mappers) long before
//     any legitimate document (metadata, custom fields) needs it.
//
// A violation is a 400 with code FST_INPUT_INVALID, answered by each face's own error handler
// in its own shape. GraphQL variables and string literals are checked by an Apollo plugin.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, GraphQLError, visit } from 'graphql';

export const MAX_DEPTH = 32;

export class InputError extends Error {
  readonly statusCode = 400;
  readonly code = 'FST_INPUT_INVALID';
}

/** Why a string is refused, or null. */
export function badString(s: string): string | null {
  if (s.includes('\u0000')) return 'contains a NUL character (U+0000)';
  if (!s.isWellFormed()) return 'is not well-formed Unicode (a lone surrogate)';
  return null;
}

/**
 * Whether `value` passes, without building the paths a message needs (every request runs this on
 * its params, query and body). Recursion is bounded: an object MAX_DEPTH levels down fails.
 */
function passes(v: unknown, depth: number): boolean {
  if (typeof v === 'string') return badString(v) === null;
  if (v === null || typeof v !== 'object') return true;
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!passes(v[i], depth + 1)) return false;
    return true;
  }
  if (v instanceof Date || Buffer.isBuffer(v)) return true;
  const record = v as Record<string, unknown>;
  for (const k of Object.keys(record)) if (badString(k) !== null || !passes(record[k], depth + 1)) return false;
  return true;
}

/** The first problem in a parsed body / query / params value, or null. */
export function inputProblem(value: unknown): string | null {
  return passes(value, 0) ? null : firstProblem(value);
}

/** The first problem with its path, iteratively (no recursion). */
function firstProblem(value: unknown): string | null {
  const stack: { v: unknown; depth: number; path: string }[] = [{ v: value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { v, depth, path } = stack.pop() as { v: unknown; depth: number; path: string };
    if (typeof v === 'string') {
      const bad = badString(v);
      if (bad) return `${path || 'the value'} ${bad}.`;
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_DEPTH) return `${path || 'the body'} is nested more than ${MAX_DEPTH} levels deep.`;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) stack.push({ v: v[i], depth: depth + 1, path: `${path}[${i}]` });
      } else if (!(v instanceof Date) && !Buffer.isBuffer(v)) {
        for (const [k, child] of Object.entries(v)) {
          const badKey = badString(k);
          if (badKey) return `A key in ${path || 'the body'} ${badKey}.`;
          stack.push({ v: child, depth: depth + 1, path: path ? `${path}.${k}` : k });
        }
      }
    }
  }
  return null;
}

function check(request: FastifyRequest): void {
  const problem = inputProblem(request.params) ?? inputProblem(request.query) ?? inputProblem(request.body);
  if (problem) throw new InputError(problem);
}

/** Registers the guard on every route of `app` (call before the faces are registered). */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => check(request));
}

/** Parsed documents whose string literals passed the guard. */
const cleanDocuments = new WeakSet<object>();

/**
 * GraphQL: the variables (also those of GET requests, which arrive JSON-encoded in the query
 * string) and the string literals of the document follow the same rule.
 */
export const graphqlInputGuard: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document }) {
        let problem = inputProblem(request.variables ?? null);
        // Apollo keeps one parsed document per query string: its literals are checked once.
        if (!problem && !cleanDocuments.has(document)) {
          visit(document, {
            StringValue(node) {
              const bad = badString(node.value);
              if (bad) problem = `A string literal ${bad}.`;
              return bad ? BREAK : undefined;
            },
          });
        }
        if (problem) throw new GraphQLError(problem, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
        cleanDocuments.add(document);
      },
    };
  },
};

/**
 * A path whose percent-escapes don't decode (e.g. `%C0%AF`, not UTF-8) would fail in the router
 * with Fastify's own error body, in no face's shape. Such a path is routed with its `%` taken
 * literally instead: the id is then simply unknown, and the face answers as for any unknown id.
 */
export function routablePath(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (!path.includes('%')) return url;
  try {
    for (const segment of path.split('/')) decodeURIComponent(segment);
    return url;
  } catch {
    return path.replaceAll('%', '%25') + (q === -1 ? '' : url.slice(q));
  }
}
