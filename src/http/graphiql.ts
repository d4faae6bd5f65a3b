// /graphiql: GraphiQL served from this package's own node_modules (graphiql's UMD bundle with
// React 18's UMD builds), so a browser explores the API with no network access besides the
// gateway: Apollo Sandbox on /graphql loads from Apollo's CDN and is not there offline. The key
// goes in GraphiQL's header editor. Only our own files and those four assets are served.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);
const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));
const here = new URL('./graphiql/', import.meta.url).pathname;

const ASSETS: Record<string, { file: string; type: string }> = {
  'graphiql.min.js': { file: join(packageDir('graphiql'), 'graphiql.min.js'), type: 'text/javascript; charset=utf-8' },
  'graphiql.min.css': { file: join(packageDir('graphiql'), 'graphiql.min.css'), type: 'text/css; charset=utf-8' },
  'react.production.min.js': { file: join(packageDir('react'), 'umd/react.production.min.js'), type: 'text/javascript; charset=utf-8' },
  'react-dom.production.min.js': { file: join(packageDir('react-dom'), 'umd/react-dom.production.min.js'), type: 'text/javascript; charset=utf-8' },
  'start.js': { file: join(here, 'start.js'), type: 'text/javascript; charset=utf-8' },
  'page.css': { file: join(here, 'page.css'), type: 'text/css; charset=utf-8' },
};

/** Scripts and connections only to this origin; GraphiQL's components set inline styles. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

export function registerGraphiql(app: FastifyInstance): void {
  const page = readFileSync(join(here, 'index.html'));
  // Read once, on first request of each asset (graphiql.min.js is 3.5 MB).
  const cache = new Map<string, Buffer>();
  app.get('/graphiql', async (_request, reply) =>
    reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', CSP).header('cache-control', 'no-cache').send(page),
  );
  app.get<{ Params: { name: string } }>('/graphiql/assets/:name', async (request, reply) => {
    const asset = Object.hasOwn(ASSETS, request.params.name) ? ASSETS[request.params.name] : undefined;
    if (!asset) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No GraphiQL asset ${request.params.name}.` } });
    let body = cache.get(asset.file);
    if (!body) {
      body = readFileSync(asset.file);
      cache.set(asset.file, body);
    }
    return reply.header('content-type', asset.type).header('cache-control', 'public, max-age=3600').send(body);
  });
}
