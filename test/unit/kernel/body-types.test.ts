// Request types come from the routes' JSON schemas (json-schema-to-ts FromSchema): checked at
// compile time by `npm run typecheck` (an unused @ts-expect-error fails it, so a type that
// collapsed to any or unknown would fail here), and once at run time by Ajv against the same schema.
import { Ajv } from 'ajv';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { PriceCreateBody } from '../../../adapters/leanrails/mappers/price.ts';
import type { LinkCreateBody } from '../../../adapters/leanrails/mappers/checkout-link.ts';
import type { WhopPlanBody } from '../../../adapters/whop/mappers/plan.ts';
import type { V2PlanBody } from '../../../adapters/fynn/mappers/plan.ts';
import { priceCreateBody } from '../../../adapters/leanrails/schemas/catalog.ts';

describe('body types derived from JSON schemas', () => {
  it('follow the schema: required keys, enums, nullability', () => {
    const price: PriceCreateBody = { currency: 'eur', product_data: { name: 'x', metadata: { a: 1 } }, recurring: { interval: 'month' } };
    // @ts-expect-error currency is required by the schema
    const noCurrency: PriceCreateBody = { product: 'prod_x' };
    // @ts-expect-error recurring.interval is an enum
    const badInterval: PriceCreateBody = { currency: 'eur', recurring: { interval: 'fortnight' } };
    // @ts-expect-error additionalProperties: false
    const extra: PriceCreateBody = { currency: 'eur', colour: 'red' };
    expectTypeOf<LinkCreateBody['line_items'][number]['quantity']>().toEqualTypeOf<number>();
    expectTypeOf<NonNullable<WhopPlanBody['plan_type']>>().toEqualTypeOf<'renewal' | 'one_time'>();
    expectTypeOf<V2PlanBody['code']>().toEqualTypeOf<string>();
    const ajv = new Ajv({ strict: false });
    expect(ajv.validate(priceCreateBody, price)).toBe(true);
    for (const wrong of [noCurrency, badInterval, extra]) expect(ajv.validate(priceCreateBody, wrong)).toBe(false);
  });
});
