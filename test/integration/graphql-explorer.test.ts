// /graphiql and /docs/graphql over HTTP: the page loads only the gateway's own assets (so it works
// offline), each asset is served from node_modules, unknown asset names are 404, and the
// reference covers every named type of the schema with its description.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/graphql/schema.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

describe('GraphiQL', () => {
  it('serves a page whose every script and stylesheet is a local asset', async () => {
    const page = await gw.inject({ url: '/graphiql' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const refs = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(refs.length).toBeGreaterThanOrEqual(6);
    for (const ref of refs.filter((r) => r.startsWith('/graphiql/'))) {
      const asset = await gw.inject({ url: ref });
      expect(asset.statusCode, ref).toBe(200);
      expect(asset.body.length, ref).toBeGreaterThan(20);
    }
    expect(refs.filter((r) => /^(https?:)?\/\//.test(r))).toEqual([]);
    const bundle = await gw.inject({ url: '/graphiql/assets/graphiql.min.js' });
    expect(bundle.headers['content-type']).toContain('javascript');
    expect(bundle.body).toContain('GraphiQL');
  });

  it('answers 404 for any other asset name (no path traversal)', async () => {
    for (const name of ['..%2Fpackage.json', 'index.html', 'graphiql.ts', '%2e%2e%2f%2e%2e%2fpackage.json']) {
      expect((await gw.inject({ url: `/graphiql/assets/${name}` })).statusCode, name).toBe(404);
    }
  });
});

describe('GraphQL reference in /docs', () => {
  it('has a section for every named type, with descriptions, and the SDL', async () => {
    const page = await gw.inject({ url: '/docs/graphql' });
    expect(page.statusCode).toBe(200);
    const schema = buildSchema();
    for (const name of Object.keys(schema.getTypeMap()).filter((n) => !n.startsWith('__'))) expect(page.body, name).toContain(`<section id="${name}">`);
    expect(page.body).toContain('Charged once (Fynn <code>charge</code>).');
    expect(page.body).toContain('href="/graphiql"');
    const sdl = await gw.inject({ url: '/docs/graphql/schema.graphql' });
    expect(sdl.statusCode).toBe(200);
    expect(sdl.body).toContain('type Query');
    expect(sdl.body).toContain('"Charged once (Fynn `charge`)."');
  });
});
