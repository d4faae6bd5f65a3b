import { Migration } from '@mikro-orm/migrations';

export class Migration20261206022824_vendor_account_alias extends Migration {
  override name = 'Migration20261206022824_vendor_account_alias';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "vendor_account_alias" ("id" uuid not null, "organisation_id" uuid not null, "mode" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "vendor" text not null, "account_id" varchar(128) not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "vendor_account_alias" add constraint "vendor_account_alias_organisation_id_mode_vendor__75fb8_unique" unique ("organisation_id", "mode", "vendor", "account_id");`,
    );

    this.addSql(
      `alter table "vendor_account_alias" add constraint "vendor_account_alias_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(`alter table "vendor_account_alias" add constraint "vendor_account_alias_mode_check" check ("mode" in ('test', 'live'));`);
    this.addSql(`alter table "vendor_account_alias" add constraint "vendor_account_alias_vendor_check" check ("vendor" in ('whop'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "vendor_account_alias" cascade;`);
  }
}
