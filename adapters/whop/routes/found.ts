// unwrap() with a Whop-worded 404 when the object is simply absent.
import type { GraphQLError } from 'graphql';
import { GatewayError, unwrap } from '../../kernel/errors.ts';
import { notFound } from '../errors.ts';

export function found<T>(result: { data: unknown; errors: readonly GraphQLError[] }, pick: (data: never) => T, what: string): NonNullable<T> {
  try {
    return unwrap(result, pick);
  } catch (error) {
    if (error instanceof GatewayError && error.code === 'NOT_FOUND') throw notFound(what);
    throw error;
  }
}
