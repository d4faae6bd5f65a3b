// Values GraphQL's input coercion refuses (an Int beyond 32 bits, an unknown field, a missing
// variable) are the client's fault: the kernel maps them to a VALIDATION error with the variable
// path, which each dialect answers in its own 400/422 shape, never INTERNAL (fuzz bug 4). The
// errors come from executing the adapters' real operations against the gateway's real schema.
import { execute, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { v2ErrorMapper } from '../../adapters/fynn/errors.ts';
import { PLAN_PATHS } from '../../adapters/fynn/mappers/plan.ts';
import { clientPath } from '../../adapters/fynn/mappers/property-path.ts';
import { fromGraphQLErrors, variableViolation } from '../../adapters/kernel/errors.ts';
import { leanrailsErrors } from '../../adapters/leanrails/errors.ts';
import { whopErrors } from '../../adapters/whop/errors.ts';
import { buildSchema } from '../../src/graphql/schema.ts';
import { FynnCreatePlanDocument, LeanRailsCreateLinkDocument, WhopUpdatePlanDocument } from '../../src/generated/operations.ts';
import { startGateway } from '../support/gateway.ts';

const schema = buildSchema();
const UUID = '01929000-0000-7000-8000-000000000000';

async function refusal(document: DocumentNode, variableValues: Record<string, unknown>) {
  const result = await execute({ schema, document, variableValues, contextValue: {} });
  expect(result.data).toBeUndefined();
  expect(result.errors?.length).toBeGreaterThan(0);
  const error = fromGraphQLErrors(result.errors ?? []);
  if (!error) throw new Error('no GatewayError');
  return error;
}

const plan = (tier: Record<string, unknown>, item: Record<string, unknown> = {}) => ({
  input: { code: 'c', name: 'n', tiers: [{ name: 't', position: 0, ...tier, items: [{ productId: UUID, priceId: UUID, defaultQuantity: 1, ...item }] }] },
});

describe('kernel: GraphQL variable coercion errors', () => {
  it('an Int beyond 32 bits is a VALIDATION error on the variable path, not INTERNAL', async () => {
    const error = await refusal(FynnCreatePlanDocument, plan({ position: 2_147_483_648 }));
    expect(error.code).toBe('VALIDATION');
    expect(error.violations).toEqual([
      {
        path: ['tiers', '0', 'position'],
        message: 'Int cannot represent non 32-bit signed integer value: 2147483648',
        reason: 'VALUE__INVALID',
        code: 'VALIDATION',
      },
    ]);
    expect(error.message).toBe('tiers.0.position: Int cannot represent non 32-bit signed integer value: 2147483648');
  });

  it('collects every refused value, and keeps the path when the value itself holds "; " and quotes', async () => {
    const error = await refusal(FynnCreatePlanDocument, plan({ position: 3e9 }, { defaultQuantity: 'x"; at "input.code"', minQuantity: 1e300 }));
    expect(error.code).toBe('VALIDATION');
    expect(error.violations.map((v) => v.path.join('.'))).toEqual(['tiers.0.position', 'tiers.0.items.0.defaultQuantity', 'tiers.0.items.0.minQuantity']);
  });

  it('an unknown input field and a missing required variable are VALIDATION too', async () => {
    const unknown = await refusal(FynnCreatePlanDocument, plan({ colour: 'red' }));
    expect(unknown).toMatchObject({ code: 'VALIDATION', violations: [{ path: ['tiers', '0'], reason: 'VALUE__INVALID' }] });
    expect(unknown.violations[0]?.message).toMatch(/Field "colour" is not defined/);
    const missing = await refusal(WhopUpdatePlanDocument, { input: { stock: 1 } });
    expect(missing).toMatchObject({ code: 'VALIDATION', reason: 'VALUE__MISSING', violations: [{ path: ['id'], reason: 'VALUE__MISSING' }] });
  });

  it('a field error is not mistaken for a variable error', () => {
    const fieldError = { message: 'Variable "$input" got invalid value 1; boom', path: ['createPlan'], originalError: new Error('boom') };
    expect(variableViolation(fieldError as never)).toBeNull();
  });

  it('each dialect answers it in its own shape: Fynn 422 violations, LeanRails 400 parameter_invalid, Whop 422', async () => {
    const fynn = v2ErrorMapper((path) => clientPath(path, PLAN_PATHS))(await refusal(FynnCreatePlanDocument, plan({ position: 2_147_483_648 })));
    expect(fynn.status).toBe(422);
    expect(fynn.body).toMatchObject({ title: 'Validation Failed', violations: [{ propertyPath: 'tiers[0].position', code: 'VALUE__INVALID' }] });

    const link = { input: { title: 't', lineItems: [{ priceId: UUID, quantity: 3_000_000_000 }] } };
    const lean = leanrailsErrors('http://gateway.test')(await refusal(LeanRailsCreateLinkDocument, link));
    expect(lean.status).toBe(400);
    expect(lean.body).toMatchObject({ error: { type: 'invalid_request_error', code: 'parameter_invalid', param: 'line_items[0][quantity]' } });

    const whop = whopErrors(await refusal(WhopUpdatePlanDocument, { id: UUID, input: { stock: 1e308 } }));
    expect(whop.status).toBe(422);
    expect(whop.body).toEqual({
      error: { type: 'unprocessable_entity', message: expect.stringMatching(/^stock: Int cannot represent/), code: 'value__invalid' },
    });
  });
});

describe('GraphQL face: Int arguments beyond 32 bits', () => {
  it('answer a GraphQL 400 (BAD_USER_INPUT for a variable, GRAPHQL_VALIDATION_FAILED for a literal), never INTERNAL', async () => {
    const gw = await startGateway();
    try {
      const variable = await gw.graphql('query ($first: Int) { plans(first: $first) { totalCount } }', { first: 2_147_483_648 });
      expect(variable.status).toBe(400);
      expect(variable.body.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/Int cannot represent non 32-bit/),
        extensions: { code: 'BAD_USER_INPUT' },
      });
      const literal = await gw.graphql(
        'mutation { createPlan(input: { code: "c", name: "n", tiers: [{ name: "t", position: 2147483648, items: [] }] }) { plan { id } } }',
      );
      expect(literal.status).toBe(400);
      expect(literal.body.errors).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/Int cannot represent non 32-bit/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
      ]);
      const input = await gw.graphql('mutation ($input: CreatePlanInput!) { createPlan(input: $input) { plan { id } } }', plan({ position: 2_147_483_648 }));
      expect(input.status).toBe(400);
      expect(input.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      await gw.close();
    }
  });
});
