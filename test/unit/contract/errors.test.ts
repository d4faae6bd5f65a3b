import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isReason, kindOf, NOT_FOUND_REASONS, REASONS } from '../../../src/contract/errors.ts';
import { DomainError, notFound } from '../../../src/domain/errors.ts';

describe('the error model (src/contract/errors.ts)', () => {
  it('has exactly the codes of the SDL enum ErrorCode', () => {
    const sdl = readFileSync(new URL('../../../schema/common.graphql', import.meta.url), 'utf8');
    const enumText = /enum ErrorCode \{[^}]*\}/.exec(sdl)?.[0];
    expect(enumText).toBeDefined();
    const type = buildSchema(`${enumText} type Query { code: ErrorCode }`).getType('ErrorCode') as GraphQLEnumType;
    expect([...ERROR_CODES].sort()).toEqual(
      type
        .getValues()
        .map((v) => v.name)
        .sort(),
    );
  });

  it('gives every reason one of the eight kinds', () => {
    const kinds = new Set(['input', 'rule', 'missing', 'conflict', 'auth', 'forbidden', 'limit', 'internal']);
    for (const [reason, kind] of Object.entries(REASONS)) expect(kinds.has(kind), reason).toBe(true);
  });

  it('names a catalogued reason for every entity notFound knows', () => {
    for (const entity of Object.keys(NOT_FOUND_REASONS) as (keyof typeof NOT_FOUND_REASONS)[]) {
      const error = notFound(entity);
      expect(error).toBeInstanceOf(DomainError);
      expect(isReason(error.reason), entity).toBe(true);
      expect(kindOf(error.reason, error.code)).toBe('missing');
    }
  });

  it('falls back to the code for a reason outside the catalogue', () => {
    expect(kindOf('SOMETHING__ELSE', 'CONFLICT')).toBe('conflict');
    expect(kindOf('VALUE__INVALID', 'VALIDATION')).toBe('input');
    expect(kindOf('PLAN__NOT_ACTIVE', 'VALIDATION')).toBe('rule');
  });
});
