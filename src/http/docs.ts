// /docs: a browsable OpenAPI 3.1 document per dialect (Swagger UI with a spec selector, served
// from the package's own assets: works offline), plus error-code anchors for doc_url links.
//
// Built on the first request under /docs, not at start: Swagger UI (with @fastify/static and its
// routes) lives in a Fastify instance of its own, made then and kept, and the app hands it every
// /docs request (inject) and sends its answer back. Its loading and registration were ~70 ms of
// CPU of every start, for pages most starts never serve. The app's own hooks (input guard, rate
// limit, logs) still run first, and an unknown path under /docs is the app's own 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Dialect } from './faces.ts';

/** Each dialect's OpenAPI document, served by the dialect at `<prefix>/openapi.json`. */
const specsOf = (dialects: readonly Dialect[]) => dialects.map((d) => ({ name: d.name, url: `${d.prefix}/openapi.json` }));

/** The index document /docs/json answers: where the dialects' documents are. */
function indexDocument(publicUrl: string, specs: { name: string; url: string }[]) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'checkout-gateway',
      version: '1',
      description: `REST dialects: ${specs.map((s) => `${s.name} ${publicUrl}${s.url}`).join(', ')}. GraphQL: ${publicUrl}/graphql.`,
    },
    paths: {},
  };
}

async function buildDocsApp(publicUrl: string, dialects: readonly Dialect[]): Promise<FastifyInstance> {
  const [{ default: Fastify }, { default: swagger }, { default: swaggerUi }] = await Promise.all([
    import('fastify'),
    import('@fastify/swagger'),
    import('@fastify/swagger-ui'),
  ]);
  const specs = specsOf(dialects);
  const docs = Fastify({ logger: false });
  // Swagger UI's own /docs/json is an index; each dialect owns its real document.
  await docs.register(swagger, { openapi: indexDocument(publicUrl, specs) });
  await docs.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { urls: specs, deepLinking: true } as never,
    staticCSP: true,
  });
  await docs.ready();
  return docs;
}

/** Headers of the inner answer that belong to its own connection, not to ours. */
const HOP_BY_HOP = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

export function registerDocs(app: FastifyInstance, publicUrl: string, dialects: readonly Dialect[]): void {
  let docs: Promise<FastifyInstance> | null = null;
  app.addHook('onClose', async () => {
    if (docs) await (await docs.catch(() => null))?.close();
  });
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    docs ??= buildDocsApp(publicUrl, dialects).catch((error: unknown) => {
      docs = null;
      throw error;
    });
    const answer = await (await docs).inject({ method: request.method as 'GET' | 'HEAD', url: request.url, headers: request.headers });
    if (answer.statusCode === 404) return reply.callNotFound();
    for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) void reply.header(name, value);
    // An empty answer (a redirect, a 304) stays empty, with no content type of our own.
    return reply.status(answer.statusCode).send(answer.rawPayload.length > 0 ? answer.rawPayload : undefined);
  };
  app.get('/docs', forward);
  app.get('/docs/*', forward);
}
