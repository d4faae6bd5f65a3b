import { Migration } from '@mikro-orm/migrations';

/**
 * The live-links index gets the id: (organisation_id, mode, id) where deleted_at is null, in place
 * of (organisation_id, mode) where deleted_at is null. It now serves a list's page as well as its
 * total: a backward scan gives the newest live links in order, so the page needs no sort and no
 * filter, whatever the statistics say; the total stays an index-only scan.
 *
 * Why: with the old index, a table without statistics (never analyzed: a fresh database, or a
 * server with autovacuum off, as the bench's) made the planner estimate one live link per tenant
 * and read the page of the Whop list through the old index, then sort: every live link of the
 * tenant read and sorted per list (1,000 links: 0.33 ms of PostgreSQL's 0.63 ms for that
 * statement in EXPLAIN ANALYZE, against 0.06 ms with the ordered scan). auto_explain, sampling the
 * bench's reads: 116 of 177 Whop list plans were the sorted one.
 *
 * The entity declares it (CheckoutLink's `indexes`), and the snapshot holds it
 * (`migration:create`).
 */
export class Migration20261207110000_checkout_link_live_page extends Migration {
  override name = 'Migration20261207110000_checkout_link_live_page';

  override up(): void | Promise<void> {
    this.addSql(`drop index if exists "checkout_link_live_count_index";`);
    this.addSql(`create index "checkout_link_live_index" on "checkout_link" ("organisation_id", "mode", "id") where "deleted_at" is null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists "checkout_link_live_index";`);
    this.addSql(`create index "checkout_link_live_count_index" on "checkout_link" ("organisation_id", "mode") where "deleted_at" is null;`);
  }
}
