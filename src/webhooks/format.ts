// What the core asks of a webhook format (a vendor's dialect or Standard Webhooks): which event
// types it speaks, how its secrets look, how it renders one core event into its messages and
// how it signs one. The core's delivery worker and the GraphQL API only know this interface;
// the faces register their formats (src/http/faces.ts wires them), the core never imports them.
import type { WebhookFormatName } from '../domain/entities/webhook-endpoint.ts';

/** A committed event as formats see it: the core type and the object's snapshot. */
export interface EventView {
  id: string;
  type: string;
  organisationId: string;
  /** The organisation's name and slug (vendors show the account's title / route). */
  organisation: { name: string; slug: string };
  mode: 'test' | 'live';
  createdAt: Date;
  /** The object after the change (camelCase entity fields; sessions add checkoutLink and plan). */
  data: Record<string, unknown>;
  /** For updates: the previous values of what changed. */
  previous: Record<string, unknown> | null;
}

export interface EndpointView {
  id: string;
  apiVersion: string | null;
}

/** One message to send: the format's type name, the id receivers deduplicate on and the exact body. */
export interface WebhookMessage {
  type: string;
  id: string;
  body: string;
}

export interface WebhookFormat {
  name: WebhookFormatName;
  /** What an endpoint may subscribe to besides `*`: the vendor's documented names (the gateway may emit only some). */
  eventTypes: readonly string[];
  /** A fresh signing secret, as the vendor shows it. */
  newSecret(): string;
  /** The messages of one event (none when the vendor has no such event). Pure: rendered once, then stored. */
  render(event: EventView, endpoint: EndpointView): WebhookMessage[];
  /** The headers of one attempt (signature, ids, timestamps) for the stored message. */
  sign(message: WebhookMessage, secret: string, now: Date): Record<string, string>;
}

/** Whether an endpoint subscribed to `type`: `*`, the exact name, or a `prefix.*` wildcard. */
export function subscribed(enabledEvents: readonly string[], type: string): boolean {
  return enabledEvents.some((e) => e === '*' || e === type || (e.endsWith('.*') && type.startsWith(e.slice(0, -1))));
}

export class WebhookFormats {
  readonly #formats = new Map<WebhookFormatName, WebhookFormat>();

  constructor(formats: WebhookFormat[] = []) {
    for (const f of formats) this.register(f);
  }

  register(format: WebhookFormat): void {
    this.#formats.set(format.name, format);
  }

  get(name: WebhookFormatName): WebhookFormat | undefined {
    return this.#formats.get(name);
  }

  names(): WebhookFormatName[] {
    return [...this.#formats.keys()];
  }
}
