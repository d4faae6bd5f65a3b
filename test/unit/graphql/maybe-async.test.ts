// maybe-async.ts: values at once when nothing is a promise, else promised; and querySync
// (errors.ts), the synchronous `query` of the pricing resolvers: a DomainError thrown at once as
// the GraphQLError `query` rejects with.
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { notFound } from '../../../src/domain/errors.ts';
import { query, querySync } from '../../../src/graphql/errors.ts';
import { isPromiseLike, whenAllLoaded, whenLoaded } from '../../../src/graphql/maybe-async.ts';

describe('maybe-async', () => {
  it('answers at once when no value is a promise', () => {
    expect(whenLoaded(2, (n) => n * 3)).toBe(6);
    expect(whenAllLoaded([1, 2, 3], (all) => all.join('+'))).toBe('1+2+3');
  });

  it('answers with a promise, in order, when any value is one', async () => {
    const sum = whenAllLoaded([1, Promise.resolve(2), 3], (all) => all.join('+'));
    expect(isPromiseLike(sum)).toBe(true);
    expect(await sum).toBe('1+2+3');
    const tripled = whenLoaded(Promise.resolve(2), (n) => n * 3);
    expect(isPromiseLike(tripled)).toBe(true);
    expect(await tripled).toBe(6);
  });

  it('tells a thenable from a value', () => {
    expect(isPromiseLike(Promise.resolve(1))).toBe(true);
    expect(isPromiseLike({ id: 'plan' })).toBe(false);
    expect(isPromiseLike(null)).toBe(false);
  });
});

describe('querySync', () => {
  it('throws a DomainError at once as the GraphQLError query() rejects with', async () => {
    const fail = () => {
      throw notFound('Plan');
    };
    let thrown: unknown;
    try {
      querySync(fail);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GraphQLError);
    const rejected = await query(async () => fail()).catch((error: unknown) => error);
    expect((thrown as GraphQLError).toJSON()).toEqual((rejected as GraphQLError).toJSON());
    expect((thrown as GraphQLError).extensions.code).toBe('NOT_FOUND');
  });

  it('passes other errors and values through', () => {
    expect(querySync(() => 5)).toBe(5);
    const other = new TypeError('x');
    expect(() =>
      querySync(() => {
        throw other;
      }),
    ).toThrow(other);
  });
});
