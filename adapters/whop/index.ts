// The Whop dialect under /whop/api/v1: checkout configurations, plans and products, with dated
// versions (Api-Version-Date), Whop's error shape, idempotent POSTs and OpenAPI 3.1.
import type { Dialect } from '../kernel/dialect.ts';
import { GatewayError, notFoundError } from '../kernel/errors.ts';
import { badRequest, whopErrors } from './errors.ts';
import { checkoutConfigurationRoutes } from './routes/checkout-configurations.ts';
import { planRoutes } from './routes/plans.ts';
import { productRoutes } from './routes/products.ts';
import { promoCodeRoutes } from './routes/promo-codes.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { WHOP_VERSIONS, whopVersions } from './versions.ts';
import { whopWebhookFormat } from './mappers/webhook-format.ts';
import { whopWebhookDocs } from './mappers/webhook-docs.ts';

export const whop: Dialect = {
  name: 'Whop',
  prefix: '/whop/api/v1',
  openapi: {
    webhooks: whopWebhookDocs,
    title: 'checkout-gateway: Whop dialect',
    version: whopVersions.latest,
    description: `Whop-compatible checkout configurations, plans, products and webhooks (base URL /whop/api/v1; works with @whop/sdk). Api-Version-Date: ${WHOP_VERSIONS.join(', ')} (absent = ${whopVersions.defaultVersion}).`,
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A gateway API key (sk_test_... / sk_live_...).' } },
  },
  // Whop coerces body values to the schema's types ("10" is 10) and fills defaults.
  validation: { allErrors: false, useDefaults: true, coerceBodies: true },
  versions: {
    header: 'api-version-date',
    engine: whopVersions,
    unsupported: (value, supported) =>
      badRequest('UNSUPPORTED_API_VERSION', `Unsupported Api-Version-Date "${value}". Supported versions: ${supported.join(', ')}.`),
  },
  // An optional Idempotency-Key on every POST (vendors' SDKs send one); the first answer, a
  // refusal (4xx) included, is stored and replayed.
  idempotency: {
    header: 'idempotency-key',
    scope: 'whop',
    required: false,
    stores: 'success-and-refusals',
    maxBytes: 255,
    errors: {
      missing: () => badRequest('IDEMPOTENCY_KEY_MISSING', 'An Idempotency-Key header is required.'),
      invalid: () => badRequest('IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 1 to 255 bytes.'),
      reused: () =>
        new GatewayError(
          'IDEMPOTENCY_CONFLICT',
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was already used with a different request (method, path, query, body or Api-Version-Date).',
          [],
          400,
        ),
      inProgress: () => new GatewayError('CONFLICT', 'IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is still in progress.'),
    },
  },
  errors: () => whopErrors,
  missing: notFoundError,
  responses: 'json',
  routes: [...checkoutConfigurationRoutes, ...planRoutes, ...productRoutes, ...promoCodeRoutes, ...webhookRoutes],
  webhookFormat: whopWebhookFormat,
};
