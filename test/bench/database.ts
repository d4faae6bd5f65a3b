// The bench's own database: a fresh PGlite folder by default, or, when DATABASE_URL names a
// PostgreSQL server, a fresh database `cg_bench_<random>` on it. Both are removed afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface BenchDatabase {
  kind: 'pglite' | 'postgres';
  /** The DATABASE_URL the gateway and the baseline use. */
  url: string;
  /** Shown in the report (no password). */
  label: string;
  drop: () => Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function createBenchDatabase(serverUrl: string | undefined): Promise<BenchDatabase> {
  if (!serverUrl || !/^postgres(ql)?:\/\//.test(serverUrl)) {
    const dir = mkdtempSync(join(tmpdir(), 'cg-bench-pglite-'));
    return {
      kind: 'pglite',
      url: `pglite://${dir}`,
      label: 'PGlite (fresh folder)',
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `cg_bench_${randomBytes(5).toString('hex')}`;
  const admin = withDatabase(serverUrl, 'postgres');
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const u = new URL(serverUrl);
  return {
    kind: 'postgres',
    url: withDatabase(serverUrl, name),
    label: `PostgreSQL ${u.hostname}:${u.port || 5432} (database ${name})`,
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
