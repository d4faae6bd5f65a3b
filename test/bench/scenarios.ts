// What the bench measures: one entry per scenario, each a request factory (so ids, bodies and
// idempotency keys vary per request; the API key is the connection's own) plus the status a
// working route answers. Dialect routes that do not exist yet are found by probing and skipped.
import { randomUUID } from 'node:crypto';
import { encodeId } from '../../src/contract/ids.ts';
import type { Seeded } from './seed.ts';

export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Scenario {
  /** e.g. "LeanRails retrieve". */
  name: string;
  face: 'GraphQL' | 'LeanRails' | 'Fynn' | 'Whop' | 'baseline';
  kind: 'retrieve' | 'list' | 'create' | 'query';
  /** The status a working route answers. */
  expect: number;
  /** The next request with the connection's API key (call once per request). */
  next: (key: string) => BenchRequest;
}

/** Three levels deep: links -> plan -> tiers -> items -> prices -> products, and line items -> prices -> products. */
export const graphqlLinksQuery = (first: number): string =>
  `{ checkoutLinks(first: ${first}) { nodes { id slug title lineItems { quantity price { unitAmount currency product { name } } } plan { name tiers { name items { defaultQuantity price { unitAmount currency product { name } } } } } } } }`;

/** Cycles through `values`, starting at the first. */
function cycle<T>(values: readonly T[]): () => T {
  let i = 0;
  return () => values[i++ % values.length] as T;
}

const json = { 'content-type': 'application/json' };

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });

const graphql = (face: 'GraphQL' | 'baseline', first: number): Scenario => ({
  name: face === 'GraphQL' ? `GraphQL checkoutLinks(first: ${first})` : `baseline GraphQL first: ${first}`,
  face,
  kind: 'query',
  expect: 200,
  next: (key) => ({ method: 'POST', path: '/graphql', headers: { ...bearer(key), ...json }, body: JSON.stringify({ query: graphqlLinksQuery(first) }) }),
});

const leanRailsCreate = (name: string, face: 'LeanRails' | 'baseline', prices: () => string): Scenario => ({
  name,
  face,
  kind: 'create',
  expect: 200,
  next: (key) => ({
    method: 'POST',
    path: '/leanrails/v1/checkout_links',
    headers: { ...basic(key), ...json, 'idempotency-key': randomUUID() },
    body: JSON.stringify({ title: 'Bench created link', line_items: [{ price: prices(), quantity: 2 }] }),
  }),
});

export function buildScenarios(seeded: Seeded): Scenario[] {
  // Even links sell a plan tier, odd ones explicit line items (seed.ts).
  const itemLinks = seeded.links.filter((_, i) => i % 2 === 1);
  const leanRailsIds = cycle(itemLinks.map((id) => encodeId('cl', id)));
  const fynnIds = cycle(itemLinks);
  const whopIds = cycle(seeded.links.map((id) => encodeId('ch', id)));
  const prices = cycle(seeded.products.map((p) => encodeId('price', p.priceId)));
  const planTiers = cycle(seeded.plans.flatMap((p) => p.tierIds.map((tierId) => ({ planId: p.id, tierId }))));
  const whopPlans = cycle(seeded.plans.map((p) => encodeId('plan', p.id)));
  const fynnPlans = cycle(seeded.plans.map((p) => p.id));
  return [
    graphql('GraphQL', 50),
    graphql('GraphQL', 10),
    {
      name: 'LeanRails retrieve',
      face: 'LeanRails',
      kind: 'retrieve',
      expect: 200,
      next: (key) => ({ method: 'GET', path: `/leanrails/v1/checkout_links/${leanRailsIds()}`, headers: basic(key) }),
    },
    {
      name: 'LeanRails list (10)',
      face: 'LeanRails',
      kind: 'list',
      expect: 200,
      next: (key) => ({ method: 'GET', path: '/leanrails/v1/checkout_links?limit=10', headers: basic(key) }),
    },
    leanRailsCreate('LeanRails create', 'LeanRails', prices),
    {
      // Fynn classic: GET /checkout-links/{id} (API Platform).
      name: 'Fynn retrieve',
      face: 'Fynn',
      kind: 'retrieve',
      expect: 200,
      next: (key) => ({ method: 'GET', path: `/fynn/checkout-links/${fynnIds()}`, headers: bearer(key) }),
    },
    {
      // Fynn V2 has no retrieve of one link (links are listed under their plan): its retrieve is
      // the plan's, with its tiers and their items (GET /api/plans/{id}).
      name: 'Fynn V2 retrieve',
      face: 'Fynn',
      kind: 'retrieve',
      expect: 200,
      next: (key) => ({ method: 'GET', path: `/fynn/api/plans/${fynnPlans()}`, headers: bearer(key) }),
    },
    {
      name: 'Fynn list (10)',
      face: 'Fynn',
      kind: 'list',
      expect: 200,
      next: (key) => ({ method: 'GET', path: '/fynn/checkout-links?itemsPerPage=10', headers: bearer(key) }),
    },
    {
      name: 'Fynn create',
      face: 'Fynn',
      kind: 'create',
      expect: 201,
      next: (key) => {
        const { planId, tierId } = planTiers();
        return {
          method: 'POST',
          path: `/fynn/api/plans/${planId}/checkout-links`,
          headers: { ...bearer(key), ...json },
          body: JSON.stringify({ planTierId: tierId }),
        };
      },
    },
    {
      name: 'Whop retrieve',
      face: 'Whop',
      kind: 'retrieve',
      expect: 200,
      next: (key) => ({ method: 'GET', path: `/whop/api/v1/checkout_configurations/${whopIds()}`, headers: bearer(key) }),
    },
    {
      name: 'Whop list (10)',
      face: 'Whop',
      kind: 'list',
      expect: 200,
      next: (key) => ({ method: 'GET', path: '/whop/api/v1/checkout_configurations?first=10', headers: bearer(key) }),
    },
    {
      name: 'Whop create',
      face: 'Whop',
      kind: 'create',
      expect: 201,
      next: (key) => ({
        method: 'POST',
        path: '/whop/api/v1/checkout_configurations',
        headers: { ...bearer(key), ...json, 'idempotency-key': randomUUID() },
        body: JSON.stringify({ plan_id: whopPlans(), mode: 'payment' }),
      }),
    },
  ];
}

/**
 * The baseline's scenarios (baseline.ts): the same requests as the LeanRails retrieve, the
 * LeanRails create and the GraphQL queries. Each gateway row is compared with the baseline of
 * its kind: retrieves and lists with the retrieve, creates with the create, GraphQL with the
 * GraphQL baseline of the same page size.
 */
export function baselineScenarios(seeded: Seeded): Scenario[] {
  const ids = cycle(seeded.links.filter((_, i) => i % 2 === 1).map((id) => encodeId('cl', id)));
  const prices = cycle(seeded.products.map((p) => encodeId('price', p.priceId)));
  return [
    {
      name: 'baseline retrieve (1 SQL)',
      face: 'baseline',
      kind: 'retrieve',
      expect: 200,
      next: (key) => ({ method: 'GET', path: `/leanrails/v1/checkout_links/${ids()}`, headers: basic(key) }),
    },
    graphql('baseline', 50),
    graphql('baseline', 10),
    leanRailsCreate('baseline create (1 transaction)', 'baseline', prices),
  ];
}

export interface Probe {
  ok: boolean;
  status: number;
  note: string;
}

/** Sends one request of the scenario: is the route there and answering as expected? */
export async function probe(baseUrl: string, scenario: Scenario, key: string): Promise<Probe> {
  const r = scenario.next(key);
  try {
    const response = await fetch(baseUrl + r.path, { method: r.method, headers: r.headers, body: r.body });
    const text = await response.text();
    if (response.status === scenario.expect) return { ok: true, status: response.status, note: '' };
    const why = response.status === 404 || response.status === 501 ? 'route not there yet' : 'unexpected answer';
    return { ok: false, status: response.status, note: `${why} (${response.status}: ${text.slice(0, 160).replace(/\s+/g, ' ')})` };
  } catch (error) {
    return { ok: false, status: 0, note: `request failed: ${(error as Error).message}` };
  }
}
