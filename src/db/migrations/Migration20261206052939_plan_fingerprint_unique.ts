import { Migration } from '@mikro-orm/migrations';

/**
 * A plan's fingerprint (createPlanWithCheckoutLink with reuseIdentical) is unique per tenant and
 * mode, so two concurrent identical requests cannot both create a plan: the second insert waits
 * for the first and fails, and its request sells the first one's plan. NULLs (every other plan)
 * never collide.
 */
export class Migration20261206052939_plan_fingerprint_unique extends Migration {
  override name = 'Migration20261206052939_plan_fingerprint_unique';

  override up(): void | Promise<void> {
    this.addSql(`drop index "plan_fingerprint_index";`);
    this.addSql(`alter table "plan" add constraint "plan_organisation_id_mode_fingerprint_unique" unique ("organisation_id", "mode", "fingerprint");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "plan" drop constraint "plan_organisation_id_mode_fingerprint_unique";`);
    this.addSql(`create index "plan_fingerprint_index" on "plan" ("fingerprint");`);
  }
}
