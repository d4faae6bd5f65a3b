// The LeanRails dialect (Stripe Payment Links style) under /leanrails: checkout links,
// products and prices; HTTP Basic (or Bearer) secret keys, required idempotency keys on POST,
// X-API-Version, JSON and form bodies, typed errors and cursor lists.
import type { FastifyPluginAsync } from 'fastify';
import type { GatewayCore } from '../kernel/core.ts';
import { installErrorHandling, requireCaller } from '../kernel/http.ts';
import { registerOpenApi } from '../kernel/openapi.ts';
import { installBodies } from './body.ts';
import { leanrailsErrors } from './errors.ts';
import { idempotencyKey } from './routes/idempotent-post.ts';
import { checkoutLinkRoutes } from './routes/checkout-links.ts';
import { priceRoutes } from './routes/prices.ts';
import { couponRoutes } from './routes/coupons.ts';
import { productRoutes } from './routes/products.ts';
import { installValidation } from '../kernel/validation.ts';
import { pinVersion, VERSIONS } from './versions.ts';

export function leanrailsDialect(core: GatewayCore): FastifyPluginAsync {
  return async (instance) => {
    installErrorHandling(instance, leanrailsErrors(core.publicUrl));
    await registerOpenApi(instance, {
      title: 'LeanRails-compatible API',
      version: VERSIONS[VERSIONS.length - 1] ?? '2026-03-09',
      description: 'Checkout links, products and prices in the LeanRails dialect. Every POST needs an Idempotency-Key header; bodies are JSON or form-encoded with bracket notation.',
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
      if (request.routeOptions.url?.endsWith('/openapi.json')) return;
      await requireCaller(core, request);
      pinVersion(request);
      if (request.method === 'POST') idempotencyKey(request);
    });
    productRoutes(instance, core);
    priceRoutes(instance, core);
    couponRoutes(instance, core);
    checkoutLinkRoutes(instance, core);
  };
}
