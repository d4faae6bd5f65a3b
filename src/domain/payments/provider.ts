// The payment seam: completing a checkout session goes through a PaymentProvider. The gateway
// ships one, the test card provider (test mode); live mode needs a provider registered for it
// (see registry.ts and the README, "Payment providers").
import type { Mode } from '../entities/common.ts';

/** Card details as the buyer typed them (never stored; the provider sees them once). */
export interface CardDetails {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  name: string | null;
}

export interface PaymentRequest {
  sessionId: string;
  mode: Mode;
  /** payment: charge `amount` now; setup: save the details for later charges, nothing charged. */
  purpose: 'payment' | 'setup';
  /** Minor units of `currency` (0 for a setup). */
  amount: number;
  currency: string | null;
  card: CardDetails | null;
  /** The buyer's email, for the provider's receipt. */
  email: string | null;
}

export type PaymentOutcome =
  | { status: 'succeeded'; reference: string; cardBrand: string | null; cardLast4: string | null }
  | {
      status: 'failed';
      /** Stripe's error codes: card_declined, expired_card, incorrect_cvc, processing_error, … */
      code: string;
      /** For card_declined: generic_decline, insufficient_funds, … */
      declineCode: string | null;
      /** Shown to the buyer. */
      message: string;
      cardBrand: string | null;
      cardLast4: string | null;
    };

export interface PaymentProvider {
  /** Recorded on each attempt, e.g. `test-cards`. */
  readonly name: string;
  /** Whether the buyer types card details into the checkout (the hosted page shows a card form). */
  readonly collectsCard: boolean;
  /**
   * Checks the payment details (throws a VALIDATION DomainError with paths under
   * ['payment', 'card', …] for details that cannot be right, e.g. a failed Luhn check), then
   * charges or saves them. A decline is an outcome, not an exception.
   */
  pay(request: PaymentRequest): Promise<PaymentOutcome>;
}
