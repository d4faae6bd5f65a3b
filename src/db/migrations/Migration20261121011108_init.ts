import { Migration } from '@mikro-orm/migrations';

export class Migration20261121011108_init extends Migration {
  override name = 'Migration20261121011108_init';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "organisation" ("id" uuid not null, "name" varchar(255) not null, "slug" varchar(64) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "organisation" add constraint "organisation_slug_unique" unique ("slug");`);

    this.addSql(
      `create table "idempotency_key" ("id" uuid not null, "organisation_id" uuid not null, "mode" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "scope" varchar(64) not null, "key" varchar(255) not null, "fingerprint" varchar(64) not null, "state" text not null default 'running', "response_status" int null, "response_headers" jsonb null, "response_body" text null, "expires_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "idempotency_key_expires_at_index" on "idempotency_key" ("expires_at");`);
    this.addSql(
      `alter table "idempotency_key" add constraint "idempotency_key_organisation_id_mode_scope_key_unique" unique ("organisation_id", "mode", "scope", "key");`,
    );
    this.addSql(`alter table "idempotency_key" add constraint "idempotency_key_mode_check" check ("mode" in ('test', 'live'));`);
    this.addSql(`alter table "idempotency_key" add constraint "idempotency_key_state_check" check ("state" in ('running', 'done'));`);

    this.addSql(
      `create table "api_key" ("id" uuid not null, "organisation_id" uuid not null, "mode" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(255) null, "secret_hash" varchar(64) not null, "prefix" varchar(32) not null, "last4" varchar(4) not null, "scopes" text[] not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`alter table "api_key" add constraint "api_key_secret_hash_unique" unique ("secret_hash");`);
    this.addSql(`alter table "api_key" add constraint "api_key_mode_check" check ("mode" in ('test', 'live'));`);

    this.addSql(
      `create table "sales_channel" ("id" uuid not null, "organisation_id" uuid not null, "mode" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(64) not null, "brand_name" varchar(255) null, "customerfront_base_url" varchar(2048) null, "is_default" boolean not null default false, primary key ("id"));`,
    );
    this.addSql(`alter table "sales_channel" add constraint "sales_channel_organisation_id_mode_name_unique" unique ("organisation_id", "mode", "name");`);
    this.addSql(`alter table "sales_channel" add constraint "sales_channel_mode_check" check ("mode" in ('test', 'live'));`);

    this.addSql(
      `create table "product" ("id" uuid not null, "organisation_id" uuid not null, "mode" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(255) not null, "description" text null, "kind" text not null default 'recurring', "active" boolean not null default true, "metadata" jsonb not null, "images" jsonb not null, "shippable" boolean null, "invoice_visibility" varchar(32) null, "custom_fields" jsonb not null, "visibility" text null, "route" varchar(255) null, "headline" varchar(255) null, "default_price_id" uuid null, "deleted_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "product_organisation_id_mode_id_index" on "product" ("organisation_id", "mode", "id");`);
    this.addSql(`alter table "product" add constraint "product_mode_check" check ("mode" in ('test', 'live'));`);
    this.addSql(`alter table "product" add constraint "product_kind_check" check ("kind" in ('recurring', 'one_time', 'plan_only'));`);
    this.addSql(`alter table "product" add constraint "product_visibility_check" check ("visibility" in ('visible', 'hidden', 'archived', 'quick_link'));`);

    this.addSql(
      `create table "price" ("id" uuid not null, "organisation_id" uuid not null, "mode" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "product_id" uuid not null, "currency" varchar(3) not null, "unit_amount" bigint not null, "recurring_interval" text null, "recurring_interval_count" int null, "recurring_period_days" int null, "tax_behavior" text not null default 'unspecified', "pricing_model" text not null default 'per_unit', "trial_days" int null, "apply_trial" boolean not null default true, "active" boolean not null default true, "inline" boolean not null default false, "nickname" varchar(255) null, "lookup_key" varchar(255) null, "sales_channel_id" uuid null, "metadata" jsonb not null, primary key ("id"));`,
    );
    this.addSql(`create index "price_product_id_index" on "price" ("product_id");`);
    this.addSql(`alter table "price" add constraint "price_mode_check" check ("mode" in ('test', 'live'));`);
    this.addSql(`alter table "price" add constraint "price_recurring_interval_check" check ("recurring_interval" in ('day', 'week', 'month', 'year'));`);
    this.addSql(`alter table "price" add constraint "price_tax_behavior_check" check ("tax_behavior" in ('inclusive', 'exclusive', 'unspecified'));`);
    this.addSql(
      `alter table "price" add constraint "price_pricing_model_check" check ("pricing_model" in ('flat', 'per_unit', 'tiered', 'volume', 'stair_step', 'percentage'));`,
    );

    this.addSql(
      `create table "plan" ("id" uuid not null, "organisation_id" uuid not null, "mode" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(64) not null, "name" varchar(255) not null, "description" text null, "status" text not null default 'draft', "allow_checkout" boolean not null default true, "family_id" uuid null, "origin_product_id" uuid null, "metadata" jsonb not null, "plan_type" text null, "release_method" text null, "visibility" text null, "initial_price" bigint null, "renewal_price" bigint null, "currency" varchar(3) null, "billing_period_days" int null, "expiration_days" int null, "trial_period_days" int null, "three_ds_level" varchar(32) null, "tax_type" text null, "payment_method_configuration" jsonb null, "internal_notes" text null, "stock" int null, "unlimited_stock" boolean not null default true, "fingerprint" varchar(64) null, "deleted_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "plan_fingerprint_index" on "plan" ("fingerprint");`);
    this.addSql(`alter table "plan" add constraint "plan_organisation_id_mode_code_unique" unique ("organisation_id", "mode", "code");`);
    this.addSql(`alter table "plan" add constraint "plan_mode_check" check ("mode" in ('test', 'live'));`);
    this.addSql(`alter table "plan" add constraint "plan_status_check" check ("status" in ('draft', 'active', 'archived'));`);
    this.addSql(`alter table "plan" add constraint "plan_plan_type_check" check ("plan_type" in ('renewal', 'one_time'));`);
    this.addSql(`alter table "plan" add constraint "plan_release_method_check" check ("release_method" in ('buy_now', 'waitlist'));`);
    this.addSql(`alter table "plan" add constraint "plan_visibility_check" check ("visibility" in ('visible', 'hidden', 'archived', 'quick_link'));`);
    this.addSql(`alter table "plan" add constraint "plan_tax_type_check" check ("tax_type" in ('inclusive', 'exclusive', 'unspecified'));`);

    this.addSql(
      `create table "plan_tier" ("id" uuid not null, "organisation_id" uuid not null, "mode" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "plan_id" uuid not null, "name" varchar(255) not null, "position" int not null default 0, "change_timing" text null, "credit_type" text null, primary key ("id"));`,
    );
    this.addSql(`create index "plan_tier_plan_id_index" on "plan_tier" ("plan_id");`);
    this.addSql(`alter table "plan_tier" add constraint "plan_tier_mode_check" check ("mode" in ('test', 'live'));`);
    this.addSql(`alter table "plan_tier" add constraint "plan_tier_change_timing_check" check ("change_timing" in ('immediately', 'end_of_period'));`);
    this.addSql(`alter table "plan_tier" add constraint "plan_tier_credit_type_check" check ("credit_type" in ('pro_rata', 'full', 'last_invoiced', 'none'));`);

    this.addSql(
      `create table "plan_tier_item" ("id" uuid not null, "organisation_id" uuid not null, "mode" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tier_id" uuid not null, "product_id" uuid not null, "price_id" uuid not null, "default_quantity" int not null default 1, "min_quantity" int null, "max_quantity" int null, "quantity_editable" boolean not null default false, "position" int not null default 0, primary key ("id"));`,
    );
    this.addSql(`create index "plan_tier_item_tier_id_index" on "plan_tier_item" ("tier_id");`);
    this.addSql(`create index "plan_tier_item_price_id_index" on "plan_tier_item" ("price_id");`);
    this.addSql(`alter table "plan_tier_item" add constraint "plan_tier_item_mode_check" check ("mode" in ('test', 'live'));`);

    this.addSql(
      `create table "checkout_link" ("id" uuid not null, "organisation_id" uuid not null, "mode" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "slug" varchar(64) not null, "title" varchar(255) null, "description" text null, "active" boolean not null default true, "checkout_mode" text not null default 'payment', "currency" varchar(3) null, "source" text not null, "plan_id" uuid null, "plan_tier_id" uuid null, "sales_channel_id" uuid null, "coupons_allowed" boolean null, "force_company" boolean not null default false, "quantity_editable" boolean not null default false, "trial_days" int null, "billing_address_collection" text not null default 'auto', "submit_type" text not null default 'auto', "payment_method_types" text[] null, "payment_method_configuration" jsonb null, "three_ds_level" varchar(32) null, "affiliate_code" varchar(255) null, "after_completion_type" text not null default 'default', "after_completion_redirect_url" varchar(2048) null, "after_completion_message" text null, "back_to_provider_url" varchar(2048) null, "completed_sessions_limit" int null, "completed_sessions_count" int not null default 0, "inactive_message" text null, "metadata" jsonb not null, "deleted_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`alter table "checkout_link" add constraint "checkout_link_slug_unique" unique ("slug");`);
    this.addSql(`create index "checkout_link_plan_id_index" on "checkout_link" ("plan_id");`);
    this.addSql(`create index "checkout_link_plan_tier_id_index" on "checkout_link" ("plan_tier_id");`);
    this.addSql(`create index "checkout_link_organisation_id_mode_id_index" on "checkout_link" ("organisation_id", "mode", "id");`);
    this.addSql(`alter table "checkout_link" add constraint "checkout_link_mode_check" check ("mode" in ('test', 'live'));`);
    this.addSql(`alter table "checkout_link" add constraint "checkout_link_checkout_mode_check" check ("checkout_mode" in ('payment', 'order', 'setup'));`);
    this.addSql(`alter table "checkout_link" add constraint "checkout_link_source_check" check ("source" in ('tier', 'items', 'plan'));`);
    this.addSql(
      `alter table "checkout_link" add constraint "checkout_link_billing_address_collection_check" check ("billing_address_collection" in ('auto', 'required'));`,
    );
    this.addSql(`alter table "checkout_link" add constraint "checkout_link_submit_type_check" check ("submit_type" in ('auto', 'pay', 'book', 'donate'));`);
    this.addSql(
      `alter table "checkout_link" add constraint "checkout_link_after_completion_type_check" check ("after_completion_type" in ('default', 'redirect', 'message'));`,
    );

    this.addSql(
      `create table "line_item" ("id" uuid not null, "organisation_id" uuid not null, "mode" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "checkout_link_id" uuid not null, "position" int not null default 0, "type" text not null, "product_id" uuid null, "plan_id" uuid null, "plan_tier_id" uuid null, "price_id" uuid null, "quantity" int not null default 1, "adjustable_enabled" boolean not null default false, "adjustable_min" int null, "adjustable_max" int null, "periods" jsonb not null, "description" varchar(500) null, primary key ("id"));`,
    );
    this.addSql(`create index "line_item_checkout_link_id_index" on "line_item" ("checkout_link_id");`);
    this.addSql(`create index "line_item_price_id_index" on "line_item" ("price_id");`);
    this.addSql(`alter table "line_item" add constraint "line_item_mode_check" check ("mode" in ('test', 'live'));`);
    this.addSql(`alter table "line_item" add constraint "line_item_type_check" check ("type" in ('product', 'plan', 'price'));`);

    this.addSql(
      `create table "checkout_session" ("id" uuid not null, "organisation_id" uuid not null, "mode" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "checkout_link_id" uuid not null, "status" text not null default 'open', "currency" varchar(3) null, "lines" jsonb not null, "amount_subtotal" bigint not null default '0', "amount_total" bigint not null default '0', "customer_id" varchar(255) null, "customer_email" varchar(320) null, "company_name" varchar(255) null, "billing_address" jsonb null, "coupon_code" varchar(255) null, "metadata" jsonb not null, "completed_at" timestamptz null, "expires_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "checkout_session_checkout_link_id_index" on "checkout_session" ("checkout_link_id");`);
    this.addSql(`alter table "checkout_session" add constraint "checkout_session_mode_check" check ("mode" in ('test', 'live'));`);
    this.addSql(`alter table "checkout_session" add constraint "checkout_session_status_check" check ("status" in ('open', 'complete', 'expired'));`);

    this.addSql(
      `alter table "idempotency_key" add constraint "idempotency_key_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "api_key" add constraint "api_key_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "sales_channel" add constraint "sales_channel_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "product" add constraint "product_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "product" add constraint "product_default_price_id_foreign" foreign key ("default_price_id") references "price" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "price" add constraint "price_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(`alter table "price" add constraint "price_product_id_foreign" foreign key ("product_id") references "product" ("id") on delete cascade;`);
    this.addSql(
      `alter table "price" add constraint "price_sales_channel_id_foreign" foreign key ("sales_channel_id") references "sales_channel" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "plan" add constraint "plan_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "plan" add constraint "plan_origin_product_id_foreign" foreign key ("origin_product_id") references "product" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "plan_tier" add constraint "plan_tier_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(`alter table "plan_tier" add constraint "plan_tier_plan_id_foreign" foreign key ("plan_id") references "plan" ("id") on delete cascade;`);

    this.addSql(
      `alter table "plan_tier_item" add constraint "plan_tier_item_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "plan_tier_item" add constraint "plan_tier_item_tier_id_foreign" foreign key ("tier_id") references "plan_tier" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "plan_tier_item" add constraint "plan_tier_item_product_id_foreign" foreign key ("product_id") references "product" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "plan_tier_item" add constraint "plan_tier_item_price_id_foreign" foreign key ("price_id") references "price" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "checkout_link" add constraint "checkout_link_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "checkout_link" add constraint "checkout_link_plan_id_foreign" foreign key ("plan_id") references "plan" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "checkout_link" add constraint "checkout_link_plan_tier_id_foreign" foreign key ("plan_tier_id") references "plan_tier" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "checkout_link" add constraint "checkout_link_sales_channel_id_foreign" foreign key ("sales_channel_id") references "sales_channel" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "line_item" add constraint "line_item_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "line_item" add constraint "line_item_checkout_link_id_foreign" foreign key ("checkout_link_id") references "checkout_link" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "line_item" add constraint "line_item_product_id_foreign" foreign key ("product_id") references "product" ("id") on delete cascade;`,
    );
    this.addSql(`alter table "line_item" add constraint "line_item_plan_id_foreign" foreign key ("plan_id") references "plan" ("id") on delete cascade;`);
    this.addSql(
      `alter table "line_item" add constraint "line_item_plan_tier_id_foreign" foreign key ("plan_tier_id") references "plan_tier" ("id") on delete cascade;`,
    );
    this.addSql(`alter table "line_item" add constraint "line_item_price_id_foreign" foreign key ("price_id") references "price" ("id") on delete cascade;`);

    this.addSql(
      `alter table "checkout_session" add constraint "checkout_session_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "checkout_session" add constraint "checkout_session_checkout_link_id_foreign" foreign key ("checkout_link_id") references "checkout_link" ("id") on delete cascade;`,
    );
  }
}
