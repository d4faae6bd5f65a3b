// SQL statements per request, measured without any hook in src/: a second gateway runs with
// ORM_DEBUG=1, so MikroORM logs one `[query] …` line per statement on stdout; we send N
// requests of a scenario one after the other and divide the lines they caused by N.
import type { RunningGateway } from './gateway.ts';
import type { Scenario } from './scenarios.ts';

const settle = () => new Promise((r) => setTimeout(r, 50));

/** Average statements per request over `n` sequential requests (null when a request failed). */
export async function sqlPerRequest(gateway: RunningGateway, scenario: Scenario, key: string, n: number): Promise<number | null> {
  // One request first, uncounted: lazy start-up work and the key's last-used stamp (written at
  // most once a minute) do not belong to the steady state.
  const warm = scenario.next(key);
  await (await fetch(gateway.baseUrl + warm.path, { method: warm.method, headers: warm.headers, body: warm.body })).arrayBuffer();
  await settle();
  const before = gateway.child.counted();
  for (let i = 0; i < n; i++) {
    const r = scenario.next(key);
    const response = await fetch(gateway.baseUrl + r.path, { method: r.method, headers: r.headers, body: r.body });
    await response.arrayBuffer();
    if (response.status !== scenario.expect) return null;
  }
  // stdout is a pipe: let the last lines arrive before reading the count.
  let count = gateway.child.counted();
  for (let i = 0; i < 10; i++) {
    await settle();
    const now = gateway.child.counted();
    if (now === count && i >= 2) break;
    count = now;
  }
  return (count - before) / n;
}
