// PGlite's queries share the gateway's thread: a burst of them must leave turns of the event loop
// in between (src/db/pglite-turns.ts), or sockets go unread and connections unaccepted until the
// whole burst is done (the 1-7 s first answers of late-opened connections under load).
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsOptions } from '../../src/db/mikro-orm.config.ts';
import { openOrm, type Orm } from '../../src/db/orm.ts';
import { SLICE_MS, slicedQueries } from '../../src/db/pglite-turns.ts';

/** A query of ~`ms` of PostgreSQL work. */
const busy = (ms: number) => `select count(*) from generate_series(1, ${Math.round(ms * 20_000)})`;

/** How long the event loop went without a turn while `work` ran: the longest gap between setImmediate ticks. */
async function longestTurn(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  await work();
  running = false;
  return Math.max(longest, performance.now() - last); // the turn still running when the work ended
}

describe('PGlite queries leave turns of the event loop', () => {
  let plain: PGlite;
  let orm: Orm;
  let gateway: PGlite;
  beforeAll(async () => {
    plain = await PGlite.create();
    // PGlite as the gateway opens it: through its ORM configuration (mikro-orm.config.ts).
    orm = await openOrm('pglite://memory', { migrations: { ...migrationsOptions, silent: true } });
    gateway = (await (orm.em.getConnection() as unknown as { getNativeClient(): Promise<PGlite> }).getNativeClient()) as PGlite;
    await Promise.all([plain.query(busy(1)), gateway.query(busy(1))]); // warmed
  });
  afterAll(async () => Promise.all([plain?.close(), orm?.close(true)]));

  it('40 queries in flight: the gateway’s PGlite turns every ~SLICE_MS, a plain one only at the end', async () => {
    const burst = (pg: PGlite) => () => Promise.all(Array.from({ length: 40 }, () => pg.query(busy(2))));
    const withTurns = await longestTurn(burst(gateway));
    const without = await longestTurn(burst(plain));
    // Without turns the 40 queries (~80 ms) run in one turn; with them no turn lasts much more than a slice and a query.
    expect(without).toBeGreaterThan(4 * withTurns);
    expect(withTurns).toBeLessThan(SLICE_MS + 30);
  });

  it('slicedQueries waits for a turn only once SLICE_MS has passed since the last one', async () => {
    let clock = 0;
    const order: string[] = [];
    const run = slicedQueries(
      async (fn) => fn(),
      10,
      () => clock,
    );
    setImmediate(() => order.push('turn'));
    await run(async () => order.push('a')); // 0 ms since: no turn
    clock = 9;
    await run(async () => order.push('b')); // 9 ms: no turn
    clock = 10;
    await run(async () => order.push('c')); // 10 ms: a turn first
    expect(order).toEqual(['a', 'b', 'turn', 'c']);
  });
});
