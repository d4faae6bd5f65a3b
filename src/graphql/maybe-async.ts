// Values a resolver may have at once or later: a row a RowLoader (loaders.ts) already holds is
// returned as it is, anything else as a promise. Resolvers that return a value instead of a
// promise save graphql-jit a promise and a microtask round per field.

export const isPromiseLike = (value: unknown): value is PromiseLike<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';

/** `f(value)`, at once when `value` is not a promise. */
export function whenLoaded<T, R>(value: T | Promise<T>, f: (value: T) => R | Promise<R>): R | Promise<R> {
  return value instanceof Promise ? value.then(f) : f(value);
}

/** `f(values)` once every value is there: at once when none is a promise. */
export function whenAllLoaded<T, R>(values: readonly (T | Promise<T>)[], f: (values: readonly T[]) => R | Promise<R>): R | Promise<R> {
  return values.some((v) => v instanceof Promise) ? Promise.all(values).then(f) : f(values as readonly T[]);
}
