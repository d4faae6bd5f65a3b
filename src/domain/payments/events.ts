// Payment events, for whoever needs to hear of them (the events outbox, once it exists, listens
// here and writes its row in the same transaction). Listeners run inside the transaction that
// records the attempt on the session, so an event is emitted exactly when the attempt is stored.
import type { EntityManager } from '@mikro-orm/core';
import type { CheckoutSession, PaymentAttempt } from '../entities/checkout-session.ts';

export interface PaymentFailedEvent {
  session: CheckoutSession;
  attempt: PaymentAttempt;
}

export type PaymentFailedListener = (em: EntityManager, event: PaymentFailedEvent) => Promise<void>;

const listeners = new Set<PaymentFailedListener>();

/** Adds a listener of failed payments; returns its removal. */
export function onPaymentFailed(listener: PaymentFailedListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function emitPaymentFailed(em: EntityManager, event: PaymentFailedEvent): Promise<void> {
  for (const listener of listeners) await listener(em, event);
}
