// /docs: a browsable OpenAPI 3.1 document per dialect (Swagger UI with a spec selector, served
// from the package's own assets: works offline), plus error-code anchors for doc_url links.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export const DIALECT_SPECS = [
  { name: 'LeanRails', url: '/leanrails/openapi.json' },
  { name: 'Fynn', url: '/fynn/openapi.json' },
  { name: 'Whop', url: '/whop/api/v1/openapi.json' },
];

/** The index document /docs/json answers: where the dialects' documents are. */
function indexDocument(publicUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'checkout-gateway',
      version: '1',
      description: `REST dialects: ${DIALECT_SPECS.map((s) => `${s.name} ${publicUrl}${s.url}`).join(', ')}. GraphQL: ${publicUrl}/graphql.`,
    },
    paths: {},
  };
}

export async function registerDocs(app: FastifyInstance, publicUrl: string): Promise<void> {
  await app.register(async (docs) => {
    // Swagger UI's own /docs/json is an index; each dialect owns its real document.
    await docs.register(swagger, { openapi: indexDocument(publicUrl) });
    await docs.register(swaggerUi, {
      routePrefix: '/docs',
      uiConfig: { urls: DIALECT_SPECS.map((s) => ({ name: s.name, url: s.url })), deepLinking: true } as never,
      staticCSP: true,
    });
  });
}
