// /docs: a browsable OpenAPI 3.1 document per dialect (Swagger UI with a spec selector, served
// from the package's own assets: works offline), plus error-code anchors for doc_url links.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
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

export async function registerDocs(app: FastifyInstance, publicUrl: string, dialects: readonly Dialect[]): Promise<void> {
  const specs = specsOf(dialects);
  await app.register(async (docs) => {
    // Swagger UI's own /docs/json is an index; each dialect owns its real document.
    await docs.register(swagger, { openapi: indexDocument(publicUrl, specs) });
    await docs.register(swaggerUi, {
      routePrefix: '/docs',
      uiConfig: { urls: specs, deepLinking: true } as never,
      staticCSP: true,
    });
  });
}
