// The Fynn dialect under /fynn: the V2 Plans API under /fynn/api (problem+json errors) and the
// classic API Platform endpoints under /fynn (hydra errors). One OpenAPI 3.1 document for both.
import type { FastifyInstance } from 'fastify';
import type { Dialect } from '../kernel/dialect.ts';
import { GatewayError } from '../kernel/errors.ts';
import { classicErrorMapper, v2ErrorMapper } from './errors.ts';
import { CLASSIC_LINK_PATHS } from './mappers/classic-link.ts';
import { PLAN_LINK_PATHS } from './mappers/plan-link.ts';
import { PLAN_PATHS } from './mappers/plan.ts';
import { clientPath } from './mappers/property-path.ts';
import { CLASSIC_CATALOG_PATHS } from './mappers/classic-catalog.ts';
import { COUPON_PATHS } from './mappers/coupon.ts';
import { classicCartRoutes } from './routes/classic-cart.ts';
import { classicCatalogRoutes } from './routes/classic-catalog.ts';
import { classicCouponRoutes } from './routes/classic-coupons.ts';
import { classicItemRoutes } from './routes/classic-items.ts';
import { classicLinkRoutes } from './routes/classic-links.ts';
import { v2LinkRoutes } from './routes/v2-links.ts';
import { v2PlanRoutes } from './routes/v2-plans.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { fynnWebhookFormat } from './mappers/webhook-format.ts';
import { FYNN_API_VERSION } from './versions.ts';
import { fynnWebhookDocs } from './mappers/webhook-docs.ts';

const V2_PATHS = [...PLAN_PATHS, ...PLAN_LINK_PATHS];

/**
 * Request bodies of the Fynn face: JSON and API Platform's JSON-LD only (anything else is a 415
 * in the Fynn shape); an empty body is allowed; malformed JSON is a 400 in the Fynn shape.
 */
function installFynnBodies(instance: FastifyInstance): void {
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser(['application/json', 'application/ld+json'], { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      done(new GatewayError('BAD_REQUEST', 'BODY__INVALID_JSON', 'Syntax error: the request body is not valid JSON.', [], 400), undefined);
    }
  });
}

export const fynn: Dialect = {
  name: 'Fynn',
  prefix: '/fynn',
  openapi: {
    webhooks: fynnWebhookDocs,
    title: 'Fynn (checkout-gateway)',
    version: FYNN_API_VERSION,
    description:
      'Fynn V2 Plans API (paths under /api, problem+json errors) the classic Fynn checkout-link API and webhooks (API Platform, hydra errors), served by checkout-gateway.',
    securitySchemes: {
      ApiToken: {
        type: 'http',
        scheme: 'bearer',
        description: 'API key of the gateway: Authorization: Bearer sk_test_... (scoped to one organisation and mode).',
      },
    },
  },
  // Every violation reported (API Platform lists them all); schema defaults applied.
  validation: { allErrors: true, useDefaults: true },
  bodies: installFynnBodies,
  // Fynn's documentation is silent on retries: an optional Idempotency-Key on every POST
  // (24 h, per organisation and mode), successes stored and replayed, refusals not stored.
  idempotency: {
    header: 'idempotency-key',
    scope: 'fynn',
    required: false,
    stores: 'success',
    maxBytes: 255,
    errors: {
      missing: () => new GatewayError('BAD_REQUEST', 'IDEMPOTENCY_KEY__MISSING', 'An Idempotency-Key header is required.', [], 400),
      invalid: () => new GatewayError('BAD_REQUEST', 'IDEMPOTENCY_KEY__INVALID', 'The Idempotency-Key header must be 1 to 255 bytes.', [], 400),
      reused: () =>
        new GatewayError('IDEMPOTENCY_CONFLICT', 'IDEMPOTENCY_KEY__REUSED', 'This Idempotency-Key was already used with a different request.', [], 422),
      inProgress: () =>
        new GatewayError(
          'CONFLICT',
          'IDEMPOTENCY_KEY__IN_PROGRESS',
          'A request with this Idempotency-Key is still in progress; retry after it has completed.',
          [],
          409,
        ),
    },
  },
  errors: () => classicErrorMapper((path) => clientPath(path, CLASSIC_LINK_PATHS)),
  missing: () => new GatewayError('NOT_FOUND', 'RESOURCE__NOT_FOUND', 'Not Found'),
  responses: 'schema',
  routes: [...classicLinkRoutes, ...classicItemRoutes, ...classicCartRoutes, ...webhookRoutes],
  sections: [
    { prefix: '/api', errors: () => v2ErrorMapper((path) => clientPath(path, V2_PATHS)), routes: [...v2PlanRoutes, ...v2LinkRoutes] },
    // Classic products and price plans name their own fields in violations.
    { prefix: '', errors: () => classicErrorMapper((path) => clientPath(path, CLASSIC_CATALOG_PATHS)), routes: classicCatalogRoutes },
    // Classic coupons name their own fields in violations (value, currencyCode, validUntil, products, code).
    { prefix: '', errors: () => classicErrorMapper((path) => clientPath(path, COUPON_PATHS)), routes: classicCouponRoutes },
  ],
  webhookFormat: fynnWebhookFormat,
};
