import { Migration } from '@mikro-orm/migrations';

// Every event committed is announced on the channel `cg_event` (PostgreSQL delivers it at commit
// to every listening connection): gateways wake their webhook worker and feed GraphQL
// subscriptions from it, whichever process wrote the event. The payload is small (ids and the
// type; NOTIFY payloads are capped at 8000 bytes): listeners read the rest from the tables.
export class Migration20261206025912_event_notify extends Migration {
  override name = 'Migration20261206025912_event_notify';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "cg_event_created"() returns trigger language plpgsql as $$
begin
  perform pg_notify('cg_event', json_build_object('id', new.id, 'organisation', new.organisation_id, 'mode', new.mode, 'type', new.type, 'objectId', new.object_id)::text);
  return null;
end $$;`);
    this.addSql(`create trigger "event_created" after insert on "event" for each row execute function "cg_event_created"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "event_created" on "event";`);
    this.addSql(`drop function if exists "cg_event_created"();`);
  }
}
