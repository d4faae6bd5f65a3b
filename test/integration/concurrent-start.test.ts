// Two processes starting at the same moment on one database: migrations and the first-start
// bootstrap must not race (src/db/orm.ts holds a PostgreSQL advisory lock around both), and a
// bootstrap that finds `default` taken is simply not the first start. PGlite has one process per
// folder (pglite-lock.ts), so only the bootstrap's own behaviour is checked there.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsOptions } from '../../src/db/mikro-orm.config.ts';
import { openOrm, openOrmThen, STARTUP_LOCK_KEY, type Orm } from '../../src/db/orm.ts';
import { bootstrap } from '../../src/domain/services/organisations/organisations.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/database.ts';
import { adminUrl, databaseUrlWith, randomDatabaseName } from '../support/postgres.ts';

/** The gateway's migrations, without the migrator's log lines. */
const quiet = { migrations: { ...migrationsOptions, silent: true } };

const counts = async (orm: Orm): Promise<{ organisations: number; keys: number }> => {
  const [row] = await orm.em
    .getConnection()
    .execute<{ organisations: string; keys: string }[]>('select (select count(*) from organisation) as organisations, (select count(*) from api_key) as keys');
  return { organisations: Number(row!.organisations), keys: Number(row!.keys) };
};

describe('first-start bootstrap at the same moment', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => db?.close());

  it('two bootstraps on one migrated database: one creates default and its key, the other returns null', async () => {
    for (let round = 0; round < 8; round++) {
      await db.orm.em.getConnection().execute('delete from organisation'); // api keys and channels cascade
      const results = await Promise.all([bootstrap(db.orm.em.fork()), bootstrap(db.orm.em.fork())]);
      expect(results.filter((r) => r !== null).map((r) => r!.organisation.slug)).toEqual(['default']);
      expect(await counts(db.orm)).toEqual({ organisations: 1, keys: 1 });
    }
  });
});

describe.runIf(onPostgres())('two processes starting on one PostgreSQL database (needs DATABASE_URL: PostgreSQL)', () => {
  let admin: pg.Client;
  const created: string[] = [];
  /** A new, empty database (no migrations applied): its URL. */
  const emptyDatabase = async (): Promise<string> => {
    const name = randomDatabaseName();
    await admin.query(`create database "${name}"`);
    created.push(name);
    return databaseUrlWith(process.env.DATABASE_URL!, name);
  };
  const connect = async (url: string): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
  };
  beforeAll(async () => (admin = await connect(adminUrl(process.env.DATABASE_URL!))));
  afterAll(async () => {
    for (const name of created) await admin.query(`drop database if exists "${name}" with (force)`);
    await admin?.end();
  });

  it('two openOrm + bootstrap at the same moment on an empty database both succeed; one key is made', async () => {
    for (let round = 0; round < 3; round++) {
      const url = await emptyDatabase();
      const start = () => openOrmThen(url, quiet, (orm) => bootstrap(orm.em.fork()));
      const started = await Promise.allSettled([start(), start()]);
      const opened = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      try {
        expect(started.map((s) => (s.status === 'fulfilled' ? 'ok' : String(s.reason)))).toEqual(['ok', 'ok']);
        expect(opened.filter((o) => o.result !== null)).toHaveLength(1);
        expect(await counts(opened[0]!.orm)).toEqual({ organisations: 1, keys: 1 });
        const applied = await opened[0]!.orm.em.getConnection().execute<{ name: string }[]>('select name from mikro_orm_migrations');
        expect(new Set(applied.map((m: { name: string }) => m.name)).size).toBe(applied.length);
        expect(await opened[0]!.orm.migrator.getPending()).toEqual([]);
      } finally {
        for (const o of opened) await o.orm.close(true);
      }
    }
  });

  it('openOrm waits for the start-up lock another session holds, then migrates', async () => {
    const url = await emptyDatabase();
    const holder = await connect(url);
    await holder.query('select pg_advisory_lock($1::bigint)', [STARTUP_LOCK_KEY]);
    let opened: Orm | undefined;
    const opening = openOrm(url, quiet).then((orm) => (opened = orm));
    try {
      await new Promise((r) => setTimeout(r, 1000));
      expect(opened).toBeUndefined();
      expect((await holder.query(`select to_regclass('mikro_orm_migrations') as t`)).rows[0].t).toBeNull();
      await holder.query('select pg_advisory_unlock($1::bigint)', [STARTUP_LOCK_KEY]);
      await opening;
      expect((await holder.query('select count(*)::int as n from mikro_orm_migrations')).rows[0].n).toBeGreaterThan(0);
      // Released again: no session of this database holds it any more.
      expect(
        (
          await holder.query(
            `select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`,
          )
        ).rows[0].n,
      ).toBe(0);
    } finally {
      await opening.catch(() => {});
      await opened?.close(true);
      await holder.end();
    }
  });

  it('a bootstrap whose insert of default loses to another session’s returns null', async () => {
    const db = await createTestDatabase();
    const other = await connect(db.url);
    try {
      // The other session has inserted `default` but not committed: our count sees no
      // organisation, our insert waits on the unique index, and fails once the other commits.
      await other.query('begin');
      await other.query(`insert into organisation (id, name, slug, created_at, updated_at) values (gen_random_uuid(), 'Other', 'default', now(), now())`);
      const ours = bootstrap(db.orm.em.fork());
      const dbName = new URL(db.url).pathname.slice(1);
      let blocked = false;
      for (let i = 0; i < 200 && !blocked; i++) {
        const waiting = await admin.query(`select count(*)::int as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'`, [dbName]);
        blocked = waiting.rows[0].n > 0;
        if (!blocked) await new Promise((r) => setTimeout(r, 50));
      }
      await other.query('commit');
      expect(blocked, 'our insert waited on the other session’s').toBe(true);
      expect(await ours).toBeNull();
      expect(await counts(db.orm)).toEqual({ organisations: 1, keys: 0 });
    } finally {
      await other.end();
      await db.close();
    }
  });
});
