// Fuzzing GraphQL (issue 7, robustness 1): every mutation of schema/*.graphql gets FUZZ_RUNS
// generated `variables` (typed from the schema, almost valid, hostile), and /graphql gets
// FUZZ_RUNS raw bodies. Never a 5xx or a masked INTERNAL error; refusals are errors[] or
// userErrors in their shapes; no row left behind by a refusal.
import { fuzzSuite } from './support/fuzz-harness.ts';
import { mutations } from './support/fuzz-graphql-values.ts';
import { graphqlEndpoints, seedGraphql } from './support/fuzz-graphql.ts';

/** Creates first, then updates, state changes, archives, deletes: later ones consume the targets. */
const rank = (name: string): number =>
  ['create', 'update', 'replace', 'activate', 'enable', 'disable', 'archive', 'delete', 'revoke'].findIndex((p) => name.startsWith(p));
const names = mutations()
  .map((m) => m.name)
  .sort((a, b) => rank(a) - rank(b))
  .map((name) => `mutation ${name}`);

fuzzSuite('graphql', [...names, 'POST /graphql raw bodies'], async (gw) => graphqlEndpoints(gw, await seedGraphql(gw)));
