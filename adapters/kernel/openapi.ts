// OpenAPI 3.1 for a dialect, generated from its routes' JSON schemas (never written twice).
// Call first thing in the dialect's plugin; the document is served at `<prefix>/openapi.json`
// and listed on /docs.
//
// Generated on the first request of the document, not at start: the dialect's routes are noted
// as they are added (onRoute), and the first GET builds a Fastify instance of its own with
// @fastify/swagger and the same routes (same URLs, methods, schemas and route config; no
// handlers run, nothing compiled), and keeps its document. @fastify/swagger with its YAML and
// $ref machinery was ~100 modules and ~100 ms of CPU of every start, for a document most starts
// never serve.
import type { FastifyInstance, RouteOptions } from 'fastify';

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
  securitySchemes: Record<string, { type: 'http'; scheme: 'bearer' | 'basic'; description?: string }>;
  /** OpenAPI 3.1 `webhooks`: what the face POSTs to merchants' endpoints (adapters/<face>/webhook-docs.ts). */
  webhooks?: Record<string, unknown>;
}

function swaggerOptions(info: OpenApiInfo, publicUrl: string) {
  return {
    openapi: {
      openapi: '3.1.0',
      info: { title: info.title, version: info.version, description: info.description },
      servers: [{ url: publicUrl }],
      components: { securitySchemes: info.securitySchemes },
      security: Object.keys(info.securitySchemes).map((name) => ({ [name]: [] })),
      ...(info.webhooks ? { webhooks: info.webhooks } : {}),
    },
  };
}

/** The document @fastify/swagger makes of `routes` (as noted by onRoute: full URLs). */
async function buildDocument(routes: readonly RouteOptions[], info: OpenApiInfo, publicUrl: string): Promise<unknown> {
  const [{ default: Fastify }, { default: swagger }] = await Promise.all([import('fastify'), import('@fastify/swagger')]);
  const docs = Fastify({ logger: false });
  // Only the document is wanted: no validator or serializer is compiled for these routes.
  docs.setValidatorCompiler(() => () => true);
  docs.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await docs.register(swagger, swaggerOptions(info, publicUrl));
  const handler = async () => null;
  for (const route of routes) {
    docs.route({
      method: route.method,
      url: route.url,
      schema: route.schema,
      config: route.config,
      ...(route.links ? { links: route.links } : {}),
      exposeHeadRoute: false,
      handler,
    } as RouteOptions);
  }
  await docs.ready();
  const document = docs.swagger();
  await docs.close();
  return document;
}

export async function registerOpenApi(instance: FastifyInstance, info: OpenApiInfo, publicUrl: string): Promise<void> {
  const routes: RouteOptions[] = [];
  // HEAD twins of GET routes are left out, as @fastify/swagger does by default.
  instance.addHook('onRoute', (route) => {
    if (route.method !== 'HEAD') routes.push(route);
  });
  let document: Promise<unknown> | null = null;
  instance.get('/openapi.json', { schema: { hide: true } }, async () => {
    document ??= buildDocument(routes, info, publicUrl).catch((error: unknown) => {
      document = null;
      throw error;
    });
    return document;
  });
}
