// The Fynn dialect under /fynn: the V2 Plans API under /fynn/api (problem+json errors) and the
// classic API Platform endpoints under /fynn (hydra errors). One OpenAPI 3.1 document for both.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { GatewayCore } from '../kernel/core.ts';
import { installErrorHandling } from '../kernel/http.ts';
import { registerOpenApi } from '../kernel/openapi.ts';
import { classicErrorMapper, v2ErrorMapper } from './errors.ts';
import { CLASSIC_LINK_PATHS } from './mappers/classic-link.ts';
import { PLAN_LINK_PATHS } from './mappers/plan-link.ts';
import { PLAN_PATHS } from './mappers/plan.ts';
import { clientPath } from './mappers/property-path.ts';
import { classicCartRoutes } from './routes/classic-cart.ts';
import { classicItemRoutes } from './routes/classic-items.ts';
import { classicLinkRoutes } from './routes/classic-links.ts';
import { v2LinkRoutes } from './routes/v2-links.ts';
import { v2PlanRoutes } from './routes/v2-plans.ts';
import { installFynnParsing } from './body.ts';
import { installPermissionCheck } from './permissions.ts';
import { FYNN_API_VERSION } from './versions.ts';

const V2_PATHS = [...PLAN_PATHS, ...PLAN_LINK_PATHS];

export function fynnDialect(core: GatewayCore): FastifyPluginAsync {
  return async (fynn: FastifyInstance) => {
    installErrorHandling(fynn, classicErrorMapper((path) => clientPath(path, CLASSIC_LINK_PATHS)));
    await registerOpenApi(fynn, {
      title: 'Fynn (checkout-gateway)',
      version: FYNN_API_VERSION,
      description: 'Fynn V2 Plans API (paths under /api, problem+json errors) and the classic Fynn checkout-link API (API Platform, hydra errors), served by checkout-gateway.',
      securitySchemes: {
        ApiToken: { type: 'http', scheme: 'bearer', description: 'API key of the gateway: Authorization: Bearer sk_test_... (scoped to one organisation and mode).' },
      },
    }, core.publicUrl);
    installFynnParsing(fynn);
    installPermissionCheck(fynn, core);

    await fynn.register(async (v2) => {
      installErrorHandling(v2, v2ErrorMapper((path) => clientPath(path, V2_PATHS)));
      await v2.register(v2PlanRoutes(core));
      await v2.register(v2LinkRoutes(core));
    }, { prefix: '/api' });

    await fynn.register(classicLinkRoutes(core));
    await fynn.register(classicItemRoutes(core));
    await fynn.register(classicCartRoutes(core));
  };
}
