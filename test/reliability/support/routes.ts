// Every route the gateway serves and every root field of its GraphQL schema, collected from the
// app itself as it is built, so that a sweep over them is complete by construction: a route or field
// added later shows up here and fails the sweep until it is covered or exempted.
import diagnostics from 'node:diagnostics_channel';
import type { FastifyInstance, HTTPMethods } from 'fastify';
import type { TestGateway } from '../../support/gateway.ts';

export interface RouteId {
  method: string;
  /** Fastify's path, e.g. `/fynn/api/plans/:id`. */
  url: string;
}

export const routeKey = (r: RouteId): string => `${r.method} ${r.url}`;

/**
 * Builds an app (e.g. `startGateway`) while recording every route it registers. startGateway
 * creates and readies its Fastify instance itself, so the onRoute hook is added through Fastify's
 * `fastify.initialization` diagnostics channel, published as each instance is created, before any
 * plugin or route. Each recorded route is checked with `hasRoute` on the ready app.
 */
export async function withRouteRecording<T extends { app: FastifyInstance }>(build: () => Promise<T>): Promise<{ built: T; routes: RouteId[] }> {
  const routes: RouteId[] = [];
  const onInit = (message: unknown): void => {
    const { fastify } = message as { fastify: FastifyInstance };
    fastify.addHook('onRoute', (route) => {
      // `*` (the CORS preflight route) is served as `/*`.
      const url = route.url.startsWith('/') ? route.url : `/${route.url}`;
      for (const method of [route.method].flat()) routes.push({ method, url });
    });
  };
  diagnostics.subscribe('fastify.initialization', onInit);
  let built: T;
  try {
    built = await build();
  } finally {
    diagnostics.unsubscribe('fastify.initialization', onInit);
  }
  if (routes.length === 0) throw new Error('withRouteRecording: no route recorded (did the build create a Fastify instance?)');
  const unique = [...new Map(routes.map((r) => [routeKey(r), r])).values()];
  for (const r of unique) {
    if (!built.app.hasRoute({ method: r.method as HTTPMethods, url: r.url }))
      throw new Error(`withRouteRecording: recorded ${routeKey(r)}, but the app has no such route`);
  }
  return { built, routes: unique };
}

interface IntrospectedField {
  name: string;
  args: { name: string }[];
}

/** `Query.<field>` and `Mutation.<field>` for every root field of the served schema (introspection). */
export async function collectGraphQLFields(gw: TestGateway): Promise<string[]> {
  const res = await gw.graphql<{ __schema: { queryType: { fields: IntrospectedField[] }; mutationType: { fields: IntrospectedField[] } } }>(
    '{ __schema { queryType { fields { name args { name } } } mutationType { fields { name args { name } } } } }',
  );
  const schema = res.body.data?.__schema;
  if (!schema) throw new Error(`introspection failed: ${JSON.stringify(res.body)}`);
  return [...schema.queryType.fields.map((f) => `Query.${f.name}`), ...schema.mutationType.fields.map((f) => `Mutation.${f.name}`)];
}
