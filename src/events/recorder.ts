// The transactional outbox: a MikroORM subscriber that, inside every flush, turns the changes
// that matter to merchants into Event rows of the same flush (so of the same transaction). No
// service has to remember to emit: whatever writes a completed session, a link, a product, a
// price or an archived plan through the ORM records its event, or nothing is written at all.
// Once the transaction has committed, the bus announces the new events in this process (the
// webhook worker wakes; on PGlite, GraphQL subscriptions are fed from it).
import { EventEmitter } from 'node:events';
import { wrap, type ChangeSet, type EventSubscriber, type FlushEventArgs, type TransactionEventArgs, type UnitOfWork } from '@mikro-orm/core';
import type { Orm } from '../db/orm.ts';
import { CheckoutLink, CheckoutSession, Event, Plan, Price, Product } from '../domain/entities/index.ts';
import type { EventType } from '../domain/entities/event.ts';
import { newId } from '../domain/entities/common.ts';

/** What the bus announces about a committed event (enough to route it; read the rest by id). */
export interface CommittedEvent {
  id: string;
  organisation: string;
  mode: 'test' | 'live';
  type: string;
  objectId: string | null;
}

export interface EventBus {
  on(listener: (events: CommittedEvent[]) => void): () => void;
}

/** Properties whose change alone is bookkeeping, not a change the merchant made. */
const QUIET = new Set(['updatedAt', 'createdAt']);
/** A link update that counts a completion (and may deactivate the link at its limit) is no `checkout_link.updated`. */
const COMPLETION_SIDE_EFFECTS = new Set(['completedSessionsCount', 'active', 'updatedAt']);

type Snapshot = Record<string, unknown>;

function snapshot(entity: object): Snapshot {
  return JSON.parse(JSON.stringify(wrap(entity).toObject())) as Snapshot;
}

function previousOf(cs: ChangeSet<object>): Snapshot | null {
  const original = cs.originalEntity as Record<string, unknown> | undefined;
  const changed = Object.keys(cs.payload as object).filter((k) => !QUIET.has(k));
  if (!original || changed.length === 0) return null;
  const out: Snapshot = {};
  // originalEntity is keyed by property name; values are in database form (dates as strings, …).
  for (const key of changed) out[key] = original[key] ?? null;
  return JSON.parse(JSON.stringify(out)) as Snapshot;
}

/** The link (and its plan) of a session, when the unit of work holds them. */
function sessionContext(uow: UnitOfWork, session: CheckoutSession): Snapshot {
  const link = uow.getById(CheckoutLink, session.checkoutLink);
  const plan = link?.plan ? uow.getById(Plan, link.plan) : undefined;
  return {
    checkoutLink: link
      ? { id: link.id, title: link.title ?? null, checkoutMode: link.checkoutMode, plan: link.plan ?? null, metadata: link.metadata ?? {} }
      : { id: session.checkoutLink },
    plan: plan
      ? {
          id: plan.id,
          name: plan.name,
          planType: plan.planType ?? null,
          billingPeriodDays: plan.billingPeriodDays ?? null,
          metadata: plan.metadata ?? {},
          internalNotes: plan.internalNotes ?? null,
          originProduct: plan.originProduct ?? null,
        }
      : null,
  };
}

interface Draft {
  type: EventType;
  entity: { id: string; organisation: string; mode: 'test' | 'live' };
  data: Snapshot;
  previous: Snapshot | null;
}

function eventsOf(cs: ChangeSet<object>, uow: UnitOfWork, created: Set<string>): Draft[] {
  const entity = cs.entity as Draft['entity'];
  const payload = cs.payload as Record<string, unknown>;
  const keys = Object.keys(payload);
  const one = (type: EventType, extra: Snapshot = {}, previous: Snapshot | null = null): Draft[] => [
    { type, entity, data: { ...snapshot(entity), ...extra }, previous },
  ];
  if (cs.type === 'create') created.add(entity.id);
  const isUpdate = cs.type === 'update' && !created.has(entity.id) && keys.some((k) => !QUIET.has(k));
  if (entity instanceof CheckoutSession) {
    if (cs.type !== 'update') return [];
    if (payload.status === 'complete') return one('checkout_session.completed', sessionContext(uow, entity));
    if (payload.status === 'expired') return one('checkout_session.expired', sessionContext(uow, entity));
    // A declined payment is recorded on the open session (storefront completeCheckoutSession).
    if ('paymentAttempts' in payload && entity.status === 'open' && entity.paymentAttempts?.at(-1)?.status === 'failed') {
      return one('checkout_session.payment_failed', sessionContext(uow, entity));
    }
    return [];
  }
  if (entity instanceof CheckoutLink) {
    if (cs.type === 'create') return one('checkout_link.created');
    if (!isUpdate) return [];
    if (payload.deletedAt) return one('checkout_link.deleted');
    if ('completedSessionsCount' in payload && keys.every((k) => COMPLETION_SIDE_EFFECTS.has(k))) return [];
    return one('checkout_link.updated', {}, previousOf(cs));
  }
  if (entity instanceof Product) {
    if (cs.type === 'create') return one('product.created');
    return isUpdate ? one('product.updated', {}, previousOf(cs)) : [];
  }
  if (entity instanceof Price) {
    if (cs.type === 'create') return one('price.created');
    return isUpdate ? one('price.updated', {}, previousOf(cs)) : [];
  }
  if (entity instanceof Plan) {
    return cs.type === 'update' && payload.status === 'archived' ? one('plan.archived') : [];
  }
  return [];
}

const buses = new WeakMap<Orm, EventEmitter>();

/**
 * Installs the recorder on an ORM (once) and returns its bus. Every EntityManager forked from
 * the ORM shares the subscriber.
 */
export function eventRecorder(orm: Orm): EventBus {
  let emitter = buses.get(orm);
  if (!emitter) {
    const bus = new EventEmitter();
    bus.setMaxListeners(0);
    emitter = bus;
    buses.set(orm, bus);
    /** Per unit of work: ids created in it (a create then an update is one `created`) and events not yet committed. */
    const createdIds = new WeakMap<UnitOfWork, Set<string>>();
    const pending = new WeakMap<UnitOfWork, CommittedEvent[]>();
    const publish = (uow: UnitOfWork | undefined) => {
      const events = uow && pending.get(uow);
      if (!uow || !events?.length) return;
      pending.delete(uow);
      bus.emit('committed', events);
    };
    const subscriber: EventSubscriber = {
      onFlush(args: FlushEventArgs) {
        const { uow, em } = args;
        let created = createdIds.get(uow);
        if (!created) createdIds.set(uow, (created = new Set()));
        const drafts = uow.getChangeSets().flatMap((cs) => eventsOf(cs, uow, created));
        if (drafts.length === 0) return;
        const list = pending.get(uow) ?? [];
        pending.set(uow, list);
        for (const d of drafts) {
          const event = em.create(Event, {
            id: newId(),
            organisation: d.entity.organisation,
            mode: d.entity.mode,
            type: d.type,
            objectId: d.entity.id,
            data: d.data,
            previous: d.previous,
            dispatchedAt: null,
          });
          uow.computeChangeSet(event);
          list.push({ id: event.id, organisation: event.organisation, mode: event.mode, type: event.type, objectId: event.objectId ?? null });
        }
      },
      // A flush outside a transaction has committed by now (MikroORM wraps it in its own).
      afterFlush(args: FlushEventArgs) {
        if (!args.em.isInTransaction()) publish(args.uow);
      },
      afterTransactionCommit(args: TransactionEventArgs) {
        if (!args.transaction?.savepointName) publish(args.uow);
      },
      afterTransactionRollback(args: TransactionEventArgs) {
        if (!args.transaction?.savepointName && args.uow) {
          pending.delete(args.uow);
          createdIds.delete(args.uow);
        }
      },
    };
    orm.em.getEventManager().registerSubscriber(subscriber);
  }
  const bus = emitter;
  return {
    on(listener) {
      bus.on('committed', listener);
      return () => bus.off('committed', listener);
    },
  };
}
