// GraphQL errors the client caused are told as such (fuzz bug 6): GraphQL refusing to run a
// subscription, or giving up after 50 bad variable values, answered 200 / an entry masked as
// INTERNAL. Now: the message, a client code and a 400. Real exceptions stay masked as INTERNAL.
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatError, isClientRequestError } from '../../src/graphql/server.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

async function post(body: unknown) {
  const res = await gw.inject({
    method: 'POST',
    url: '/graphql',
    payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gw.orgA.testKey}` },
  });
  return { status: res.statusCode, body: res.json() as { data?: unknown; errors?: { message: string; path?: unknown; extensions?: { code?: string } }[] } };
}

const codes = (errors: { extensions?: { code?: string } }[] = []) => errors.map((e) => e.extensions?.code);

describe('GraphQL client errors are not INTERNAL', () => {
  it('a subscription over HTTP POST (subscriptions run over graphql-ws) answers 400, not INTERNAL', async () => {
    const res = await post({ query: 'subscription { checkoutSessionCompleted { id } }' });
    expect(res.status).toBe(400);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('WebSocket'), extensions: { code: 'BAD_REQUEST' } })]);
  });

  it('more than 50 invalid variable values answer 400 with no INTERNAL entry', async () => {
    const tiers = Array.from({ length: 60 }, () => ({ name: 't', position: 'not a number', items: [] }));
    const res = await post({
      query: 'mutation ($input: CreatePlanInput!) { createPlan(input: $input) { plan { id } } }',
      variables: { input: { code: 'many', name: 'Many', tiers } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors?.length).toBeGreaterThan(50);
    expect(codes(res.body.errors)).not.toContain('INTERNAL');
    expect(new Set(codes(res.body.errors))).toEqual(new Set(['BAD_USER_INPUT']));
    expect(res.body.errors?.at(-1)?.message).toMatch(/^Too many errors processing variables/);
    expect((await gw.graphql('{ plans { totalCount } }')).body.data).toEqual({ plans: { totalCount: 0 } });
  });

  it('a query on a missing field keeps answering GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await post({ query: '{ nope }' });
    expect(res.status).toBe(400);
    expect(codes(res.body.errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

describe('formatError', () => {
  const format = (error: GraphQLError) => {
    const logged: unknown[] = [];
    const out = formatError({ ...error.toJSON(), extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error, (e) => logged.push(e));
    return { out, logged };
  };

  it('keeps a request-level GraphQLError (no original, or a GraphQLError as original) as a client error, unlogged', () => {
    const plain = format(new GraphQLError('Schema is not configured to execute subscription operation.'));
    expect(plain.out).toMatchObject({ message: 'Schema is not configured to execute subscription operation.', extensions: { code: 'BAD_REQUEST' } });
    expect(plain.logged).toEqual([]);
    const wrapped = format(new GraphQLError('Variable "$x" got invalid value 1; bad', { originalError: new GraphQLError('bad') }));
    expect(wrapped.out.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('masks and logs a real exception, and any field error without a known code', () => {
    const boom = new Error('connection refused on 10.0.0.5');
    const thrown = format(new GraphQLError(boom.message, { originalError: boom }));
    expect(thrown.out).toEqual({ message: 'Internal server error.', extensions: { code: 'INTERNAL' } });
    expect(thrown.logged).toEqual([boom]);
    // e.g. an output value SafeInt cannot serialise: a GraphQLError inside a field, the server's fault.
    const field = new GraphQLError('SafeInt cannot represent 1e300', {
      path: ['plans', 'nodes', 0, 'x'],
      originalError: new GraphQLError('SafeInt cannot represent 1e300'),
    });
    expect(isClientRequestError(field)).toBe(false);
    expect(format(field).out.extensions?.code).toBe('INTERNAL');
  });
});
