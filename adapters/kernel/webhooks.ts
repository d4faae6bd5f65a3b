// What every face's webhook format shares: the core's format interface (types only), the
// snapshot shapes the core records in events, and small signing / time helpers.
import { createHash, createHmac, randomBytes } from 'node:crypto';

export type { EndpointView, EventView, WebhookFormat, WebhookMessage } from '../../src/webhooks/format.ts';
export { standardWebhookHeaders } from '../../src/webhooks/standard-format.ts';

/** One cart line as recorded in a checkout session event. */
export interface LineSnapshot {
  lineItemId: string | null;
  productId: string | null;
  priceId: string | null;
  name: string;
  quantity: number;
  unitAmount: number;
  amountSubtotal: number;
  recurringInterval: string | null;
  recurringIntervalCount: number | null;
}

/** A checkout session event's object (camelCase entity fields plus its link and plan). */
export interface SessionSnapshot {
  id: string;
  status: 'open' | 'complete' | 'expired';
  currency: string | null;
  lines: LineSnapshot[];
  amountSubtotal: number;
  amountTotal: number;
  customerId: string | null;
  customerEmail: string | null;
  companyName: string | null;
  couponCode: string | null;
  metadata: Record<string, unknown> | null;
  completedAt: string | null;
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
  checkoutLink: { id: string; title?: string | null; checkoutMode?: string; plan?: string | null; metadata?: Record<string, unknown> };
  plan: {
    id: string;
    name: string;
    planType: string | null;
    billingPeriodDays: number | null;
    metadata: Record<string, unknown>;
    internalNotes: string | null;
    originProduct: string | null;
  } | null;
}

export const hmacHex = (key: string | Buffer, data: string): string => createHmac('sha256', key).update(data, 'utf8').digest('hex');

/** A short stable id from parts (message ids that must stay the same across retries and resends). */
export const digestId = (...parts: string[]): string => createHash('sha256').update(parts.join('\0')).digest('hex');

export const randomHex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** ISO 8601 -> unix seconds (null stays null). */
export function unix(iso: string | null | undefined): number | null {
  if (!iso) return null;
  return Math.floor(new Date(iso).getTime() / 1000);
}

export const unixNow = (now: Date): number => Math.floor(now.getTime() / 1000);
