// The LeanRails dialect (Stripe Payment Links style) under /leanrails: checkout links, products
// and prices; HTTP Basic (or Bearer) secret keys, a required Idempotency-Key on every POST,
// X-API-Version, JSON and form bodies, Stripe-style errors and cursor lists.
import type { Dialect } from '../kernel/dialect.ts';
import { GatewayError } from '../kernel/errors.ts';
import { installBodies } from '../kernel/stripe/form-body.ts';
import { leanError, leanrailsErrors } from './errors.ts';
import { checkoutLinkRoutes } from './routes/checkout-links.ts';
import { priceRoutes } from './routes/prices.ts';
import { couponRoutes } from './routes/coupons.ts';
import { productRoutes } from './routes/products.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { versions } from './versions.ts';
import { leanrailsWebhookFormat } from './mappers/webhook-format.ts';
import { leanrailsWebhookDocs } from './mappers/webhook-docs.ts';

const KEY_HEADER = 'Idempotency-Key';

export const leanrails: Dialect = {
  name: 'LeanRails',
  prefix: '/leanrails',
  openapi: {
    webhooks: leanrailsWebhookDocs,
    title: 'LeanRails-compatible API',
    version: versions.latest,
    description:
      'Checkout links, products, prices, checkout sessions, webhook endpoints and events in the LeanRails dialect. Every POST needs an Idempotency-Key header; bodies are JSON or form-encoded with bracket notation.',
    securitySchemes: {
      basicAuth: { type: 'http', scheme: 'basic', description: 'Your secret key as the user name, empty password.' },
      bearerAuth: { type: 'http', scheme: 'bearer', description: 'Your secret key.' },
    },
    serverAtPrefix: true,
  },
  // Stripe-style errors name one param: stop at the first violation; no schema defaults.
  validation: { allErrors: false, useDefaults: false },
  bodies: installBodies,
  versions: {
    header: 'x-api-version',
    engine: versions,
    unsupported: (value, supported) =>
      leanError('LEANRAILS__API_VERSION_INVALID', `Invalid API version '${value}'. Supported versions: ${supported.join(', ')}.`, 'X-API-Version'),
  },
  // Every POST is idempotent (24 h, per organisation and mode); refusals are not stored.
  idempotency: {
    header: 'idempotency-key',
    scope: 'leanrails',
    required: true,
    stores: 'success',
    maxBytes: 255,
    errors: {
      missing: () => leanError('LEANRAILS__IDEMPOTENCY_KEY_MISSING', 'An Idempotency-Key header is required on every POST request.', KEY_HEADER),
      invalid: () => leanError('LEANRAILS__IDEMPOTENCY_KEY_INVALID', 'The Idempotency-Key header must be at most 255 characters.', KEY_HEADER),
      reused: (key) =>
        leanError(
          'LEANRAILS__IDEMPOTENCY_KEY_REUSED',
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        ),
      inProgress: (key) =>
        leanError(
          'LEANRAILS__IDEMPOTENCY_KEY_IN_USE',
          `There is currently another in-progress request using this Idempotency-Key ('${key}'). Retry after it has completed.`,
        ),
    },
  },
  errors: leanrailsErrors,
  missing: () => new GatewayError('NOT_FOUND', 'RESOURCE__MISSING', 'No such object.'),
  responses: 'schema',
  routes: [...productRoutes, ...priceRoutes, ...couponRoutes, ...checkoutLinkRoutes, ...webhookRoutes],
  webhookFormat: leanrailsWebhookFormat,
};
