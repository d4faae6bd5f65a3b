import { Migration } from '@mikro-orm/migrations';

export class Migration20261206032000_storefront extends Migration {
  override name = 'Migration20261206032000_storefront';

  override up(): void | Promise<void> {
    this.addSql(`alter table "organisation" add "storefront_allowed_origins" text[] not null default '{}';`);

    this.addSql(`alter table "api_key" add "kind" text not null default 'secret';`);
    this.addSql(`alter table "api_key" add constraint "api_key_kind_check" check ("kind" in ('secret', 'publishable'));`);

    this.addSql(
      `alter table "checkout_session" add "customer_name" varchar(255) null, add "client_secret_hash" varchar(64) null, add "order_reference" varchar(32) null, add "payment_attempts" jsonb not null default '[]';`,
    );
    this.addSql(`alter table "checkout_session" add constraint "checkout_session_order_reference_unique" unique ("order_reference");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "api_key" drop constraint "api_key_kind_check";`);
    this.addSql(`alter table "api_key" drop column "kind";`);

    this.addSql(`alter table "checkout_session" drop constraint "checkout_session_order_reference_unique";`);
    this.addSql(
      `alter table "checkout_session" drop column "customer_name", drop column "client_secret_hash", drop column "order_reference", drop column "payment_attempts";`,
    );

    this.addSql(`alter table "organisation" drop column "storefront_allowed_origins";`);
  }
}
