import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { leanrails, productWithPrice, type LeanRails } from './client.ts';

let gw: TestGateway;
let lr: LeanRails;
let key: string;
/** The 25 link ids, oldest first. */
const created: string[] = [];

beforeAll(async () => {
  gw = await startGateway();
  lr = leanrails(gw);
  key = gw.orgB.testKey; // an organisation with no other links
  const { price } = await productWithPrice(lr, 'usd', 500, key);
  for (let i = 0; i < 25; i++) {
    const res = await lr.post('/v1/checkout_links', { title: `Link ${i}`, line_items: [{ price, quantity: 1 }] }, { key });
    expect(res.status).toBe(200);
    created.push(res.body.id);
  }
});
afterAll(async () => {
  await gw?.close();
});

const page = async (query: string) => {
  const res = await lr.get(`/v1/checkout_links?${query}`, { key });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ object: 'list', url: '/v1/checkout_links' });
  return res.body as { data: { id: string; created: number }[]; has_more: boolean; next_cursor: string | null };
};

describe('LeanRails list pagination', () => {
  it('walks 25 links forward with limit=10, newest first, each once', async () => {
    const newestFirst = [...created].reverse();
    const p1 = await page('limit=10');
    expect(p1.data.map((l) => l.id)).toEqual(newestFirst.slice(0, 10));
    expect(p1).toMatchObject({ has_more: true, next_cursor: newestFirst[9] });
    const p2 = await page(`limit=10&starting_after=${p1.next_cursor}`);
    expect(p2.data.map((l) => l.id)).toEqual(newestFirst.slice(10, 20));
    expect(p2).toMatchObject({ has_more: true, next_cursor: newestFirst[19] });
    const p3 = await page(`limit=10&starting_after=${p2.next_cursor}`);
    expect(p3.data.map((l) => l.id)).toEqual(newestFirst.slice(20));
    expect(p3).toMatchObject({ has_more: false, next_cursor: null });
    const seen = [...p1.data, ...p2.data, ...p3.data].map((l) => l.id);
    expect(new Set(seen).size).toBe(25);
    const times = [...p1.data, ...p2.data, ...p3.data].map((l) => l.created);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('walks back with ending_before from the oldest link, each once', async () => {
    const newestFirst = [...created].reverse();
    const oldest = created[0] as string;
    const b1 = await page(`limit=10&ending_before=${oldest}`);
    expect(b1.data.map((l) => l.id)).toEqual(newestFirst.slice(14, 24));
    expect(b1).toMatchObject({ has_more: true, next_cursor: newestFirst[14] });
    const b2 = await page(`limit=10&ending_before=${b1.next_cursor}`);
    expect(b2.data.map((l) => l.id)).toEqual(newestFirst.slice(4, 14));
    expect(b2).toMatchObject({ has_more: true, next_cursor: newestFirst[4] });
    const b3 = await page(`limit=10&ending_before=${b2.next_cursor}`);
    expect(b3.data.map((l) => l.id)).toEqual(newestFirst.slice(0, 4));
    expect(b3).toMatchObject({ has_more: false, next_cursor: null });
    const seen = [...b3.data, ...b2.data, ...b1.data, { id: oldest }].map((l) => l.id);
    expect(seen).toEqual(newestFirst);
  });

  it('defaults to 10, refuses limits outside 1-100 and bad cursors', async () => {
    expect((await page('')).data).toHaveLength(10);
    expect((await page('limit=100')).data).toHaveLength(25);
    for (const query of [
      'limit=0',
      'limit=101',
      'limit=abc',
      'starting_after=nope',
      `starting_after=${created[0]}&ending_before=${created[1]}`,
      'colour=red',
    ]) {
      const res = await lr.get(`/v1/checkout_links?${query}`, { key });
      expect(res.status, query).toBe(400);
      expect(res.body.error.type).toBe('invalid_request_error');
      expect(typeof res.body.error.param, query).toBe('string');
    }
  });
});
