// Fuzzing the LeanRails face (issue 7, robustness 1): every POST that creates or updates a
// checkout link, product or price gets FUZZ_RUNS generated bodies, JSON and form-encoded. Never a
// 5xx, always the Stripe-style error body, no row left behind by a refusal.
import { fuzzSuite } from './support/fuzz-harness.ts';
import { leanRailsEndpoints, seedLeanRails } from './support/fuzz-leanrails.ts';

fuzzSuite(
  'leanrails',
  [
    'POST /leanrails/v1/products',
    'POST /leanrails/v1/products/{id}',
    'POST /leanrails/v1/prices',
    'POST /leanrails/v1/prices (product_data)',
    'POST /leanrails/v1/prices/{id}',
    'POST /leanrails/v1/checkout_links',
    'POST /leanrails/v1/checkout_links/{id}',
    'POST /leanrails/v1/coupons',
    'POST /leanrails/v1/coupons/{id}',
    'POST /leanrails/v1/promotion_codes',
    'POST /leanrails/v1/promotion_codes/{id}',
    'DELETE /leanrails/v1/products/{id}',
    'POST /leanrails/v1/webhook_endpoints',
    'POST /leanrails/v1/webhook_endpoints/{id}',
    'malformed percent-encoding in {id}',
    'GET /leanrails/v1/prices?filters',
    'GET /leanrails/v1/checkout_links?expand',
    'GET /leanrails/v1/checkout_links/{id}?expand',
  ],
  async (gw) => leanRailsEndpoints(gw, await seedLeanRails(gw)),
);
