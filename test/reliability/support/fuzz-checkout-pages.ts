// The hosted checkout's form posts for the fuzz suite: form-encoded bodies of the page's fields
// (typed, almost valid, hostile), JSON bodies of any shape, other content types and raw bytes.
// Every answer is an HTML page: 303 (paid, or back to the session after a decline), 4xx pages;
// never a 5xx. A malformed body (400, 413, 415) leaves no row.
import fc from 'fast-check';
import type { TestGateway } from '../../support/gateway.ts';
import type { Reply } from './error-shapes.ts';
import type { Endpoint, FuzzRequest, Judgement } from './fuzz-harness.ts';
import { hostileString, hostileValue, overLimit, rawTexts } from './fuzz-values.ts';

const FIELDS = [
  'email',
  'name',
  'company',
  'quantity_0',
  'quantity_1',
  'promotion_code',
  'billing_line1',
  'billing_line2',
  'billing_postal_code',
  'billing_city',
  'billing_country',
  'card_number',
  'card_expiry',
  'card_cvc',
  'card_name',
];

const valid = (): Record<string, string> => ({
  email: 'buyer@example.com',
  name: 'Ada',
  company: 'Acme',
  quantity_0: '2',
  billing_line1: 'Main St 1',
  billing_postal_code: '10115',
  billing_city: 'Berlin',
  billing_country: 'DE',
  card_number: '4242 4242 4242 4242',
  card_expiry: '12 / 34',
  card_cvc: '123',
  card_name: 'Ada',
});

const fieldValue = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '0',
      '1',
      '-1',
      '999999999',
      '1e3',
      '12 / 34',
      '13/99',
      '4000 0000 0000 0002',
      '4242424242424241',
      'a@b.c',
      'not-an-email',
    ),
  },
  { weight: 3, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.string({ maxLength: 3000 }) },
);

/** A form-encoded body: the valid form with some fields changed, dropped, repeated or added. */
const formBody: fc.Arbitrary<string> = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...FIELDS), fieldValue, { maxKeys: 6 }),
    fc.subarray(FIELDS, { maxLength: 4 }),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...FIELDS), hostileString), fieldValue), { maxLength: 4 }),
  )
  .map(([changed, dropped, extra]) => {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...valid(), ...changed })) if (!dropped.includes(k)) form.append(k, v);
    for (const [k, v] of extra) form.append(k, v);
    return form.toString();
  });

function request(url: string): fc.Arbitrary<FuzzRequest> {
  const post = (payload: string, contentType?: string): FuzzRequest => ({
    method: 'POST',
    url,
    headers: contentType ? { 'content-type': contentType } : {},
    payload,
  });
  return fc.oneof(
    { weight: 8, arbitrary: formBody.map((b) => post(b, 'application/x-www-form-urlencoded')) },
    { weight: 3, arbitrary: hostileValue.map((v) => post(JSON.stringify(v), 'application/json')) },
    {
      weight: 2,
      arbitrary: fc
        .dictionary(fc.constantFrom(...FIELDS), hostileValue, { maxKeys: 5 })
        .map((v) => post(JSON.stringify({ ...valid(), ...v }), 'application/json')),
    },
    { weight: 1, arbitrary: rawTexts(() => valid()).map((b) => post(b, 'application/json')) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('text/plain', 'multipart/form-data; boundary=x', 'application/xml', 'application/x-www-form-urlencoded; charset=latin1')
        .map((t) => post('email=a%40b.c', t)),
    },
    { weight: 1, arbitrary: overLimit.map((b) => post(`email=${encodeURIComponent(b)}`, 'application/x-www-form-urlencoded')) },
  );
}

function judgePage(res: Reply): Judgement {
  if (res.statusCode >= 500) return { refused: true, problem: `a ${res.statusCode}` };
  const html = String(res.headers['content-type'] ?? '').startsWith('text/html');
  if (res.statusCode === 303) return { refused: false, problem: res.headers.location ? null : '303 without a Location' };
  if (!html) return { refused: true, problem: `a ${res.statusCode} that is not an HTML page: ${String(res.headers['content-type'])}` };
  if (!res.body.startsWith('<!doctype html>')) return { refused: true, problem: 'not a page' };
  // A malformed body is refused before any operation runs; a page with field errors may follow a started session.
  return { refused: [400, 413, 415].includes(res.statusCode), problem: null };
}

export async function checkoutPageEndpoints(gw: TestGateway): Promise<Endpoint[]> {
  const res = await gw.graphql<any>(
    'mutation ($i: CreateCheckoutLinkInput!) { createCheckoutLink(input: $i) { checkoutLink { id slug } userErrors { message } } }',
    {
      i: {
        title: 'Fuzzed page',
        lineItems: [
          { priceData: { productName: 'Seat', currency: 'EUR', unitAmount: 1900 }, quantity: 1, adjustableQuantity: { enabled: true, minimum: 1, maximum: 9 } },
        ],
        settings: { couponsAllowed: true, billingAddressCollection: 'REQUIRED', forceCompany: true },
      },
    },
  );
  const link = res.body.data.createCheckoutLink.checkoutLink;
  const cart = await gw.graphql<any>('mutation ($id: ID!) { createCart(input: { checkoutLinkId: $id }) { checkoutSession { id } } }', { id: link.id });
  const sessionId = cart.body.data.createCart.checkoutSession.id as string;
  return [
    { name: 'POST /checkout-link/{slug}/cart', request: request(`/checkout-link/${link.slug}/cart`), judge: judgePage, redirects: true },
    { name: 'POST /checkout/{sessionId}', request: request(`/checkout/${sessionId}`), judge: judgePage, redirects: true },
  ];
}
