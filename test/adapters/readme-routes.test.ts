// Each dialect README's "Endpoint → operation → service" table covers every route of the
// dialect's descriptor (and names no route the descriptor lacks): a new route fails here until
// the README lists it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../src/http/faces.ts';

const endpointsOf = (dialect: (typeof DIALECTS)[number]): string[] =>
  [{ prefix: '', routes: dialect.routes }, ...(dialect.sections ?? [])].flatMap((group) =>
    group.routes.map((route) => `${route.method} ${dialect.prefix}${group.prefix}${route.path}`),
  );

describe('dialect READMEs', () => {
  it.each(DIALECTS.map((d) => [d.name, d] as const))('%s: the endpoint table lists every route, and only those', (_name, dialect) => {
    const readme = readFileSync(new URL(`../../adapters/${dialect.name.toLowerCase()}/README.md`, import.meta.url), 'utf8');
    const section = readme.split('## Endpoint → operation → service')[1] ?? '';
    const listed = [...section.matchAll(/^\| `([A-Z]+ [^`]+)` *\|/gm)].map((m) => m[1] as string);
    const routes = endpointsOf(dialect);
    expect(routes.length).toBeGreaterThan(5);
    expect(
      routes.filter((r) => !listed.includes(r)),
      'routes missing from the README table',
    ).toEqual([]);
    expect(
      listed.filter((r) => !routes.includes(r)),
      'README rows without a route',
    ).toEqual([]);
  });
});
