// Every doc_url of a LeanRails error opens a page that explains its code: /leanrails/docs/errors
// has a section (id = code) for every code the Stripe-family table (adapters/kernel/stripe/errors.ts) and LeanRails's own can answer, served without a key.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_DOCS } from '../../../adapters/kernel/stripe/error-docs.ts';
import { startGateway, type TestGateway } from '../../support/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

describe('LeanRails doc_url pages', () => {
  it('explain every code the dialect answers', async () => {
    const source = ['../../../adapters/kernel/stripe/errors.ts', '../../../adapters/leanrails/errors.ts']
      .map((file) => readFileSync(new URL(file, import.meta.url), 'utf8'))
      .join('\n');
    const codes = new Set([...source.matchAll(/code: '([a-z_]+)'/g), ...source.matchAll(/'(parameter_[a-z]+)'/g)].map((m) => m[1] ?? ''));
    expect(codes.size).toBeGreaterThan(10);
    expect([...codes].filter((c) => !(c in ERROR_DOCS))).toEqual([]);
    const page = await gw.inject({ url: '/leanrails/docs/errors' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    for (const code of Object.keys(ERROR_DOCS)) expect(page.body, code).toContain(`<section id="${code}">`);
  });

  it("a real error's doc_url opens that page at its code", async () => {
    const res = await gw.inject({ url: '/leanrails/v1/products/prod_0000000000000000000000', headers: { authorization: `Bearer ${gw.orgA.testKey}` } });
    const { code, doc_url: docUrl } = res.json().error as { code: string; doc_url: string };
    expect(code).toBe('resource_missing');
    const url = new URL(docUrl);
    expect(url.hash).toBe('#resource_missing');
    const page = await gw.inject({ url: url.pathname });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<section id="resource_missing">');
  });
});
