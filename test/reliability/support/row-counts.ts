// Row counts of every table in one SQL statement, to prove a refused request left nothing behind;
// optionally, in the same statement, a digest of another organisation's rows, to prove an
// accepted write stayed inside its own WHERE clause.
import type { TestDatabase } from '../../support/database.ts';

/**
 * Not counted: `idempotency_key` stores the response of a request under its Idempotency-Key by
 * design, refusals included (a 4xx is replayed byte for byte), so a refused request may add a
 * row there.
 */
export const UNCOUNTED_TABLES = ['idempotency_key'];

export type RowCounts = Record<string, number>;

export interface Snapshot {
  counts: RowCounts;
  /** md5 of every row of the watched organisation (only when asked for). */
  digest?: string;
}

export interface RowCounter {
  tables: string[];
  /** Row counts of every counted table (and the watched organisation's digest), one SQL statement. */
  snapshot(withDigest?: boolean): Promise<Snapshot>;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** `watched`: the organisation whose rows the digest covers (each table with organisation_id, and its organisation row). */
export async function rowCounter(db: TestDatabase, watched: string): Promise<RowCounter> {
  const connection = db.orm.em.getConnection();
  const listed: { table_name: string }[] = await connection.execute(
    `select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  const tables: string[] = listed.map((r) => r.table_name).filter((t) => !UNCOUNTED_TABLES.includes(t));
  if (tables.length === 0) throw new Error('no tables to count');
  const owned: { table_name: string }[] = await connection.execute(
    `select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'organisation_id' order by table_name`,
  );
  const org = `'${watched.replace(/'/g, "''")}'`;
  const digestParts = owned.map(
    (r) => `(select coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from ${quote(r.table_name)} t where organisation_id = ${org})`,
  );
  digestParts.push(`(select coalesce(md5(string_agg(t::text, '|')), '') from "organisation" t where id = ${org})`);
  const counts = tables.map((t) => `(select count(*) from ${quote(t)}) as ${quote(t)}`).join(', ');
  const plain = `select ${counts}`;
  const withDigest = `select ${counts}, md5(${digestParts.join(" || ':' || ")}) as "__digest"`;
  return {
    tables,
    async snapshot(digest = false) {
      const rows: Record<string, string | number>[] = await connection.execute(digest ? withDigest : plain);
      const row = rows[0];
      if (!row) throw new Error('row count query returned nothing');
      return { counts: Object.fromEntries(tables.map((t) => [t, Number(row[t])])), ...(digest ? { digest: String(row.__digest) } : {}) };
    },
  };
}

/** The tables whose count changed, as `table: before -> after`. */
export function countDiff(before: RowCounts, after: RowCounts): string[] {
  return Object.keys(after)
    .filter((t) => before[t] !== after[t])
    .map((t) => `${t}: ${before[t]} -> ${after[t]}`);
}
