// The LeanRails dialect (Stripe Payment Links style) under /leanrails: checkout links,
// products and prices; HTTP Basic (or Bearer) secret keys, required idempotency keys on POST,
// X-API-Version, JSON and form bodies, typed errors and cursor lists.
import type { FastifyPluginAsync } from 'fastify';
import type { GatewayCore } from '../kernel/core.ts';
import { installErrorHandling, requireCaller } from '../kernel/http.ts';
import { registerOpenApi } from '../kernel/openapi.ts';
import { installBodies } from './body.ts';
import { errorDocsPage } from './error-docs.ts';

const ERROR_DOCS_PATH = '/docs/errors';
import { leanrailsErrors } from './errors.ts';
import { idempotencyKey } from './routes/idempotent-post.ts';
import { checkoutLinkRoutes } from './routes/checkout-links.ts';
import { priceRoutes } from './routes/prices.ts';
import { productRoutes } from './routes/products.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { installValidation } from '../kernel/validation.ts';
import { pinVersion, VERSIONS } from './versions.ts';

export function leanrailsDialect(core: GatewayCore): FastifyPluginAsync {
  return async (instance) => {
    installErrorHandling(instance, leanrailsErrors(core.publicUrl));
    await registerOpenApi(instance, {
      title: 'LeanRails-compatible API',
      version: VERSIONS[VERSIONS.length - 1] ?? '2026-03-09',
      description: 'Checkout links, products, prices, checkout sessions, webhook endpoints and events in the LeanRails dialect. Every POST needs an Idempotency-Key header; bodies are JSON or form-encoded with bracket notation.',
      securitySchemes: {
        basicAuth: { type: 'http', scheme: 'basic', description: 'Your secret key as the user name, empty password.' },
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'Your secret key.' },
      },
    }, `${core.publicUrl}/leanrails`);
    // Stripe-style errors name one param: stop at the first violation; no schema defaults.
    installValidation(instance, { allErrors: false, useDefaults: false });
    installBodies(instance);
    // Before the body is read: credentials (401), version (400), the idempotency key of a POST.
    instance.addHook('onRequest', async (request) => {
      if (request.routeOptions.url?.endsWith('/openapi.json') || request.routeOptions.url?.endsWith(ERROR_DOCS_PATH)) return;
      await requireCaller(core, request);
      pinVersion(request);
      if (request.method === 'POST') idempotencyKey(request);
    });
    // The page every doc_url opens (public, like the OpenAPI document).
    const page = errorDocsPage();
    instance.get(ERROR_DOCS_PATH, { schema: { hide: true } as never }, async (_request, reply) =>
      reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(page));
    productRoutes(instance, core);
    priceRoutes(instance, core);
    checkoutLinkRoutes(instance, core);
    webhookRoutes(instance, core);
  };
}
