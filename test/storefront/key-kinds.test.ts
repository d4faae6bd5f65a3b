// A publishable key is good for the storefront operations only: every other GraphQL root field
// (each one, built from the served schema) answers 403 FORBIDDEN, and every REST route of every
// face answers as for an invalid key. Routes and fields are collected from the running app, so a
// face or field added later is checked too.
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/graphql/schema.ts';
import { bucketOf } from '../../src/http/rate-limit.ts';
import { STOREFRONT_FIELDS } from '../../src/graphql/storefront-guard.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { routeKey, withRouteRecording, type RouteId } from '../reliability/support/routes.ts';
import { publishableKey } from './helpers.ts';

let gw: TestGateway;
let routes: RouteId[];
let pk: string;
beforeAll(async () => {
  ({ built: gw, routes } = await withRouteRecording(() => startGateway()));
  pk = await publishableKey(gw);
});
afterAll(async () => {
  await gw?.close();
});

/** A GraphQL literal for a required input of this type (required input fields only). */
function literal(type: GraphQLInputType, depth = 0): string {
  if (isNonNullType(type)) return literal(type.ofType as GraphQLInputType, depth);
  if (isListType(type)) return `[${literal(type.ofType as GraphQLInputType, depth)}]`;
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    if (depth > 4) return '{}';
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type));
    return `{ ${fields.map((f) => `${f.name}: ${literal(f.type, depth + 1)}`).join(', ')} }`;
  }
  switch (type.name) {
    case 'Int':
    case 'SafeInt':
      return '1';
    case 'Float':
      return '1.5';
    case 'Boolean':
      return 'true';
    case 'JSONObject':
      return '{}';
    case 'DateTime':
      return '"2030-01-01T00:00:00Z"';
    default:
      return '"00000000-0000-7000-8000-000000000000"';
  }
}

function operation(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const args = field.args.filter((a: GraphQLArgument) => isNonNullType(a.type)).map((a) => `${a.name}: ${literal(a.type)}`);
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `${kind} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`;
}

describe('publishable keys', () => {
  it('are refused (403 FORBIDDEN) by every GraphQL root field but the storefront operations', async () => {
    const schema = buildSchema();
    const roots = [
      ['query', schema.getQueryType()!],
      ['mutation', schema.getMutationType()!],
    ] as const;
    let checked = 0;
    for (const [kind, type] of roots) {
      for (const field of Object.values(type.getFields())) {
        if (STOREFRONT_FIELDS.has(field.name)) continue;
        const query = operation(kind, field);
        const res = await gw.inject({
          method: 'POST',
          url: '/graphql',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${pk}` },
          payload: { query },
        });
        expect(res.statusCode, `${query}: ${res.body}`).toBe(403);
        expect(res.json().errors[0].extensions.code, query).toBe('FORBIDDEN');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
    // Also hidden behind a fragment or an alias, next to a storefront field, or as introspection.
    for (const query of [
      'query { ...F } fragment F on Query { products { totalCount } }',
      'query { s: storefrontCheckoutLink(slug: "x") { title } k: apiKeys { id } }',
      '{ __schema { types { name } } }',
    ]) {
      const res = await gw.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${pk}` },
        payload: { query },
      });
      expect(res.statusCode, query).toBe(403);
    }
  });

  it('are refused by every REST route of every face, as an invalid key', async () => {
    const faces = routes.filter(
      (r) => /^\/(fynn|leanrails|whop)\//.test(r.url) && !['HEAD', 'OPTIONS'].includes(r.method) && !/\/(openapi\.json$|docs(\/|$))/.test(r.url),
    );
    // Public by design: answers the same with or without a key (a key grants nothing there).
    const publicRoutes = new Set(['GET /whop/api/v1/checkout_configurations/:id']);
    expect(faces.length).toBeGreaterThan(30);
    for (const r of faces) {
      const url = r.url.replace(/:[a-zA-Z]+/g, '0190a8f0-0000-7000-8000-000000000000');
      const withPk = await gw.inject({
        method: r.method as 'GET',
        url,
        headers: { authorization: `Bearer ${pk}`, 'content-type': 'application/json' },
        ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: '{}' }),
      });
      if (publicRoutes.has(routeKey(r))) {
        const anonymous = await gw.inject({ method: 'GET', url });
        expect(withPk.statusCode, routeKey(r)).toBe(anonymous.statusCode);
        continue;
      }
      expect(withPk.statusCode, `${routeKey(r)}: ${withPk.body}`).toBe(401);
      // The same request with a secret key gets past authentication.
      const withSk = await gw.inject({
        method: r.method as 'GET',
        url,
        headers: { authorization: `Bearer ${gw.orgA.testKey}`, 'content-type': 'application/json' },
        ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: '{}' }),
      });
      expect(withSk.statusCode, routeKey(r)).not.toBe(401);
    }
  });
});

describe('rate limits', () => {
  it('count a publishable key by client address (buyers share it), a secret key by its id', async () => {
    const request = { url: '/graphql', ip: '203.0.113.7', headers: { authorization: 'Bearer x' } } as never;
    const principal = (kind: 'secret' | 'publishable') => ({ organisationId: 'o', mode: 'test' as const, kind, scopes: new Set<string>(), apiKeyId: 'key-1' });
    expect(await bucketOf(request, async () => ({ status: 'valid', operator: false, principal: principal('publishable') }))).toBe('ip:203.0.113.7');
    expect(await bucketOf(request, async () => ({ status: 'valid', operator: false, principal: principal('secret') }))).toBe('k:key-1');
  });
});
