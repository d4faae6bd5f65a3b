// Compiled execution (src/graphql/compiled-execution.ts) answers what graphql-js answers: data,
// field errors with their paths and extensions, null propagation, abstract types, scalars; and the
// operations it leaves to graphql-js (mutations, introspection, variables inside literals,
// variables that do not coerce) run there, with graphql-js's own errors.
import { makeExecutableSchema } from '@graphql-tools/schema';
import { execute, GraphQLError, GraphQLScalarType, Kind, parse, validate, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { executeOperation, runsCompiled } from '../../../src/graphql/compiled-execution.ts';

const JSONObject = new GraphQLScalarType({
  name: 'JSONObject',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: (node) =>
    node.kind === Kind.OBJECT ? Object.fromEntries(node.fields.map((f) => [f.name.value, 'value' in f.value ? f.value.value : null])) : null,
});

interface Row {
  id: string;
  name: string | null;
  kind: 'BOOK' | 'PEN';
}
const rows: Row[] = [
  { id: '1', name: 'Book', kind: 'BOOK' },
  { id: '2', name: null, kind: 'PEN' },
  { id: '3', name: 'Pen', kind: 'PEN' },
];

const schema = makeExecutableSchema({
  typeDefs: /* GraphQL */ `
    scalar JSONObject
    interface Node { id: ID! }
    type Book implements Node { id: ID! title: String! }
    type Pen implements Node { id: ID! name: String color: String }
    type Query {
      nodes(first: Int = 2): [Node!]!
      pen(id: ID!): Pen
      secret: Pen
      echo(value: JSONObject): JSONObject
      strictNames: [String!]
    }
    type Mutation { rename(id: ID!, name: String!): Pen }
  `,
  resolvers: {
    JSONObject,
    Node: { __resolveType: (row: Row) => (row.kind === 'BOOK' ? 'Book' : 'Pen') },
    Book: { title: (row: Row) => Promise.resolve(row.name) },
    Pen: { color: (row: Row) => (row.id === '3' ? Promise.reject(new Error('ink leak')) : 'blue') },
    Query: {
      nodes: async (_: unknown, args: { first: number }) => rows.slice(0, args.first),
      pen: (_: unknown, args: { id: string }) => rows.find((r) => r.id === args.id && r.kind === 'PEN') ?? null,
      secret: () => {
        throw new GraphQLError('No.', { extensions: { code: 'FORBIDDEN', reason: 'SCOPE' } });
      },
      echo: (_: unknown, args: { value: unknown }) => args.value,
      strictNames: () => rows.map((r) => r.name),
    },
    Mutation: { rename: (_: unknown, args: { id: string; name: string }) => ({ ...(rows[1] as Row), id: args.id, name: args.name }) },
  },
});

const doc = (source: string): DocumentNode => {
  const document = parse(source);
  expect(validate(schema, document)).toEqual([]);
  return document;
};

/**
 * Both executors' answers, as a client reads them (JSON), errors by path: the spec gives them no
 * order, and graphql-jit lists the null-propagation errors ("Cannot return null ...") last.
 */
async function both(document: DocumentNode, variableValues?: Record<string, unknown>, operationName?: string) {
  const json = (r: unknown) => {
    const out = JSON.parse(JSON.stringify(r));
    out.errors?.sort((a: { path?: unknown[] }, b: { path?: unknown[] }) => JSON.stringify(a.path ?? []).localeCompare(JSON.stringify(b.path ?? [])));
    return out;
  };
  const compiled = json(await executeOperation({ schema, document, variableValues, operationName, contextValue: {} }));
  const reference = json(await execute({ schema, document, variableValues, operationName, contextValue: {} }));
  return { compiled, reference };
}

describe('compiled execution', () => {
  it('answers queries as graphql-js does: data, abstract types, async fields, field errors with path and extensions, null propagation', async () => {
    const document = doc(`
      query Q($first: Int) {
        nodes(first: $first) { __typename id ... on Book { title } ... on Pen { name color } }
        pen(id: "3") { id color }
        secret { id }
        strictNames
      }`);
    expect(runsCompiled(schema, document, 'Q')).toBe(true);
    const { compiled, reference } = await both(document, { first: 3 }, 'Q');
    expect(compiled).toEqual(reference);
    expect(compiled.data.nodes).toHaveLength(3);
    expect(compiled.errors.map((e: { path: unknown[] }) => e.path)).toEqual(
      expect.arrayContaining([['nodes', 2, 'color'], ['pen', 'color'], ['secret'], ['strictNames', 1]]),
    );
    const secret = compiled.errors.find((e: { path: unknown[] }) => e.path[0] === 'secret');
    expect(secret.extensions).toEqual({ code: 'FORBIDDEN', reason: 'SCOPE' });
  });

  it('runs a document graphql-js first, compiled from its second run on, with the same answer', async () => {
    const document = doc('{ nodes { id } }');
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await executeOperation({ schema, document, contextValue: {} }));
    expect(runs[0]).toEqual({ data: { nodes: [{ id: '1' }, { id: '2' }] } });
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
    // Which executor answered: graphql-js builds its objects without a prototype, graphql-jit with one.
    expect(runs.map((r) => Object.getPrototypeOf(r.data) === null)).toEqual([true, false, false]);
  });

  it('leaves mutations, introspection and variables inside literals to graphql-js', async () => {
    const mutation = doc('mutation { rename(id: "9", name: "New") { id name } }');
    const introspection = doc('{ __schema { queryType { name } } nodes { id } }');
    const nested = doc('query ($v: String) { echo(value: { x: $v }) }');
    for (const document of [mutation, introspection, nested]) expect(runsCompiled(schema, document)).toBe(false);
    expect((await both(mutation)).compiled).toEqual({ data: { rename: { id: '9', name: 'New' } } });
    const { compiled, reference } = await both(nested, { v: 'hi' });
    expect(compiled).toEqual(reference);
    expect(compiled.data.echo).toEqual({ x: null });
    expect((await both(introspection)).compiled.data.__schema).toEqual({ queryType: { name: 'Query' } });
  });

  it("answers variables that do not coerce with graphql-js's own errors, no data", async () => {
    const document = doc('query ($first: Int, $id: ID!) { nodes(first: $first) { id } pen(id: $id) { id } }');
    expect(runsCompiled(schema, document)).toBe(true);
    const { compiled, reference } = await both(document, { first: 2 ** 40 });
    expect(compiled).toEqual(reference);
    expect(compiled.data).toBeUndefined();
    expect(compiled.errors.map((e: { message: string }) => e.message)).toEqual([
      'Variable "$first" got invalid value 1099511627776; Int cannot represent non 32-bit signed integer value: 1099511627776',
      'Variable "$id" of required type "ID!" was not provided.',
    ]);
  });

  it("answers the faces' typed variables (graphql-js's coercion made only when graphql-jit refuses them) as before", async () => {
    const document = doc('query ($first: Int, $id: ID!) { nodes(first: $first) { id } pen(id: $id) { id } }');
    const run = (variableValues: Record<string, unknown>, typedVariables: boolean) =>
      executeOperation({ schema, document, variableValues, contextValue: {}, typedVariables });
    await run({ first: 1, id: '2' }, true); // compiled from the second run on
    expect(runsCompiled(schema, document)).toBe(true);
    for (const variables of [{ first: 3, id: '2' }, { id: 3 }, { first: 2 ** 40 }, { first: 1.5, id: '2' }, { first: '1', id: '2' }, { id: null }]) {
      const typed = JSON.parse(JSON.stringify(await run(variables, true)));
      expect(typed).toEqual(JSON.parse(JSON.stringify(await run(variables, false))));
      expect(typed).toEqual(JSON.parse(JSON.stringify(await execute({ schema, document, variableValues: variables, contextValue: {} }))));
    }
    // Refused variables: graphql-js's errors, no data.
    const refused = await run({ first: 2 ** 40 }, true);
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.map((e) => e.message)[1]).toBe('Variable "$id" of required type "ID!" was not provided.');
  });

  it('answers a document whose operation cannot be chosen as graphql-js does', async () => {
    const document = doc('query A { nodes { id } } query B { pen(id: "2") { id } }');
    expect(runsCompiled(schema, document)).toBe(false);
    const { compiled, reference } = await both(document);
    expect(compiled).toEqual(reference);
    expect(compiled.errors[0].message).toBe('Must provide operation name if query contains multiple operations.');
    expect((await both(document, undefined, 'B')).compiled).toEqual({ data: { pen: { id: '2' } } });
  });
});
