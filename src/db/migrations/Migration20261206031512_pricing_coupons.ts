import { Migration } from '@mikro-orm/migrations';

export class Migration20261206031512_pricing_coupons extends Migration {
  override name = 'Migration20261206031512_pricing_coupons';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "coupon" ("id" uuid not null, "organisation_id" uuid not null, "mode" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(255) null, "percent_off_basis_points" int null, "amount_off" bigint null, "currency" varchar(3) null, "duration" text not null default 'once', "duration_in_months" int null, "max_redemptions" int null, "redeem_by" timestamptz null, "times_redeemed" int not null default 0, "applies_to_products" jsonb not null, "metadata" jsonb not null, "deleted_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "coupon_organisation_id_mode_id_index" on "coupon" ("organisation_id", "mode", "id");`);

    this.addSql(
      `create table "promotion_code" ("id" uuid not null, "organisation_id" uuid not null, "mode" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "coupon_id" uuid not null, "code" varchar(64) not null, "code_key" varchar(64) not null, "active" boolean not null default true, "max_redemptions" int null, "expires_at" timestamptz null, "times_redeemed" int not null default 0, "metadata" jsonb not null, primary key ("id"));`,
    );
    this.addSql(`create index "promotion_code_coupon_id_index" on "promotion_code" ("coupon_id");`);
    this.addSql(
      `alter table "promotion_code" add constraint "promotion_code_organisation_id_mode_code_key_unique" unique ("organisation_id", "mode", "code_key");`,
    );

    this.addSql(
      `alter table "checkout_session" add "amount_discount" bigint not null default '0', add "setup_fees" bigint not null default '0', add "trial_days" int null, add "recurring" jsonb not null default '[]', add "discount" jsonb null, add "promotion_code_id" uuid null;`,
    );
    this.addSql(
      `alter table "checkout_session" add constraint "checkout_session_promotion_code_id_foreign" foreign key ("promotion_code_id") references "promotion_code" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "coupon" add constraint "coupon_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(`alter table "coupon" add constraint "coupon_mode_check" check ("mode" in ('test', 'live'));`);
    this.addSql(`alter table "coupon" add constraint "coupon_duration_check" check ("duration" in ('once', 'repeating', 'forever'));`);

    this.addSql(
      `alter table "promotion_code" add constraint "promotion_code_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "promotion_code" add constraint "promotion_code_coupon_id_foreign" foreign key ("coupon_id") references "coupon" ("id") on delete cascade;`,
    );
    this.addSql(`alter table "promotion_code" add constraint "promotion_code_mode_check" check ("mode" in ('test', 'live'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "promotion_code" drop constraint "promotion_code_coupon_id_foreign";`);
    this.addSql(`alter table "checkout_session" drop constraint "checkout_session_promotion_code_id_foreign";`);

    this.addSql(`drop table if exists "coupon" cascade;`);
    this.addSql(`drop table if exists "promotion_code" cascade;`);

    this.addSql(
      `alter table "checkout_session" drop column "amount_discount", drop column "setup_fees", drop column "trial_days", drop column "recurring", drop column "discount", drop column "promotion_code_id";`,
    );
  }
}
