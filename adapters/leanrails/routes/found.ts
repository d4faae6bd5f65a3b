// A retrieved object or the LeanRails 404 (resource_missing, param "id").
import { fromGraphQLErrors, GatewayError, unwrap } from '../../kernel/errors.ts';
import type { OperationResult } from '../../kernel/execute.ts';
import { missing } from '../errors.ts';

/** Throws the result's GraphQL error, or resource_missing when the picked object is absent. */
export function found<TData, T>(result: OperationResult<TData>, pick: (data: TData) => T | null | undefined, kind: string, id: string): T {
  const thrown = fromGraphQLErrors(result.errors);
  if (thrown) throw thrown;
  const value = result.data ? pick(result.data) : null;
  if (value === null || value === undefined) throw missing(kind, id);
  return value;
}

/** The kernel's unwrap with the result's data type inferred for `pick`. */
export function unwrapped<TData, T>(result: OperationResult<TData>, pick: (data: TData) => T): NonNullable<T> {
  return unwrap(result as { data: unknown; errors: OperationResult<TData>['errors'] }, pick as (data: never) => T);
}

/** A mutation's object: throws the payload's userErrors (or thrown errors) first. */
export function mutated<TData, P, T>(result: OperationResult<TData>, payload: (data: TData) => P, pick: (payload: NonNullable<P>) => T | null | undefined): T {
  const value = pick(unwrapped(result, payload));
  if (value === null || value === undefined) throw new GatewayError('INTERNAL', 'INTERNAL', 'The mutation returned no object.');
  return value;
}
