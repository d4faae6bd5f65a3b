// Paired A/B of two builds of the gateway on one seeded database, for the bench's GraphQL
// queries (checkoutLinks first:50 and first:10, three levels deep): the answers of both builds
// (compared byte for byte) and their CPU ms per request, alternated (A, B, A, B, ...).
//
//   AB_BASE=/tmp/base-checkout [DATABASE_URL=postgres://…] node test/bench/ab-graphql.ts
//
// AB_BASE: the root of the other build (a checkout with its dist/ and node_modules); this
// checkout is B. Env: AB_LINKS (1000), AB_ROUNDS (3), AB_N (300 requests per measure),
// AB_CONNECTIONS (1: sequential; the bench's 50 for its concurrency), AB_FIRST (50,10),
// AB_BASELINE (1: the GraphQL baseline measured in every round too, test/bench/baseline.ts).
import { createBenchDatabase } from './database.ts';
import { startArgs, startBaseline, startGateway, UNLIMITED } from './gateway.ts';
import { cpuMsOf, stop, stopAll, type Child, runScript } from './processes.ts';
import { graphqlLinksQuery } from './scenarios.ts';
import { graphqlClient, seed } from './seed.ts';
import { fileURLToPath } from 'node:url';

const log = (line: string) => process.stdout.write(`${line}\n`);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function ask(baseUrl: string, key: string, first: number): Promise<string> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: graphqlLinksQuery(first) }),
  });
  return response.text();
}

async function main(): Promise<void> {
  const base = process.env.AB_BASE;
  if (!base) throw new Error('AB_BASE: the root of the other build');
  const rounds = Number(process.env.AB_ROUNDS ?? 3);
  const n = Number(process.env.AB_N ?? 300);
  const connections = Number(process.env.AB_CONNECTIONS ?? 1);
  const firsts = (process.env.AB_FIRST ?? '50,10').split(',').map(Number);
  const db = await createBenchDatabase(process.env.DATABASE_URL);
  try {
    const first = await startGateway(db.url, { env: UNLIMITED, name: 'gateway (seeding)' });
    if (!first.bootstrapKey) throw new Error('no bootstrap key');
    const key = first.bootstrapKey;
    const seeded = await seed(graphqlClient(first.baseUrl, key), Number(process.env.AB_LINKS ?? 1000));
    log(`seeded ${seeded.links.length} links`);
    await stop(first.child);
    const builds = { A: startArgs().map((a) => (a.startsWith(ROOT) ? `${base.replace(/\/?$/, '/')}${a.slice(ROOT.length)}` : a)), B: startArgs() };
    const answers: Record<string, Record<number, string>> = {};
    const cpu: Record<'A' | 'B' | 'baseline', Record<number, number[]>> = { A: {}, B: {}, baseline: {} };
    for (let round = 0; round < rounds; round++) {
      const order: ('A' | 'B' | 'baseline')[] = round % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
      if (process.env.AB_BASELINE === '1') order.push('baseline');
      for (const name of order) {
        const g: { child: Child; baseUrl: string } =
          name === 'baseline' ? await startBaseline(db.url) : await startGateway(db.url, { env: UNLIMITED, args: builds[name], name: `gateway ${name}` });
        const pid = g.child.proc.pid as number;
        for (const f of firsts) {
          const answer = await ask(g.baseUrl, key, f);
          const mine = (answers[name] ??= {});
          if (name === 'baseline') {
            // Its own answer (data only): not compared.
          } else if (round === 0) mine[f] = answer;
          else if (mine[f] !== answer) log(`  ${name} first:${f}: answer changed between rounds`);
          const load = async (count: number) =>
            Promise.all(
              Array.from({ length: connections }, async (_, c) => {
                for (let i = c; i < count; i += connections) await ask(g.baseUrl, key, f);
              }),
            );
          await load(50);
          await new Promise((r) => setTimeout(r, 60));
          const before = cpuMsOf(pid) as number;
          await load(n);
          await new Promise((r) => setTimeout(r, 60));
          const ms = ((cpuMsOf(pid) as number) - before) / n;
          (cpu[name][f] ??= []).push(ms);
          log(`  round ${round + 1} ${name} first:${f}  ${ms.toFixed(2)} CPU ms/req (${connections} at a time)`);
        }
        await stop(g.child);
      }
    }
    for (const f of firsts) {
      const same = answers.A?.[f] === answers.B?.[f];
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
      log(
        `first:${f}: answers ${same ? 'identical' : 'DIFFER'} (${answers.B?.[f]?.length} bytes); median CPU ms/req A ${med(cpu.A[f] ?? []).toFixed(2)} B ${med(cpu.B[f] ?? []).toFixed(2)}${cpu.baseline[f] ? ` baseline ${med(cpu.baseline[f]).toFixed(2)}` : ''}`,
      );
      if (!same && process.env.AB_SAVE) {
        const { writeFileSync } = await import('node:fs');
        writeFileSync(`${process.env.AB_SAVE}.A.${f}.json`, answers.A?.[f] ?? '');
        writeFileSync(`${process.env.AB_SAVE}.B.${f}.json`, answers.B?.[f] ?? '');
      }
    }
  } finally {
    await stopAll();
    await db.drop().catch(() => {});
  }
}

runScript('ab-graphql', main);
