// The built-in test provider: card payments the way Stripe test mode answers them. Known test
// numbers succeed (4242 4242 4242 4242 and the other brands' test cards) or fail as Stripe's do
// (4000 0000 0000 0002 declined, …9995 insufficient funds, …0069 expired, …0127 wrong CVC,
// …0119 processing error); any other number, even a valid one, is declined as a non-test card.
import { randomBytes } from 'node:crypto';
import { rule } from '../errors.ts';
import { checkCard } from './cards.ts';
import type { PaymentOutcome, PaymentProvider, PaymentRequest } from './provider.ts';

const SUCCEEDING = new Set([
  '4242424242424242',
  '4000056655665556',
  '5555555555554444',
  '2223003122003222',
  '5200828282828210',
  '5105105105105100',
  '378282246310005',
  '371449635398431',
  '6011111111111117',
  '6011000990139424',
  '3056930009020004',
  '36227206271667',
  '3566002020360505',
  '6200000000000005',
]);

const FAILING: Record<string, { code: string; declineCode: string | null; message: string }> = {
  '4000000000000002': { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' },
  '4000000000009995': { code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  '4000000000009987': { code: 'card_declined', declineCode: 'lost_card', message: 'Your card was declined.' },
  '4000000000009979': { code: 'card_declined', declineCode: 'stolen_card', message: 'Your card was declined.' },
  '4000000000000069': { code: 'expired_card', declineCode: null, message: 'Your card has expired.' },
  '4000000000000127': { code: 'incorrect_cvc', declineCode: null, message: "Your card's security code is incorrect." },
  '4000000000000119': { code: 'processing_error', declineCode: null, message: 'An error occurred while processing your card. Try again in a little bit.' },
};

const NOT_A_TEST_CARD = {
  code: 'card_declined',
  declineCode: 'live_card_in_test_mode',
  message: 'Your card was declined. This checkout is in test mode: use a test card such as 4242 4242 4242 4242.',
};

export const testCardProvider: PaymentProvider = {
  name: 'test-cards',
  collectsCard: true,
  async pay(request: PaymentRequest): Promise<PaymentOutcome> {
    if (request.mode !== 'test') throw rule('PAYMENT__TEST_PROVIDER_IN_LIVE_MODE', 'The test card provider takes test-mode payments only.');
    if (!request.card) throw rule('PAYMENT__CARD_REQUIRED', 'Enter your card details.', ['payment', 'card']);
    const { digits, brand, last4 } = checkCard(request.card);
    const failure = FAILING[digits] ?? (SUCCEEDING.has(digits) ? null : NOT_A_TEST_CARD);
    if (failure) return { status: 'failed', ...failure, cardBrand: brand, cardLast4: last4 };
    const prefix = request.purpose === 'setup' ? 'seti_test_' : 'pi_test_';
    return { status: 'succeeded', reference: prefix + randomBytes(12).toString('hex'), cardBrand: brand, cardLast4: last4 };
  },
};
