// The delivery worker. Two steps, both claimed with FOR UPDATE SKIP LOCKED so that several
// gateway processes on one PostgreSQL share the work without doing any of it twice:
//   1. dispatch: events not yet dispatched become one pending delivery per subscribed endpoint;
//   2. deliver: due deliveries are leased (lockedUntil), POSTed outside any transaction, and the
//      attempt recorded (success, retry at the next step of the schedule, or failure).
// A process killed mid-attempt leaves its lease to expire; another process (or itself after the
// restart) then tries again: delivery is at least once. It runs when woken (an event committed
// in this process, a NOTIFY from another) and on a polling interval, for due retries.
import { LockMode } from '@mikro-orm/core';
import type { Orm } from '../db/orm.ts';
import { Event, WebhookDelivery, WebhookEndpoint } from '../domain/entities/index.ts';
import type { DeliveryAttempt } from '../domain/entities/webhook-delivery.ts';
import { createDeliveries, organisationsOf } from './dispatch.ts';
import type { WebhookFormats } from './format.ts';
import type { SecretBox } from './secret-box.ts';
import { postWebhook, type AttemptResult } from './send.ts';

export interface WorkerOptions {
  orm: Orm;
  formats: WebhookFormats;
  box: SecretBox;
  timeoutMs: number;
  retrySchedule: number[];
  allowPrivateUrls: boolean;
  pollMs: number;
  log: { warn(o: object, m: string): void };
  batch?: number;
}

interface Claimed {
  id: string;
  endpoint: string;
  messageId: string;
  type: string;
  body: string;
  mode: 'test' | 'live';
  lease: Date;
}

export class DeliveryWorker {
  readonly #o: WorkerOptions;
  readonly #batch: number;
  #running: Promise<void> | null = null;
  #again = false;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: WorkerOptions) {
    this.#o = options;
    this.#batch = options.batch ?? 16;
  }

  start(): void {
    this.#timer = setInterval(() => this.wake(), this.#o.pollMs);
    this.#timer.unref();
    this.wake();
  }

  /** Runs a pass now (or right after the one in progress). */
  wake(): void {
    if (this.#closed) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#loop().finally(() => {
      this.#running = null;
    });
  }

  /** Resolves once no pass is running (tests). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.idle();
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      try {
        while (!this.#closed && (await this.dispatch()) > 0);
        while (!this.#closed && (await this.deliverDue()) > 0);
      } catch (error) {
        if (!this.#closed) this.#o.log.warn({ err: error }, 'webhook worker pass failed; retrying at the next poll');
      }
    } while (this.#again && !this.#closed);
  }

  /** Dispatches a batch of events; returns how many. */
  async dispatch(): Promise<number> {
    return this.#o.orm.em.fork().transactional(async (em) => {
      const events = await em.find(Event, { dispatchedAt: null }, { filters: false, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, limit: 100, orderBy: { id: 'asc' } });
      if (events.length === 0) return 0;
      const tenants = [...new Map(events.map((e) => [`${e.organisation}/${e.mode}`, { organisation: e.organisation, mode: e.mode }])).values()];
      const endpoints = await em.find(WebhookEndpoint, { $or: tenants, enabled: true }, { filters: false });
      const orgs = await organisationsOf(em, events);
      const now = new Date();
      for (const event of events) {
        createDeliveries(em, this.#o.formats, event, endpoints, orgs.get(event.organisation) ?? { name: '', slug: '' }, now);
        event.dispatchedAt = now;
      }
      await em.flush();
      return events.length;
    });
  }

  /** Leases a batch of due deliveries and attempts them; returns how many. */
  async deliverDue(): Promise<number> {
    const claimed = await this.#claim();
    await Promise.all(claimed.map((d) => this.#attempt(d)));
    return claimed.length;
  }

  async #claim(): Promise<Claimed[]> {
    const now = new Date();
    // Long enough for the attempt (its timeout) and the recording of it; short enough that a killed
    // process's deliveries are taken over soon.
    const lease = new Date(now.getTime() + 2 * this.#o.timeoutMs + 5_000);
    return this.#o.orm.em.fork().transactional(async (em) => {
      const due = await em.find(
        WebhookDelivery,
        { status: 'pending', nextAttemptAt: { $lte: now }, $or: [{ lockedUntil: null }, { lockedUntil: { $lt: now } }] },
        { filters: false, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, limit: this.#batch, orderBy: { nextAttemptAt: 'asc' } },
      );
      for (const d of due) d.lockedUntil = lease;
      await em.flush();
      return due.map((d) => ({ id: d.id, endpoint: d.endpoint, messageId: d.messageId, type: d.type, body: d.body, mode: d.mode, lease }));
    });
  }

  async #attempt(d: Claimed): Promise<void> {
    const em = this.#o.orm.em.fork();
    const endpoint = await em.findOne(WebhookEndpoint, { id: d.endpoint }, { filters: false, populate: ['secretCiphertext'] });
    const format = endpoint && this.#o.formats.get(endpoint.format);
    let result: AttemptResult;
    let final = false;
    if (!endpoint || !format || !endpoint.enabled) {
      result = { status: null, durationMs: 0, error: !endpoint ? 'endpoint deleted' : !format ? 'format not available' : 'endpoint disabled' };
      final = true;
    } else {
      let headers: Record<string, string> | null = null;
      try {
        const secret = this.#o.box.open(endpoint.secretCiphertext, endpoint.id);
        headers = format.sign({ id: d.messageId, type: d.type, body: d.body }, secret, new Date());
      } catch (error) {
        // A secret that no longer decrypts (another WEBHOOK_SECRET_KEY) or a format failing: recorded, retried.
        this.#o.log.warn({ err: error, endpointId: endpoint.id }, 'webhook could not be signed');
      }
      result = headers
        ? await postWebhook(endpoint.url, d.body, headers, this.#o.timeoutMs, { mode: endpoint.mode, allowPrivate: this.#o.allowPrivateUrls })
        : { status: null, durationMs: 0, error: 'could not sign (secret unreadable with this WEBHOOK_SECRET_KEY?)' };
    }
    await this.#record(d, result, final);
  }

  async #record(d: Claimed, result: AttemptResult, final: boolean): Promise<void> {
    await this.#o.orm.em.fork().transactional(async (em) => {
      const delivery = await em.findOne(WebhookDelivery, { id: d.id }, { filters: false, lockMode: LockMode.PESSIMISTIC_WRITE });
      // The lease ran out and another worker took the delivery over: it records its own attempt.
      if (!delivery || delivery.status !== 'pending' || delivery.lockedUntil?.getTime() !== d.lease.getTime()) return;
      const now = new Date();
      const attempt: DeliveryAttempt = { at: new Date(now.getTime() - result.durationMs).toISOString(), status: result.status, durationMs: result.durationMs, error: result.error };
      delivery.attempts = [...delivery.attempts, attempt];
      delivery.attemptCount += 1;
      delivery.lockedUntil = null;
      const ok = result.status !== null && result.status >= 200 && result.status < 300;
      const gone = result.status === 410;
      const delay = this.#o.retrySchedule[delivery.attemptCount - 1];
      if (ok) {
        delivery.status = 'succeeded';
        delivery.deliveredAt = now;
        delivery.nextAttemptAt = null;
      } else if (final || gone || delay === undefined) {
        delivery.status = 'failed';
        delivery.nextAttemptAt = null;
      } else {
        delivery.nextAttemptAt = new Date(now.getTime() + delay);
      }
      if (gone) {
        const endpoint = await em.findOne(WebhookEndpoint, { id: d.endpoint }, { filters: false });
        if (endpoint) {
          endpoint.enabled = false;
          endpoint.disabledReason = 'gone';
        }
      }
      await em.flush();
    });
  }
}
