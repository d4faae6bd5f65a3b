// Generated slugs: the first free of base, base-2 ... base-100 over every link of the gateway,
// else a random suffix; one statement whatever the number of links sharing the base.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsOnPglite } from '../../src/db/orm.ts';
import { NUMBERED_SLUGS, nextFreeSlug } from '../../src/domain/services/checkout-links/slugs.ts';
import { linkApi } from '../support/checkout-link-fixtures.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { countSql } from '../support/sql-counter.ts';

let gw: TestGateway;
let priceId: string;
let otherPriceId: string;
const api = linkApi(() => gw);

beforeAll(async () => {
  // Statement counts: no background webhook worker or expiry sweeper polling during the count.
  gw = await startGateway({ WEBHOOK_WORKER: 'off' });
  priceId = (await api.product('Slug seat')).priceId;
  otherPriceId = (await api.product('Other seat', 'EUR', 100, gw.orgB.testKey)).priceId;
});
afterAll(async () => {
  await gw?.close();
});

const make = (slug: string, key?: string) => api.createOk({ slug, lineItems: [{ priceId: key ? otherPriceId : priceId }] }, key);
const next = (base: string) => nextFreeSlug(gw.db.orm.em.fork(), base);

describe('nextFreeSlug', () => {
  it('gives the base while free, then the lowest free numbered suffix (gaps filled), in one statement', async () => {
    expect(await next('gap')).toBe('gap');
    await make('gap');
    expect(await next('gap')).toBe('gap-2');
    await make('gap-2');
    await make('gap-4');
    const { result, statements } = await countSql(gw.db.orm, () => next('gap'));
    expect(result).toBe('gap-3');
    expect(statements).toHaveLength(1);
    await make('gap-3');
    expect(await next('gap')).toBe('gap-5');
  });

  it('counts links of every organisation and deleted links; ignores slugs that only look alike', async () => {
    await make('shared', gw.orgB.testKey);
    expect(await next('shared')).toBe('shared-2');
    const gone = await make('shared-2');
    const deleted = await gw.graphql('mutation ($id: ID!) { deleteCheckoutLink(id: $id) { deletedId } }', { id: gone.id });
    expect(deleted.body.errors).toBeUndefined();
    expect(await next('shared')).toBe('shared-3');
    await make('alike');
    for (const slug of ['alike-02', 'alike-x', 'alike-2b', 'alike-x-2', 'alikeness']) await make(slug);
    expect(await next('alike')).toBe('alike-2');
  });

  it('takes only 1 to 9 digits without a leading zero as a suffix, and a suffix 1 as a step to 2', async () => {
    await make('edge');
    await make('edge-1');
    expect(await next('edge')).toBe('edge-2');
    for (const slug of ['edge-2', 'edge-3', 'edge-0', 'edge-0004', 'edge-1000000000', 'edge-999999999']) await make(slug);
    expect(await next('edge')).toBe('edge-4');
    await make('edge-4');
    // 999999999 is taken, 1000000000 (ten digits) is no suffix: the next after it is free.
    expect(await next('edge')).toBe('edge-5');
    await make('tail-999999999');
    expect(await next('tail')).toBe('tail');
    await make('tail');
    expect(await next('tail')).toBe('tail-2');
  });

  it('reads the suffixes from 1 to 9... whatever their first digit, and no random suffix changes the answer', async () => {
    await next('nine'); // learns the collation: the range statement from here on
    for (const slug of ['nine', 'nine-9', 'nine-1', 'nine-abcde', 'nine-zz9', 'nine-9x']) await make(slug);
    expect(await next('nine')).toBe('nine-2');
    for (let n = 2; n <= 8; n++) await make(`nine-${n}`);
    expect(await next('nine')).toBe('nine-10');
    for (const slug of ['nine-10', 'nine-99', 'nine-98']) await make(slug);
    expect(await next('nine')).toBe('nine-11');
  });

  it(`past base-${NUMBERED_SLUGS} gives a random suffix, in one statement, while a gap below it is still given`, async () => {
    await make('crowd');
    for (let n = 2; n <= NUMBERED_SLUGS; n++) if (n !== 57) await make(`crowd-${n}`);
    const { result, statements } = await countSql(gw.db.orm, () => next('crowd'));
    expect(result).toBe('crowd-57');
    expect(statements).toHaveLength(1);
    await make('crowd-57');
    expect(await next('crowd')).toMatch(/^crowd-[0-9a-z]{5}$/);
    expect(await next('crowd')).not.toBe(`crowd-${NUMBERED_SLUGS + 1}`);
  });

  it('skips a free candidate a concurrent transaction is writing (its advisory lock), and gives it back once that one ends', async () => {
    await make('locked');
    const em = gw.db.orm.em.fork();
    await em.transactional(async (tx) => {
      // This transaction picks locked-2 and holds its lock until it ends.
      expect(await nextFreeSlug(tx, 'locked')).toBe('locked-2');
      // Another connection meanwhile (PostgreSQL; PGlite has one session, the same transaction's).
      if (!runsOnPglite(gw.db.orm)) expect(await next('locked')).toBe('locked-3');
    });
    expect(await next('locked')).toBe('locked-2');
  });

  it('after a lost race gives a random suffix at once', async () => {
    expect(await nextFreeSlug(gw.db.orm.em.fork(), 'race', 1)).toMatch(/^race-[0-9a-z]{5}$/);
  });

  it('on PGlite never gives a random suffix a link already has (its write could not run again)', async () => {
    await make('dup-aaaaa');
    const suffixes = ['aaaaa', 'bbbbb'];
    const drawn: string[] = [];
    const suffix = () => {
      const s = suffixes.shift() as string;
      drawn.push(s);
      return s;
    };
    const slug = await nextFreeSlug(gw.db.orm.em.fork(), 'dup', 1, suffix);
    if (runsOnPglite(gw.db.orm)) {
      expect(slug).toBe('dup-bbbbb');
      expect(drawn).toEqual(['aaaaa', 'bbbbb']);
    } else {
      // PostgreSQL: no lookup; the write that loses on the unique index runs again with another suffix (withSlugRace).
      expect(slug).toBe('dup-aaaaa');
    }
  });
});
