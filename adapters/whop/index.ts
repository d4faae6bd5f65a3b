// The Whop dialect under /whop/api/v1: checkout configurations, plans and products, with dated
// versions (Api-Version-Date), Whop's error shape, idempotent POSTs and OpenAPI 3.1.
import type { FastifyPluginAsync } from 'fastify';
import type { GatewayCore } from '../kernel/core.ts';
import { installErrorHandling } from '../kernel/http.ts';
import { registerOpenApi } from '../kernel/openapi.ts';
import { whopErrors } from './errors.ts';
import { installVersioning } from './routes/request.ts';
import { checkoutConfigurationRoutes } from './routes/checkout-configurations.ts';
import { planRoutes } from './routes/plans.ts';
import { productRoutes } from './routes/products.ts';
import { promoCodeRoutes } from './routes/promo-codes.ts';
import { WHOP_VERSIONS } from './versions.ts';

export function whopDialect(core: GatewayCore): FastifyPluginAsync {
  return async (instance) => {
    installErrorHandling(instance, whopErrors);
    await registerOpenApi(instance, {
      title: 'checkout-gateway: Whop dialect',
      version: WHOP_VERSIONS[WHOP_VERSIONS.length - 1] ?? '2026-08-21-1',
      description: `Whop-compatible checkout configurations, plans and products (base URL /whop/api/v1; works with @whop/sdk). Api-Version-Date: ${WHOP_VERSIONS.join(', ')} (absent = 2025-01-01).`,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A gateway API key (sk_test_... / sk_live_...).' } },
    }, core.publicUrl);
    installVersioning(instance);
    checkoutConfigurationRoutes(instance, core);
    planRoutes(instance, core);
    productRoutes(instance, core);
    promoCodeRoutes(instance, core);
  };
}
