// A dialect is one folder and one line: a tiny fourth dialect (test/fixtures/dialect) added to
// the list of faces is served, listed on /docs, printed at start-up and seen by the isolation
// sweep's route recorder (so the sweep demands a spec or an exemption for it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The gateway first: the entities module graph must load from its root (entities/index.ts).
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { DIALECTS } from '../../src/http/faces.ts';
import { faceUrls } from '../../src/http/urls.ts';
import { echo } from '../fixtures/dialect/index.ts';
import { routeKey, withRouteRecording } from '../reliability/support/routes.ts';

const dialects = [...DIALECTS, echo];
let gw: TestGateway;
let routes: string[];
beforeAll(async () => {
  const recorded = await withRouteRecording(() => startGateway({}, { dialects }));
  gw = recorded.built;
  routes = recorded.routes.map(routeKey);
});
afterAll(async () => {
  await gw?.close();
});

describe('a fourth dialect from one folder and one line', () => {
  it('is served through the kernel pipeline: key, scope and its own error shape', async () => {
    const me = await gw.inject({ url: '/echo/me', headers: { authorization: `Bearer ${gw.orgA.testKey}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ organisation: gw.orgA.slug, mode: 'test' });
    const anonymous = await gw.inject({ url: '/echo/me' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toEqual({ echo_error: 'UNAUTHENTICATED' });
    const narrow = await gw.keyWith(['plan:read']);
    expect((await gw.inject({ url: '/echo/me', headers: { authorization: `Bearer ${narrow}` } })).json()).toEqual({ echo_error: 'FORBIDDEN' });
  });

  it('is listed on /docs with its own OpenAPI document', async () => {
    const init = await gw.inject({ url: '/docs/static/swagger-initializer.js' });
    expect(init.body).toContain('/echo/openapi.json');
    expect((await gw.inject({ url: '/docs/json' })).json().info.description).toContain('Echo http://gateway.test/echo/openapi.json');
    const doc = (await gw.inject({ url: '/echo/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(['/echo/me']);
  });

  it('is printed with the start-up URLs', () => {
    expect(faceUrls('http://gateway.test', dialects)).toContainEqual(['Echo', 'http://gateway.test/echo']);
    expect(faceUrls('http://gateway.test')).not.toContainEqual(['Echo', 'http://gateway.test/echo']);
  });

  it("is seen by the isolation sweep's route recorder", () => {
    expect(routes).toEqual(expect.arrayContaining(['GET /echo/me', 'HEAD /echo/me', 'GET /echo/openapi.json']));
  });
});
