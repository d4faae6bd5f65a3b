// PGlite runs PostgreSQL in the gateway's own thread, and its queries take turns through one
// mutex whose hand-over is a promise: when many requests wait for it, query after query (and the
// requests' own work between them) runs in one turn of the event loop, without coming back to
// read sockets or accept connections. libuv accepts one new connection per turn, so under load a
// turn of ~0.5 s (50 waiting creates at ~10 ms each) made the 50th connection of a client wait
// ~50 turns: measured with autocannon's 50 connections on the bench's creates, the last-opened
// connections got their first answer after 1-7 s (and a 10 s timeout now and then) while every
// request the gateway had read took under 0.3 s. A plain Node server doing 10 ms of work per
// request shows the same.
//
// So a query that would start SLICE_MS or more after the last turn it waited for first lets the
// event loop go round (setImmediate runs after the poll phase). Not before every query: one turn
// per query cost the PGlite LeanRails list 10-45% more CPU per request under load (a poll of
// every socket per read), while a turn every SLICE_MS costs at most one poll per 10 ms. (A turn
// the event loop took by itself meanwhile is not seen: at worst one turn more than needed.)
import { setImmediate as turn } from 'node:timers/promises';
import type { Extension, PGliteInterface } from '@electric-sql/pglite';

/** Time (ms) after which the next query waits for a turn of the event loop. */
export const SLICE_MS = 10;

/** Wraps `runExclusive` (PGlite's query mutex) so that no more than ~sliceMs passes between turns. */
export function slicedQueries(runExclusive: <T>(fn: () => Promise<T>) => Promise<T>, sliceMs = SLICE_MS, now = () => performance.now()) {
  let since = now();
  return <T>(fn: () => Promise<T>): Promise<T> =>
    runExclusive(async () => {
      if (now() - since >= sliceMs) {
        await turn();
        since = now();
      }
      return fn();
    });
}

/** A PGlite extension (its documented setup hook gets the instance) that slices its queries into turns. */
export const eventLoopTurns: Extension = {
  name: 'event-loop turns',
  setup: async (pg: PGliteInterface) => {
    pg._runExclusiveQuery = slicedQueries(pg._runExclusiveQuery.bind(pg));
    return {};
  },
};
