// Generated slugs: the first free of base, base-2, base-3... over every link of the gateway, in
// one statement whatever the number of links sharing the base.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextFreeSlug } from '../../src/domain/services/checkout-links/slugs.ts';
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

  it("on a database ordering bytewise, reads the base's slugs as a range (which the unique index reads), learnt on the first statement", async () => {
    const em = gw.db.orm.em.fork();
    const [db] = (await em
      .getConnection()
      .execute(
        `select coalesce(to_jsonb(d) ->> 'datlocprovider', 'c') = 'c' and d.datcollate in ('C', 'POSIX', 'C.UTF-8', 'C.utf8') as bytewise from pg_database d where d.datname = current_database()`,
      )) as { bytewise: boolean }[];
    await next('ranged');
    const { result, statements } = await countSql(gw.db.orm, () => next('ranged'));
    expect(result).toBe('ranged');
    expect(statements).toHaveLength(1);
    if (db?.bytewise) {
      expect(statements[0]).toMatch(/slug >= /);
    } else expect(statements[0]).not.toMatch(/slug >= /);
  });

  it('after a lost race gives a random suffix at once', async () => {
    expect(await nextFreeSlug(gw.db.orm.em.fork(), 'race', 1)).toMatch(/^race-[0-9a-z]{5}$/);
  });
});
