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

/** Events dispatched per transaction. */
const DISPATCH_BATCH = 100;

const HAS_ENDPOINT = 'exists (select 1 from webhook_endpoint w where w.organisation_id = e.organisation_id and w.mode = e.mode and w.enabled)';
/** See DeliveryWorker.#markUnsubscribed ($1, $2: now; $3: the batch). */
const UNSUBSCRIBED_SQL = `with marked as (
  update event set dispatched_at = ?, updated_at = ?
  where id in (select e.id from event e where e.dispatched_at is null and not ${HAS_ENDPOINT} order by e.id limit ? for update skip locked)
  returning 1
)
select (select count(*) from marked) as marked, exists (select 1 from event e where e.dispatched_at is null and ${HAS_ENDPOINT}) as more`;

interface Claimed {
  id: string;
  endpoint: string;
  messageId: string;
  type: string;
  body: string;
  mode: 'test' | 'live';
  lease: Date;
}

/** Idle polls back off (doubling) up to this many poll intervals, and never beyond MAX_IDLE_MS. */
const IDLE_BACKOFF = 8;
const MAX_IDLE_MS = 10_000;

export class DeliveryWorker {
  readonly #o: WorkerOptions;
  readonly #batch: number;
  #running: Promise<void> | null = null;
  /** Work asked for while a pass runs: the pass runs again with it. */
  #again = { dispatch: false, deliver: false };
  #closed = false;
  #timer: NodeJS.Timeout | undefined;
  /** The next poll's delay: pollMs after work, doubling while polls find nothing. */
  #idleMs: number;
  /** A wake-up at the earliest retry this process scheduled. */
  #retryTimer: NodeJS.Timeout | undefined;
  #retryAt = Infinity;
  /** Due times (ms) of the retries this process scheduled, earliest first. */
  #retries: number[] = [];

  constructor(options: WorkerOptions) {
    this.#o = options;
    this.#batch = options.batch ?? 16;
    this.#idleMs = options.pollMs;
  }

  start(): void {
    this.#schedulePoll();
    this.wake();
  }

  /**
   * The safety-net poll (due retries of other processes, leases of dead ones, events whose
   * wake-up was lost): every pollMs while there is work, backing off to IDLE_BACKOFF x pollMs
   * (at most MAX_IDLE_MS) while there is none. Events committed in this process (and, on
   * PostgreSQL, in others: NOTIFY) wake the worker at once, and retries it schedules itself wake
   * it when due, so an idle gateway polls seldom without delaying a first delivery.
   */
  #schedulePoll(): void {
    clearTimeout(this.#timer);
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#pass({ dispatch: true, deliver: true, poll: true });
    }, this.#idleMs);
    this.#timer.unref();
  }

  /** Wakes the worker when each retry this process scheduled is due (the earliest first). */
  #wakeAt(at: number): void {
    if (this.#closed) return;
    if (this.#retries.length < 1000) this.#retries.push(at);
    this.#retries.sort((a, b) => a - b);
    this.#armRetry();
  }

  #armRetry(): void {
    const next = this.#retries[0];
    if (next === undefined || next === this.#retryAt) return;
    clearTimeout(this.#retryTimer);
    this.#retryAt = next;
    this.#retryTimer = setTimeout(
      () => {
        const now = Date.now();
        this.#retries = this.#retries.filter((t) => t > now);
        this.#retryAt = Infinity;
        this.#armRetry();
        this.#pass({ dispatch: false, deliver: true });
      },
      Math.max(0, next - Date.now()) + 5,
    );
    this.#retryTimer.unref();
  }

  /** Runs a full pass now (or right after the one in progress). */
  wake(): void {
    this.#pass({ dispatch: true, deliver: true });
  }

  /** New events were committed: dispatches them (and delivers what that created). */
  wakeForEvents(): void {
    this.#pass({ dispatch: true, deliver: false });
  }

  #pass(work: { dispatch: boolean; deliver: boolean; poll?: boolean }): void {
    if (this.#closed) return;
    if (this.#running) {
      this.#again.dispatch ||= work.dispatch;
      this.#again.deliver ||= work.deliver;
      if (work.poll) this.#schedulePoll();
      return;
    }
    this.#running = this.#loop(work).finally(() => {
      this.#running = null;
    });
  }

  /** Resolves once no pass is running (tests). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#retryTimer);
    await this.idle();
  }

  async #loop(first: { dispatch: boolean; deliver: boolean; poll?: boolean }): Promise<void> {
    let work = first;
    let found = false;
    for (;;) {
      try {
        let deliver = work.deliver;
        if (work.dispatch) {
          for (;;) {
            if (this.#closed) break;
            const { events, deliveries } = await this.#dispatchBatch();
            if (events > 0) found = true;
            if (deliveries > 0) deliver = true;
            if (events < DISPATCH_BATCH) break;
          }
        }
        if (deliver) {
          for (;;) {
            if (this.#closed) break;
            const n = await this.deliverDue();
            if (n > 0) found = true;
            if (n < this.#batch) break;
          }
        }
      } catch (error) {
        if (!this.#closed) this.#o.log.warn({ err: error }, 'webhook worker pass failed; retrying at the next poll');
        found = true; // poll again soon
      }
      const again = this.#again;
      if (this.#closed || (!again.dispatch && !again.deliver)) break;
      this.#again = { dispatch: false, deliver: false };
      work = again;
    }
    if (first.poll || found) {
      this.#idleMs = found ? this.#o.pollMs : Math.min(this.#idleMs * 2, Math.max(this.#o.pollMs, Math.min(this.#o.pollMs * IDLE_BACKOFF, MAX_IDLE_MS)));
      this.#schedulePoll();
    }
  }

  /** Dispatches a batch of events; returns how many. */
  async dispatch(): Promise<number> {
    return (await this.#dispatchBatch()).events;
  }

  /**
   * One statement, no transaction: marks dispatched the pending events of tenants without an
   * enabled endpoint (nothing to deliver), and tells whether events of tenants with endpoints
   * are pending (they need the full dispatch). The endpoints are read as the full dispatch reads
   * them (an endpoint enabled meanwhile misses the event either way). Most such events are
   * written dispatched already (Migration20261207070000_event_unsubscribed_at_insert); this
   * catches the rest: events whose tenant's endpoints were disabled or deleted before dispatch.
   */
  async #markUnsubscribed(): Promise<{ marked: number; more: boolean }> {
    const now = new Date();
    const rows = (await this.#o.orm.em.getConnection().execute(UNSUBSCRIBED_SQL, [now, now, DISPATCH_BATCH], 'all')) as {
      marked: number | string;
      more: boolean;
    }[];
    const row = rows[0];
    return { marked: Number(row?.marked ?? 0), more: row?.more === true };
  }

  async #dispatchBatch(): Promise<{ events: number; deliveries: number }> {
    const { marked, more } = await this.#markUnsubscribed();
    if (!more) return { events: marked, deliveries: 0 };
    const full = await this.#dispatchSubscribed();
    return { events: Math.max(full.events, marked), deliveries: full.deliveries };
  }

  async #dispatchSubscribed(): Promise<{ events: number; deliveries: number }> {
    return this.#o.orm.em.fork().transactional(async (em) => {
      const events = await em.find(
        Event,
        { dispatchedAt: null },
        { filters: false, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, limit: DISPATCH_BATCH, orderBy: { id: 'asc' } },
      );
      if (events.length === 0) return { events: 0, deliveries: 0 };
      const tenants = [...new Map(events.map((e) => [`${e.organisation}/${e.mode}`, { organisation: e.organisation, mode: e.mode }])).values()];
      const endpoints = await em.find(WebhookEndpoint, { $or: tenants, enabled: true }, { filters: false });
      // The organisations' names are only rendered into deliveries: not read when there are none.
      const orgs = endpoints.length > 0 ? await organisationsOf(em, events) : new Map<string, { name: string; slug: string }>();
      const now = new Date();
      let deliveries = 0;
      for (const event of events) {
        deliveries += createDeliveries(em, this.#o.formats, event, endpoints, orgs.get(event.organisation) ?? { name: '', slug: '' }, now).length;
        event.dispatchedAt = now;
      }
      await em.flush();
      return { events: events.length, deliveries };
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
    let retryAt: number | null = null;
    await this.#o.orm.em.fork().transactional(async (em) => {
      const delivery = await em.findOne(WebhookDelivery, { id: d.id }, { filters: false, lockMode: LockMode.PESSIMISTIC_WRITE });
      // The lease ran out and another worker took the delivery over: it records its own attempt.
      if (!delivery || delivery.status !== 'pending' || delivery.lockedUntil?.getTime() !== d.lease.getTime()) return;
      const now = new Date();
      const attempt: DeliveryAttempt = {
        at: new Date(now.getTime() - result.durationMs).toISOString(),
        status: result.status,
        durationMs: result.durationMs,
        error: result.error,
      };
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
        retryAt = delivery.nextAttemptAt.getTime();
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
    if (retryAt !== null) this.#wakeAt(retryAt);
  }
}
