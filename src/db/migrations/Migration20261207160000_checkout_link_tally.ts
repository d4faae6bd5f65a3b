import { Migration } from '@mikro-orm/migrations';

/**
 * The number of live (not deleted) checkout links of each tenant and mode, kept by triggers in
 * `checkout_link_tally`, for the total of a link list (the Fynn classic collection's
 * `hydra:totalItems`, GraphQL `totalCount`: src/db/tallies.ts).
 *
 * Why: an exact count(*) visits every live link of the tenant, so a list's total cost grew with
 * the tenant (1,000 links: 0.2-0.3 ms of PostgreSQL's ~0.65 ms per Fynn list, an index-only scan
 * of checkout_link_live_index, plus a heap fetch per link on pages never vacuumed). The tally is a
 * sum of at most 16 rows, whatever the tenant's size.
 *
 * How:
 * - One row per tenant, mode and shard. A writing transaction adds its +1/-1 to the shard of its
 *   own connection (pg_backend_pid() % 16), so creates on different connections never wait for
 *   one another on the tally's row lock; the total is the sum of the shards.
 * - Row triggers with WHEN clauses: an insert of a live link, a delete of one (cascades from a
 *   plan or an organisation too), and an update that changes whether it is live (deleted_at) or
 *   its tenant. Updates that change neither do not call the function.
 * - TRUNCATE of checkout_link empties the tally.
 * - The same transaction writes the link and its tally row, so the total seen by a statement
 *   matches the links it sees (both commit together).
 * - Filled here from the links that exist: creating the triggers locks checkout_link against
 *   writes until this migration commits, so no write falls between the two.
 * - No foreign key to organisation: a cascade deleting an organisation deletes its links, whose
 *   trigger writes the tally while the organisation row is already gone. Rows of deleted tenants
 *   stay at 0 (a few bytes each).
 *
 * The table is hand-written like the triggers (the entities do not describe it): the ORM's
 * schema diff skips it (mikro-orm.config.ts, schemaGenerator.skipTables).
 */
export class Migration20261207160000_checkout_link_tally extends Migration {
  override name = 'Migration20261207160000_checkout_link_tally';

  override up(): void | Promise<void> {
    this.addSql(`create table "checkout_link_tally" (
  "organisation_id" uuid not null,
  "mode" text not null,
  "shard" smallint not null,
  "live" bigint not null,
  constraint "checkout_link_tally_pkey" primary key ("organisation_id", "mode", "shard")
);`);
    this.addSql(`create or replace function "cg_checkout_link_tally"() returns trigger language plpgsql as $$
begin
  if tg_op <> 'INSERT' and old.deleted_at is null then
    insert into checkout_link_tally as t values (old.organisation_id, old.mode, pg_backend_pid() % 16, -1)
      on conflict (organisation_id, mode, shard) do update set live = t.live - 1;
  end if;
  if tg_op <> 'DELETE' and new.deleted_at is null then
    insert into checkout_link_tally as t values (new.organisation_id, new.mode, pg_backend_pid() % 16, 1)
      on conflict (organisation_id, mode, shard) do update set live = t.live + 1;
  end if;
  return null;
end $$;`);
    this.addSql(`create or replace function "cg_checkout_link_tally_truncate"() returns trigger language plpgsql as $$
begin
  truncate checkout_link_tally;
  return null;
end $$;`);
    this.addSql(
      `create trigger "checkout_link_tally_insert" after insert on "checkout_link" for each row when (new.deleted_at is null) execute function "cg_checkout_link_tally"();`,
    );
    this.addSql(
      `create trigger "checkout_link_tally_delete" after delete on "checkout_link" for each row when (old.deleted_at is null) execute function "cg_checkout_link_tally"();`,
    );
    this.addSql(`create trigger "checkout_link_tally_update" after update of "deleted_at", "organisation_id", "mode" on "checkout_link" for each row
  when ((old.deleted_at is null) <> (new.deleted_at is null) or old.organisation_id <> new.organisation_id or old.mode <> new.mode)
  execute function "cg_checkout_link_tally"();`);
    this.addSql(
      `create trigger "checkout_link_tally_truncate" after truncate on "checkout_link" for each statement execute function "cg_checkout_link_tally_truncate"();`,
    );
    this.addSql(`insert into "checkout_link_tally" ("organisation_id", "mode", "shard", "live")
  select "organisation_id", "mode", 0, count(*) from "checkout_link" where "deleted_at" is null group by "organisation_id", "mode";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "checkout_link_tally_truncate" on "checkout_link";`);
    this.addSql(`drop trigger if exists "checkout_link_tally_update" on "checkout_link";`);
    this.addSql(`drop trigger if exists "checkout_link_tally_delete" on "checkout_link";`);
    this.addSql(`drop trigger if exists "checkout_link_tally_insert" on "checkout_link";`);
    this.addSql(`drop function if exists "cg_checkout_link_tally_truncate"();`);
    this.addSql(`drop function if exists "cg_checkout_link_tally"();`);
    this.addSql(`drop table if exists "checkout_link_tally";`);
  }
}
