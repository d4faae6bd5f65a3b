// RowLoader (src/graphql/loaders.ts): a DataLoader whose get(key) answers at once, without a
// promise, for a row it already holds, and always the value load(key) resolves to: primed rows,
// rows a settled batch returned; never a prime over a key loaded or in flight, an error, or a
// cleared key.
import { describe, expect, it } from 'vitest';
import { RowLoader } from '../../../src/graphql/loaders.ts';
import { whenLoaded } from '../../../src/graphql/maybe-async.ts';

function loader(values: Record<string, string | Error>) {
  const batches: string[][] = [];
  const rows = new RowLoader<string | null>(async (keys) => {
    batches.push([...keys]);
    return keys.map((k) => values[k] ?? null);
  });
  return { rows, batches };
}

describe('RowLoader', () => {
  it('answers a primed row at once, without a statement', async () => {
    const { rows, batches } = loader({});
    rows.prime('a', 'primed');
    expect(rows.get('a')).toBe('primed');
    expect(await rows.load('a')).toBe('primed');
    expect(batches).toEqual([]);
  });

  it('holds a key once primed, loaded or in flight, and not after clear (Plan.tiers picks its read by it)', async () => {
    const { rows, batches } = loader({ b: 'read' });
    expect(rows.holds('a')).toBe(false);
    rows.prime('a', 'primed');
    expect(rows.holds('a')).toBe(true);
    const pending = rows.load('b');
    expect(rows.holds('b')).toBe(true);
    expect(await pending).toBe('read');
    expect(rows.holds('b')).toBe(true);
    rows.clear('a');
    expect(rows.holds('a')).toBe(false);
    expect(batches).toEqual([['b']]);
  });

  it('loads a row it does not hold, then answers it at once', async () => {
    const { rows, batches } = loader({ a: 'read' });
    const first = rows.get('a');
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toBe('read');
    expect(rows.get('a')).toBe('read');
    expect(batches).toEqual([['a']]);
  });

  it('batches the keys asked in one turn, as load does', async () => {
    const { rows, batches } = loader({ a: 'A', b: 'B' });
    expect(await Promise.all([rows.get('a'), rows.get('b')])).toEqual(['A', 'B']);
    expect(batches).toEqual([['a', 'b']]);
  });

  it('keeps what a key loaded or in flight resolves to when it is primed later (DataLoader.prime)', async () => {
    const { rows } = loader({ a: 'read' });
    const inFlight = rows.load('a');
    rows.prime('a', 'primed');
    expect(rows.get('a')).toBeInstanceOf(Promise);
    expect(await inFlight).toBe('read');
    expect(rows.get('a')).toBe('read');
    rows.prime('a', 'again');
    expect(rows.get('a')).toBe('read');
    expect(await rows.load('a')).toBe('read');
  });

  it('forgets a cleared key: the next get reads it again', async () => {
    const { rows, batches } = loader({ a: 'read' });
    rows.prime('a', 'primed');
    rows.clear('a').prime('a', 'fresh');
    expect(rows.get('a')).toBe('fresh');
    rows.clearAll();
    expect(await rows.get('a')).toBe('read');
    expect(batches).toEqual([['a']]);
  });

  it('a key cleared and primed while its load is in flight answers the primed row, as load does', async () => {
    const { rows } = loader({ a: 'read' });
    const inFlight = rows.load('a');
    rows.clear('a').prime('a', 'primed');
    expect(await inFlight).toBe('read');
    expect(rows.get('a')).toBe('primed');
    expect(await rows.load('a')).toBe('primed');
  });

  it('never holds an error: a failed key rejects on every get, as load does', async () => {
    const { rows } = loader({ a: new Error('gone') });
    await expect(rows.get('a')).rejects.toThrow('gone');
    await expect(rows.get('a')).rejects.toThrow('gone');
    rows.prime('b', new Error('primed error'));
    await expect(rows.get('b')).rejects.toThrow('primed error');
  });

  it('whenLoaded: applies at once to a value, after the promise to a promise', async () => {
    expect(whenLoaded(2, (v) => v + 1)).toBe(3);
    const later = whenLoaded(Promise.resolve(2), (v) => v + 1);
    expect(later).toBeInstanceOf(Promise);
    expect(await later).toBe(3);
  });
});
