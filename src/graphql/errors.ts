// The error model on the GraphQL face: typed user errors on payloads, extensions.code otherwise.
import { GraphQLError } from 'graphql';
import { DomainError } from '../domain/errors.ts';

export interface UserErrorShape {
  code: DomainError['code'];
  reason: string;
  message: string;
  path: string[];
}

/** Codes reported as user errors on a mutation payload; the rest are thrown. */
const USER_ERROR_CODES = new Set(['VALIDATION', 'NOT_FOUND', 'CONFLICT']);

export function toGraphQLError(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { code: error.code, reason: error.reason, violations: error.violations },
  });
}

/**
 * Runs a mutation's service call and wraps its result as `{ [key]: result, userErrors: [] }`,
 * or `{ [key]: null, userErrors }` for a validation or business-rule failure. Input paths get
 * the `input` prefix the client sent them under.
 */
export async function payload<K extends string, T>(
  key: K,
  run: () => Promise<T>,
  prefix: string[] = ['input'],
): Promise<{ [P in K]: T | null } & { userErrors: UserErrorShape[] }> {
  try {
    const value = await run();
    return { [key]: value, userErrors: [] } as { [P in K]: T | null } & { userErrors: UserErrorShape[] };
  } catch (error) {
    if (error instanceof DomainError && USER_ERROR_CODES.has(error.code)) {
      const userErrors = error.toViolations().map((v) => ({
        code: v.code,
        reason: v.reason,
        message: v.message,
        path: v.path.length && v.path[0] !== 'id' ? [...prefix, ...v.path] : v.path,
      }));
      return { [key]: null, userErrors } as { [P in K]: T | null } & { userErrors: UserErrorShape[] };
    }
    if (error instanceof DomainError) throw toGraphQLError(error);
    throw error;
  }
}

/** Runs a query's service call; a DomainError becomes a GraphQLError with extensions.code. */
export async function query<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw asQueryError(error);
  }
}

/** `query` for a synchronous call (amounts from rows the request already holds): thrown at once. */
export function querySync<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw asQueryError(error);
  }
}

const asQueryError = (error: unknown): unknown => (error instanceof DomainError ? toGraphQLError(error) : error);
