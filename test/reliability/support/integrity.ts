// Integrity queries for the database after a crash: every check selects the rows that a
// half-written create would leave behind. Each must come back empty. They use only the tables of
// src/db/migrations (plain SQL, the same on PostgreSQL and PGlite).

/** Runs one query and returns its rows (a pg.Client or a PGlite instance behind it). */
export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

export const INTEGRITY_CHECKS: Record<string, string> = {
  // A link selling items or a plan tier is written with its line items in one transaction.
  'links (items or tier) without line items': `
    select l.id, l.slug, l.source from checkout_link l
    where l.deleted_at is null and l.source in ('items', 'tier')
      and not exists (select 1 from line_item li where li.checkout_link_id = l.id)`,
  'tier links without their plan or tier': `
    select l.id, l.slug from checkout_link l
    where l.source = 'tier' and (l.plan_id is null or l.plan_tier_id is null)`,
  'plan links (not setup) without a plan': `
    select l.id, l.slug from checkout_link l
    where l.source = 'plan' and l.checkout_mode <> 'setup' and l.plan_id is null`,
  'line items naming neither a price nor a plan': `
    select li.id, li.checkout_link_id from line_item li where li.price_id is null and li.plan_id is null`,
  'line items of a tier link that miss their price': `
    select li.id from line_item li join checkout_link l on l.id = li.checkout_link_id
    where l.source = 'tier' and li.price_id is null`,
  // A plan without planType needs at least one tier; an active one at least one tier item.
  'tiered plans without tiers': `
    select p.id, p.code from plan p
    where p.deleted_at is null and p.plan_type is null
      and not exists (select 1 from plan_tier t where t.plan_id = p.id)`,
  'active plans without any tier item': `
    select p.id, p.code from plan p
    where p.deleted_at is null and p.status = 'active'
      and not exists (select 1 from plan_tier t join plan_tier_item i on i.tier_id = t.id where t.plan_id = p.id)`,
  // Inline prices (priceData / price_data) exist only for the line item created with them.
  'inline prices no line item uses': `
    select pr.id from price pr
    where pr.inline and not exists (select 1 from line_item li where li.price_id = pr.id)`,
  // A plan_only product is made for one plan (Whop's inline plan): without the plan it is debris.
  'plan_only products without their plan': `
    select pd.id, pd.name from product pd
    where pd.kind = 'plan_only' and pd.deleted_at is null
      and not exists (select 1 from plan p where p.origin_product_id = pd.id)
      and not exists (select 1 from plan_tier_item i where i.product_id = pd.id)`,
};

/** Every check that found rows, with (up to 5 of) the rows. */
export async function integrityViolations(query: Query): Promise<Record<string, Record<string, unknown>[]>> {
  const found: Record<string, Record<string, unknown>[]> = {};
  for (const [name, sql] of Object.entries(INTEGRITY_CHECKS)) {
    const rows = await query(sql);
    if (rows.length > 0) found[name] = rows.slice(0, 5);
  }
  return found;
}

/** Idempotency keys still `running`: requests that were cut off before their response was stored. */
export async function runningIdempotencyKeys(query: Query): Promise<{ scope: string; key: string }[]> {
  return (await query(`select scope, key from idempotency_key where state = 'running'`)) as { scope: string; key: string }[];
}

/** Row counts of the tables a create writes, for the report. */
export async function tableCounts(query: Query): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['checkout_link', 'line_item', 'plan', 'plan_tier', 'plan_tier_item', 'product', 'price']) {
    out[table] = Number((await query(`select count(*) as n from ${table}`))[0]!.n);
  }
  return out;
}
