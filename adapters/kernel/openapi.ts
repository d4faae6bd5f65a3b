// OpenAPI 3.1 for a dialect, generated from its routes' JSON schemas (never written twice).
// Call first thing in the dialect's plugin; the document is served at `<prefix>/openapi.json`
// and listed on /docs.
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
  securitySchemes: Record<string, { type: 'http'; scheme: 'bearer' | 'basic'; description?: string }>;
  /** OpenAPI 3.1 `webhooks`: what the face POSTs to merchants' endpoints (adapters/<face>/webhook-docs.ts). */
  webhooks?: Record<string, unknown>;
}

export async function registerOpenApi(instance: FastifyInstance, info: OpenApiInfo, publicUrl: string): Promise<void> {
  await instance.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: info.title, version: info.version, description: info.description },
      servers: [{ url: publicUrl }],
      components: { securitySchemes: info.securitySchemes },
      security: Object.keys(info.securitySchemes).map((name) => ({ [name]: [] })),
      ...(info.webhooks ? { webhooks: info.webhooks } : {}),
    },
  });
  instance.get('/openapi.json', { schema: { hide: true } }, async () => instance.swagger());
}
