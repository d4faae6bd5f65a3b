// Fuzzing the hosted checkout's form posts (issue 14; issue 16, item 8): FUZZ_RUNS bodies each for
// the link page and the session page. Never a 5xx, always an HTML page, no row left behind by a
// malformed body.
import { fuzzSuite } from './support/fuzz-harness.ts';
import { checkoutPageEndpoints } from './support/fuzz-checkout-pages.ts';

fuzzSuite('checkout pages', ['POST /checkout-link/{slug}/cart', 'POST /checkout/{sessionId}'], checkoutPageEndpoints);
