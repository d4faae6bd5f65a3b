import { Migration } from '@mikro-orm/migrations';

export class Migration20261206025911_events extends Migration {
  override name = 'Migration20261206025911_events';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "event" ("id" uuid not null, "organisation_id" uuid not null, "mode" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "type" varchar(64) not null, "object_id" uuid null, "data" jsonb not null, "previous" jsonb null, "dispatched_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "event_dispatched_at_index" on "event" ("dispatched_at");`);
    this.addSql(`create index "event_organisation_id_mode_created_at_index" on "event" ("organisation_id", "mode", "created_at");`);

    this.addSql(
      `create table "webhook_endpoint" ("id" uuid not null, "organisation_id" uuid not null, "mode" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "url" varchar(2048) not null, "format" text not null, "enabled_events" text[] not null, "enabled" boolean not null default true, "description" text null, "metadata" jsonb not null, "api_version" varchar(32) null, "secret_ciphertext" text not null, "disabled_reason" varchar(64) null, primary key ("id"));`,
    );

    this.addSql(
      `create table "webhook_delivery" ("id" uuid not null, "organisation_id" uuid not null, "mode" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "event_id" uuid not null, "endpoint_id" uuid not null, "message_id" varchar(64) not null, "type" varchar(128) not null, "body" text not null, "status" text not null default 'pending', "attempt_count" int not null default 0, "next_attempt_at" timestamptz null, "locked_until" timestamptz null, "attempts" jsonb not null, "delivered_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "webhook_delivery_event_id_index" on "webhook_delivery" ("event_id");`);
    this.addSql(`create index "webhook_delivery_endpoint_id_index" on "webhook_delivery" ("endpoint_id");`);
    this.addSql(`create index "webhook_delivery_status_next_attempt_at_index" on "webhook_delivery" ("status", "next_attempt_at");`);

    this.addSql(
      `alter table "event" add constraint "event_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(`alter table "event" add constraint "event_mode_check" check ("mode" in ('test', 'live'));`);

    this.addSql(
      `alter table "webhook_endpoint" add constraint "webhook_endpoint_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(`alter table "webhook_endpoint" add constraint "webhook_endpoint_mode_check" check ("mode" in ('test', 'live'));`);
    this.addSql(`alter table "webhook_endpoint" add constraint "webhook_endpoint_format_check" check ("format" in ('fynn', 'leanrails', 'whop', 'standard'));`);

    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_event_id_foreign" foreign key ("event_id") references "event" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_endpoint_id_foreign" foreign key ("endpoint_id") references "webhook_endpoint" ("id") on delete cascade;`,
    );
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_mode_check" check ("mode" in ('test', 'live'));`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_status_check" check ("status" in ('pending', 'succeeded', 'failed'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "webhook_delivery" drop constraint "webhook_delivery_event_id_foreign";`);
    this.addSql(`alter table "webhook_delivery" drop constraint "webhook_delivery_endpoint_id_foreign";`);

    this.addSql(`drop table if exists "event" cascade;`);
    this.addSql(`drop table if exists "webhook_endpoint" cascade;`);
    this.addSql(`drop table if exists "webhook_delivery" cascade;`);
  }
}
