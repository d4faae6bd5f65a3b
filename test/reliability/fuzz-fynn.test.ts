// Fuzzing the Fynn face (issue 7, robustness 1): every create and update route of V2 and classic
// gets FUZZ_RUNS generated bodies (hostile and almost valid). Never a 5xx, always Fynn's own
// error shape (problem+json for V2, hydra for classic), no row left behind by a refusal.
import { fuzzSuite } from './support/fuzz-harness.ts';
import { fynnEndpoints, seedFynn } from './support/fuzz-fynn.ts';

fuzzSuite(
  'fynn',
  [
    'POST /fynn/api/plans',
    'PUT /fynn/api/plans/{id}',
    'POST /fynn/api/plans/{id}/activate',
    'POST /fynn/api/plans/{id}/archive',
    'POST /fynn/api/plans/{id}/checkout-links',
    'POST /fynn/checkout-links',
    'PUT /fynn/checkout-links/{id}',
    'POST /fynn/checkout-links/{id}/cart',
    'POST /fynn/products',
    'PUT /fynn/products/{id}',
    'POST /fynn/products/{id}/archive',
    'POST /fynn/price-plans',
    'PUT /fynn/price-plans/{id}',
    'POST /fynn/price-plans/{id}/archive',
    'POST /fynn/coupons',
    'PUT /fynn/coupons/{id}',
    'POST /fynn/webhooks',
    'PUT /fynn/webhooks/{id}',
    'malformed percent-encoding in {id}',
    'GET /fynn/api/plans?page&limit',
    'GET /fynn/api/plans/{id}/checkout-links?page&limit',
  ],
  async (gw) => fynnEndpoints(gw, await seedFynn(gw)),
);
