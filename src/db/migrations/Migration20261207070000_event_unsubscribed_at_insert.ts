import { Migration } from '@mikro-orm/migrations';

/**
 * An event of a tenant (organisation and mode) without an enabled webhook endpoint is written
 * already dispatched (`dispatched_at` = the transaction's time): there is nothing to deliver, and
 * the delivery worker's `markUnsubscribed` would otherwise UPDATE it a moment later.
 *
 * Why: that UPDATE was one more committed write per event (a WAL flush), and every one of them
 * left the old row version in `event_dispatched_at_index` under the key "null" until a vacuum
 * removed it. The worker's search for undispatched events is a bitmap scan of that key, which
 * does not skip dead entries: on PostgreSQL, after 7,000 creates of a tenant without endpoints,
 * EXPLAIN ANALYZE showed it visiting 8,141 index entries and 1,601 heap pages to find none,
 * 19 ms per worker pass, and PostgreSQL's CPU per create grew from 4.4 to 8.0 ms as the table did.
 *
 * Same outcome as the worker's: it marks such events without deliveries too, reading the
 * endpoints as they are when it runs. Here they are read when the event is written (an endpoint
 * enabled between the two missed the event either way). Events of tenants with an endpoint are
 * untouched (null, dispatched by the worker), and the NOTIFY of every event (subscriptions, the
 * worker's wake-up) is unchanged.
 */
export class Migration20261207070000_event_unsubscribed_at_insert extends Migration {
  override name = 'Migration20261207070000_event_unsubscribed_at_insert';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "cg_event_unsubscribed"() returns trigger language plpgsql as $$
begin
  if new.dispatched_at is null and not exists (
    select 1 from webhook_endpoint w where w.organisation_id = new.organisation_id and w.mode = new.mode and w.enabled
  ) then
    new.dispatched_at := now();
  end if;
  return new;
end $$;`);
    this.addSql(`create trigger "event_unsubscribed" before insert on "event" for each row execute function "cg_event_unsubscribed"();`);
    this.addSql(`create index "webhook_endpoint_organisation_id_mode_index" on "webhook_endpoint" ("organisation_id", "mode");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists "webhook_endpoint_organisation_id_mode_index";`);
    this.addSql(`drop trigger if exists "event_unsubscribed" on "event";`);
    this.addSql(`drop function if exists "cg_event_unsubscribed"();`);
  }
}
