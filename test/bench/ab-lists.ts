// Paired A/B of two builds of the gateway on one database, for the list routes: the answers of
// both builds to the same list requests (compared byte for byte), and on PostgreSQL their load
// runs alternated (A, B, A, B, ...) with the baseline's retrieve in every round.
//
//   AB_BASE=/tmp/base-checkout AB_MODE=capture [DATABASE_URL=postgres://…] node test/bench/ab-lists.ts
//   AB_BASE=/tmp/base-checkout AB_MODE=load DATABASE_URL=postgres://… node test/bench/ab-lists.ts
//
// AB_BASE: the root of the other build (a checkout with its dist/ and node_modules); this
// checkout is B. Env: AB_LINKS (1000), AB_ROUNDS (3), AB_SECONDS (5), AB_CONNECTIONS (10),
// AB_ONLY (regular expression on the scenario names), AB_SAVE (capture: a file for B's answers).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createBenchDatabase } from './database.ts';
import { databaseCpu } from './database-cpu.ts';
import { ADMIN_TOKEN, startBaseline, UNLIMITED } from './gateway.ts';
import { runLoad } from './load.ts';
import { cpuMsOf, freePort, start, stop, stopAll, waitReady, type Child, runScript } from './processes.ts';
import { baselineScenarios, buildScenarios, graphqlLinksQuery, type Scenario } from './scenarios.ts';
import { createKeys, graphqlClient, seed, type Seeded } from './seed.ts';

const log = (line: string) => process.stdout.write(`${line}\n`);
const HERE = fileURLToPath(new URL('../../', import.meta.url));
const BASE = process.env.AB_BASE;
if (!BASE) throw new Error('AB_BASE: the root of the other build');
const ROOTS = { A: BASE.endsWith('/') ? BASE : `${BASE}/`, B: HERE } as const;
const SETTINGS = /^(LOG_LEVEL|NODE_ENV|ORM_DEBUG|REDIS_URL|RATE_LIMIT_.*|TRUST_PROXY|NODE_OPTIONS|GATEWAY_SOURCE)$/;

interface Running {
  child: Child;
  baseUrl: string;
  key?: string;
}

async function gateway(label: 'A' | 'B', databaseUrl: string, env: Record<string, string> = {}): Promise<Running> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const since = performance.now();
  const child = start({
    name: `gateway ${label}`,
    args: [`${ROOTS[label]}src/main.js`],
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !SETTINGS.test(name))),
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: 'http://gateway.test',
      ADMIN_TOKEN,
      ...UNLIMITED,
      ...env,
    },
  });
  await waitReady(child, `${baseUrl}/readyz`, since);
  let key: string | undefined;
  for (let i = 0; i < 50 && !key; i++) {
    key = /API key[^:]*:\s+(sk_test_[A-Za-z0-9]+)/.exec(child.stdout())?.[1];
    if (!key) await new Promise((r) => setTimeout(r, 20));
  }
  log(
    `  (gateway ${label}: ${
      child
        .stdout()
        .split('\n')
        .find((l) => /ready in/.test(l))
        ?.slice(0, 200) ?? ''
    })`,
  );
  return { child, baseUrl, key };
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });

interface Answer {
  status: number;
  body: string;
}

async function get(baseUrl: string, path: string, headers: Record<string, string>): Promise<Answer> {
  const r = await fetch(baseUrl + path, { headers });
  return { status: r.status, body: await r.text() };
}

/** The list requests answered by `baseUrl`, later ones built from earlier answers (cursors). */
async function capture(baseUrl: string, key: string, seeded: Seeded): Promise<Map<string, Answer>> {
  const out = new Map<string, Answer>();
  const ask = async (name: string, path: string, headers: Record<string, string>) => {
    const a = await get(baseUrl, path, headers);
    out.set(name, a);
    return a;
  };
  const b = bearer(key);
  const l = basic(key);
  for (const q of [
    '',
    '?itemsPerPage=10',
    '?itemsPerPage=10&page=2',
    '?itemsPerPage=3&page=7',
    '?itemsPerPage=100&page=3',
    '?page=0',
    '?limit=2&page=2',
    '?itemsPerPage=2&page=1',
  ])
    await ask(`fynn ${q}`, `/fynn/checkout-links${q}`, b);
  for (const p of seeded.plans)
    for (const q of ['', '?page=2&limit=5', '?limit=3']) await ask(`fynn v2 ${p.id} ${q}`, `/fynn/api/plans/${p.id}/checkout-links${q}`, b);
  const versions = ['', '2025-01-01', '2026-06-09', '2026-07-08-1', '2026-07-20', '2026-08-21-1'];
  for (const v of versions) {
    const h = v ? { ...b, 'api-version-date': v } : b;
    const first = await ask(`whop ${v} first=10`, '/whop/api/v1/checkout_configurations?first=10', h);
    const info = (JSON.parse(first.body) as { page_info?: { end_cursor?: string; start_cursor?: string } }).page_info;
    if (info?.end_cursor) {
      const next = await ask(`whop ${v} after`, `/whop/api/v1/checkout_configurations?first=10&after=${encodeURIComponent(info.end_cursor)}`, h);
      const info2 = (JSON.parse(next.body) as { page_info?: { start_cursor?: string } }).page_info;
      if (info2?.start_cursor)
        await ask(`whop ${v} before`, `/whop/api/v1/checkout_configurations?first=3&before=${encodeURIComponent(info2.start_cursor)}`, h);
      await ask(`whop ${v} last`, `/whop/api/v1/checkout_configurations?last=4&before=${encodeURIComponent(info.end_cursor)}`, h);
    }
    const data = (JSON.parse(first.body) as { data?: { plan?: { id?: string } | null }[] }).data ?? [];
    const plan = data.find((c) => c.plan?.id)?.plan?.id;
    if (plan) await ask(`whop ${v} plan`, `/whop/api/v1/checkout_configurations?first=100&plan_id=${plan}`, h);
  }
  await ask('whop first=100', '/whop/api/v1/checkout_configurations?first=100', b);
  await ask('whop created_after', '/whop/api/v1/checkout_configurations?first=5&created_after=2020-01-01T00:00:00Z', b);
  await ask('whop created_before', '/whop/api/v1/checkout_configurations?first=5&created_before=2020-01-01T00:00:00Z', b);
  await ask('whop direction', '/whop/api/v1/checkout_configurations?direction=sideways', b);
  await ask('whop first=0', '/whop/api/v1/checkout_configurations?first=0', b);
  const lr = await ask('lr limit=10', '/leanrails/v1/checkout_links?limit=10', l);
  const last = (JSON.parse(lr.body) as { data?: { id: string }[] }).data?.at(-1)?.id;
  if (last) await ask('lr after', `/leanrails/v1/checkout_links?limit=10&starting_after=${last}`, l);
  await ask('lr expand', '/leanrails/v1/checkout_links?limit=3&expand[]=data.line_items', l);
  await ask('lr 100', '/leanrails/v1/checkout_links?limit=100', l);
  await ask('lr inactive', '/leanrails/v1/checkout_links?active=false', l);
  const gql = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { ...b, 'content-type': 'application/json' },
    body: JSON.stringify({ query: graphqlLinksQuery(50) }),
  });
  out.set('graphql 50', { status: gql.status, body: await gql.text() });
  // Pages of at most 10 read their links' plans in the links' statement (shared per plan).
  const fields =
    'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id plan { id name pricing { amountOnce } tiers { id name items { id defaultQuantity price { id unitAmount } } } } planTier { id name } lineItems { id price { id } } }';
  const plan = seeded.plans[0]?.id;
  for (const args of [
    'first: 10',
    'last: 5',
    'first: 7, orderDirection: ASC',
    'first: 10, offset: 3',
    `first: 10, filter: { planId: "${plan}" }`,
    'first: 2',
  ]) {
    const r = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { ...b, 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ checkoutLinks(${args}) { ${fields} } }` }),
    });
    out.set(`graphql ${args}`, { status: r.status, body: await r.text() });
  }
  return out;
}

function compare(a: Map<string, Answer>, b: Map<string, Answer>): number {
  let differ = 0;
  for (const [name, answer] of a) {
    const other = b.get(name);
    if (!other || other.status !== answer.status || other.body !== answer.body) {
      differ++;
      log(`  DIFFERS ${name}: ${answer.status} ${answer.body.length} B vs ${other?.status} ${other?.body.length} B`);
    }
  }
  const bytes = [...a.values()].reduce((n, x) => n + x.body.length, 0);
  const statuses = [...a.values()].map((x) => x.status).join(',');
  log(`  ${a.size} answers (${bytes} bytes; statuses ${statuses}), ${b.size} on B: ${differ} differ`);
  return differ;
}

async function main(): Promise<void> {
  const mode = process.env.AB_MODE ?? 'capture';
  const db = await createBenchDatabase(process.env.DATABASE_URL);
  log(`database: ${db.label}`);
  try {
    const first = await gateway('A', db.url);
    if (!first.key) throw new Error(`no bootstrap key:\n${first.child.stdout()}`);
    const gql = graphqlClient(first.baseUrl, first.key);
    const seeded = await seed(gql, Number(process.env.AB_LINKS ?? 1000));
    const connections = Number(process.env.AB_CONNECTIONS ?? 10);
    const keys = await createKeys(gql, 1);
    const key = keys[0] as string;
    log(`seeded ${seeded.links.length} links in ${(seeded.ms / 1000).toFixed(1)} s`);
    if (mode === 'seed') {
      // Keeps the database (for EXPLAIN): printed, not dropped.
      log(`kept ${db.url}`);
      await stop(first.child);
      db.drop = async () => {};
      return;
    }
    if (mode === 'capture') {
      // One gateway at a time (PGlite has one process per folder).
      const a = await capture(first.baseUrl, key, seeded);
      await stop(first.child);
      const other = await gateway('B', db.url);
      const b = await capture(other.baseUrl, key, seeded);
      await stop(other.child);
      const again = await gateway('A', db.url);
      const a2 = await capture(again.baseUrl, key, seeded);
      await stop(again.child);
      if (process.env.AB_SAVE) writeFileSync(process.env.AB_SAVE, JSON.stringify(Object.fromEntries(b), null, 1));
      log('A vs A (again):');
      compare(a, a2);
      log('A vs B:');
      process.exitCode = compare(a, b) > 0 ? 1 : 0;
      return;
    }
    const only = process.env.AB_ONLY ? new RegExp(process.env.AB_ONLY, 'i') : /Fynn list|Whop list/;
    const scenarios = buildScenarios(seeded).filter((s) => only.test(s.name));
    const baseline = baselineScenarios(seeded).filter((s) => /baseline retrieve/.test(s.name));
    // A fresh A (not the gateway that seeded: its heap and warm state would favour or burden it).
    await stop(first.child);
    const A = await gateway('A', db.url);
    const B = await gateway('B', db.url);
    const { child: base, baseUrl } = await startBaseline(db.url, UNLIMITED);
    const dbCpu = db.url.startsWith('postgres') ? await databaseCpu(process.env.DATABASE_URL as string, db.url) : undefined;
    if (mode === 'pairs') {
      // One request to A, then the same to B, AB_N times per scenario: both see the same machine
      // (a busy one drifts over seconds); each gateway's CPU over all its requests.
      const n = Number(process.env.AB_N ?? 1000);
      const send = async (url: string, r: ReturnType<Scenario['next']>) => {
        await (await fetch(url + r.path, { method: r.method, headers: r.headers, body: r.body })).arrayBuffer();
      };
      for (let round = 0; round < Number(process.env.AB_ROUNDS ?? 3); round++)
        for (const scenario of scenarios) {
          for (let i = 0; i < 50; i++) for (const g of [A, B]) await send(g.baseUrl, scenario.next(key));
          const pids = [A, B].map((g) => g.child.proc.pid as number);
          const before = pids.map((pid) => cpuMsOf(pid) as number);
          for (let i = 0; i < n; i++) {
            const r = scenario.next(key);
            if (i % 2 === 0) {
              await send(A.baseUrl, r);
              await send(B.baseUrl, r);
            } else {
              await send(B.baseUrl, r);
              await send(A.baseUrl, r);
            }
          }
          const [a, b] = pids.map((pid, i) => ((cpuMsOf(pid) as number) - (before[i] as number)) / n);
          log(
            `  ${scenario.name.padEnd(24)} A ${(a as number).toFixed(3)}  B ${(b as number).toFixed(3)} CPU ms/req  (B/A ${((b as number) / (a as number)).toFixed(3)})`,
          );
        }
      await dbCpu?.end();
      return;
    }
    if (mode === 'cpu') {
      // Sequential requests (as trace.ts measures): CPU ms per request of the gateway and of its
      // PostgreSQL backends, A and B alternated, AB_N requests each per round.
      const n = Number(process.env.AB_N ?? 400);
      const sums: Record<string, { cpu: number[]; pg: number[] }> = {};
      const send = async (url: string, scenario: Scenario) => {
        const r = scenario.next(key);
        await (await fetch(url + r.path, { method: r.method, headers: r.headers, body: r.body })).arrayBuffer();
      };
      const gws = { A, B };
      for (let round = 0; round < Number(process.env.AB_ROUNDS ?? 3); round++)
        for (const scenario of scenarios)
          for (const label of round % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const)) {
            const g = gws[label];
            for (let i = 0; i < 50; i++) await send(g.baseUrl, scenario);
            const pgStart = await dbCpu?.start();
            const before = cpuMsOf(g.child.proc.pid as number) as number;
            for (let i = 0; i < n; i++) await send(g.baseUrl, scenario);
            const cpu = ((cpuMsOf(g.child.proc.pid as number) as number) - before) / n;
            const pgMs = pgStart ? (await pgStart()) / n : 0;
            const row = (sums[`${scenario.name} ${label}`] ??= { cpu: [], pg: [] });
            row.cpu.push(cpu);
            row.pg.push(pgMs);
            log(`  ${`${scenario.name} ${label}`.padEnd(30)} ${cpu.toFixed(3)} CPU ms/req  PostgreSQL ${pgMs.toFixed(3)}`);
          }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
      log('medians:');
      for (const [name, row] of Object.entries(sums))
        log(`  ${name.padEnd(30)} ${median(row.cpu).toFixed(3)} CPU ms/req  PostgreSQL ${median(row.pg).toFixed(3)}`);
      await dbCpu?.end();
      return;
    }
    const seconds = Number(process.env.AB_SECONDS ?? 5);
    const rounds = Number(process.env.AB_ROUNDS ?? 3);
    const many = Array.from({ length: connections }, () => key);
    const rows: Record<string, { rps: number[]; cpu: number[]; pg: number[] }> = {};
    const run = async (label: string, url: string, pid: number, scenario: Scenario) => {
      const pgBefore = await dbCpu?.start();
      const r = await runLoad(url, pid, scenario, many, { connections, warmupSeconds: 1, durationSeconds: seconds });
      const pgMs = pgBefore ? (await pgBefore()) / Math.max(1, r.requests) : 0;
      const row = (rows[`${scenario.name} ${label}`] ??= { rps: [], cpu: [], pg: [] });
      row.rps.push(r.okPerSecond);
      row.cpu.push(r.cpuMsPerRequest ?? 0);
      row.pg.push(pgMs);
      log(
        `  ${`${scenario.name} ${label}`.padEnd(34)} ${r.okPerSecond.toFixed(0).padStart(6)} req/s  ${(r.cpuMsPerRequest ?? 0).toFixed(3)} CPU ms/req  PG ${pgMs.toFixed(3)}  ${r.failureDetail}`,
      );
    };
    const gateways = { A, B };
    for (let round = 0; round < rounds; round++) {
      log(`round ${round + 1}`);
      await run('', baseUrl, base.proc.pid as number, baseline[0] as Scenario);
      for (const scenario of scenarios)
        for (const label of round % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const))
          await run(label, gateways[label].baseUrl, gateways[label].child.proc.pid as number, scenario);
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const baseRps = mean(rows[`${baseline[0]?.name} `]?.rps ?? [1]);
    log(`\nmeans over ${rounds} rounds (${connections} connections, ${seconds} s): baseline retrieve ${baseRps.toFixed(0)} req/s`);
    for (const [name, row] of Object.entries(rows))
      log(
        `  ${name.padEnd(34)} ${mean(row.rps).toFixed(0).padStart(6)} req/s (${((100 * mean(row.rps)) / baseRps).toFixed(1)}% of baseline)  ${mean(row.cpu).toFixed(3)} CPU ms/req  PG ${mean(row.pg).toFixed(3)}`,
      );
    await dbCpu?.end();
    await stop(base);
    await stop(B.child);
    await stop(A.child);
  } finally {
    await stopAll();
    await db.drop().catch(() => {});
  }
}

runScript('ab-lists', main);
