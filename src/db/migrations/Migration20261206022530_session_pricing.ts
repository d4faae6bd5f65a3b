import { Migration } from '@mikro-orm/migrations';

export class Migration20261206022530_session_pricing extends Migration {

  override name = 'Migration20261206022530_session_pricing';

  override up(): void | Promise<void> {
    this.addSql(`alter table "checkout_session" add "amount_discount" bigint not null default '0', add "setup_fees" bigint not null default '0', add "trial_days" int null, add "recurring" jsonb not null default '[]', add "discount" jsonb null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "checkout_session" drop column "amount_discount", drop column "setup_fees", drop column "trial_days", drop column "recurring", drop column "discount";`);
  }

}
