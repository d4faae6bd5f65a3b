// Creates remember each tenant's `default` sales channel id for the life of the process
// (src/domain/services/checkout-links/write.ts, salesChannelFor). That is right only while a
// channel can neither be deleted nor renamed through the API. These pins fail the day a mutation
// that could do either is added, so the cache is revisited with it.
import { buildASTSchema, isInputObjectType, isObjectType, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { typeDefs } from '../../../src/graphql/schema.ts';

const schema = buildASTSchema(parse(typeDefs.join('\n')), { assumeValidSDL: true });

describe('a sales channel keeps its id and name (the default-channel cache relies on it)', () => {
  it('no mutation deletes, archives or replaces a sales channel', () => {
    const mutation = schema.getMutationType();
    expect(mutation && isObjectType(mutation)).toBe(true);
    const touching = Object.keys(mutation?.getFields() ?? {}).filter((name) => /channel/i.test(name));
    expect(touching.sort()).toEqual(['createSalesChannel', 'updateSalesChannel']);
  });

  it('an update cannot change the technical name', () => {
    const input = schema.getType('UpdateSalesChannelInput');
    expect(input && isInputObjectType(input)).toBe(true);
    const fields = isInputObjectType(input) ? Object.keys(input.getFields()) : [];
    expect(fields).not.toContain('name');
    expect(fields.sort()).toEqual(['brandName', 'customerfrontBaseUrl']);
  });
});
