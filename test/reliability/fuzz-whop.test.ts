// Fuzzing the Whop face (issue 7, robustness 1): every create and update route (checkout
// configurations, plans, products) gets FUZZ_RUNS generated bodies under generated
// Api-Version-Date and Idempotency-Key headers. Never a 5xx, always Whop's error body, no row
// left behind by a refusal.
import { fuzzSuite } from './support/fuzz-harness.ts';
import { seedWhop, whopEndpoints } from './support/fuzz-whop.ts';

fuzzSuite(
  'whop',
  [
    'POST /whop/api/v1/checkout_configurations',
    'POST /whop/api/v1/plans',
    'PATCH /whop/api/v1/plans/{id}',
    'POST /whop/api/v1/products',
    'PATCH /whop/api/v1/products/{id}',
    'POST /whop/api/v1/promo_codes',
    'POST /whop/api/v1/webhooks',
    'PATCH /whop/api/v1/webhooks/{id}',
    'malformed percent-encoding in {id}',
  ],
  async (gw) => whopEndpoints(gw, await seedWhop(gw)),
);
