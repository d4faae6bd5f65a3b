// Which payment provider serves a mode. Test mode: the built-in test card provider. Live mode:
// none until one is registered (registerLiveProvider, at start-up), so live checkouts are refused.
import type { Mode } from '../entities/common.ts';
import type { PaymentProvider } from './provider.ts';
import { testCardProvider } from './test-cards.ts';

let liveProvider: PaymentProvider | null = null;

/** Registers the provider of live payments (e.g. a Stripe or Adyen client implementing PaymentProvider). */
export function registerLiveProvider(provider: PaymentProvider | null): void {
  liveProvider = provider;
}

/** The provider of a mode, or null when payments cannot be taken in it. */
export function paymentProviderFor(mode: Mode): PaymentProvider | null {
  return mode === 'test' ? testCardProvider : liveProvider;
}
