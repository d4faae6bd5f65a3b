// Variables for GraphQL mutations, generated from the schema's input types: values of the right
// GraphQL type (so they pass coercion and reach the resolvers and services) that are plausible
// or hostile by field name, with ids drawn from pools of real objects.
import fc from 'fast-check';
import {
  buildASTSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  parse,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { typeDefs } from '../../../src/graphql/schema.ts';
import { hostileKey, hostileNumber, hostileString, hostileValue, type Json } from './fuzz-values.ts';

/** The SDL of schema/*.graphql (no resolvers): what the generators walk. */
export const sdl: GraphQLSchema = buildASTSchema(parse(typeDefs.join('\n')), { assumeValidSDL: true });

/** Every mutation of the schema except the placeholder `_noop`. */
export const mutations = (): GraphQLField<unknown, unknown>[] => Object.values(sdl.getMutationType()?.getFields() ?? {}).filter((f) => f.name !== '_noop');

/** The operation of a mutation: every argument as a variable of its own type, userErrors and ids selected. */
export function documentOf(field: GraphQLField<unknown, unknown>): string {
  const vars = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  let type = field.type;
  while (isNonNullType(type) || isListType(type)) type = type.ofType;
  const selection = isObjectType(type)
    ? Object.values(type.getFields())
        .map((f) => {
          let t = f.type;
          while (isNonNullType(t) || isListType(t)) t = t.ofType;
          if (f.name === 'userErrors') return 'userErrors { code reason message path }';
          return isObjectType(t) ? `${f.name} { ${'id' in t.getFields() ? 'id' : '__typename'} }` : f.name;
        })
        .join(' ')
    : '';
  return `mutation Fuzz${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection ? ` { ${selection} }` : ''} }`;
}

/** Where generated ids come from: a field (or argument) name -> real ids; `invalid` for the rest. */
export interface IdPools {
  byField: Record<string, string[]>;
  any: string[];
  invalid: string[];
}

let unique = 0;
const uniqueSlug = (prefix: string) => fc.constant(null).map(() => `${prefix}-${++unique}`);

/** A String that fits the field's name most of the time. */
function stringFor(name: string): fc.Arbitrary<string> {
  const plausible: Record<string, fc.Arbitrary<string>> = {
    currency: fc.constantFrom('EUR', 'EUR', 'USD', 'eur', 'JPY', 'XXX', 'ZZZ', 'EURO', 'E1R'),
    unitAmountDecimal: fc.constantFrom('19.00', '0.5', '1.005', '-1', '1e3', 'NaN', '99999999999999999999', '0', '12'),
    code: uniqueSlug('gql-code'),
    slug: uniqueSlug('gql-slug'),
    name: fc.constantFrom('Fuzz name', 'Basic', 'x'),
    title: fc.constantFrom('Fuzz title', 'Pro'),
    redirectUrl: fc.constantFrom('https://example.com/thanks', 'ftp://x', 'https://example.com/{CHECKOUT_SESSION_ID}'),
    backToProviderUrl: fc.constant('https://example.com'),
    customerfrontBaseUrl: fc.constantFrom('https://shop.example.com', 'not a url'),
    salesChannel: fc.constantFrom('default', 'nope'),
    contractPeriod: fc.constantFrom('12M', '1M', 'P1Y', 'x'),
    cancellationPeriod: fc.constantFrom('1M', '0D', '-1M'),
    scopes: fc.constantFrom('product:read', 'plan:write', 'api-key:write', 'admin', ''),
    threeDsLevel: fc.constantFrom('frictionless', 'challenge'),
  };
  return fc.oneof({ weight: 3, arbitrary: plausible[name] ?? fc.constantFrom('Fuzz text', 'abc') }, { weight: 2, arbitrary: hostileString });
}

const int32 = (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31;

/** A value of `type` for field `name`; `depth` bounds nested inputs. */
export function valueOf(type: GraphQLInputType, name: string, pools: IdPools, depth = 0): fc.Arbitrary<Json> {
  if (isNonNullType(type)) return fc.oneof({ weight: 150, arbitrary: valueOf(type.ofType, name, pools, depth) }, { weight: 1, arbitrary: fc.constant(null) });
  const nullable = (arb: fc.Arbitrary<Json>) => fc.oneof({ weight: 12, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) });
  if (isListType(type)) {
    const item = valueOf(type.ofType, name, pools, depth + 1);
    return nullable(
      fc.oneof({ weight: 25, arbitrary: fc.array(item, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.array(item, { minLength: 20, maxLength: 120 }) }),
    );
  }
  if (isEnumType(type))
    return nullable(fc.oneof({ weight: 60, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.name)) }, { weight: 1, arbitrary: hostileString }));
  if (isInputObjectType(type)) {
    if (depth > 6) return fc.constant({});
    const fields = Object.values(type.getFields());
    const model = Object.fromEntries(fields.map((f) => [f.name, valueOf(f.type, f.name, pools, depth + 1)]));
    const required = fields.filter((f) => isNonNullType(f.type)).map((f) => f.name);
    const record = fc.record(model, { requiredKeys: required }) as fc.Arbitrary<Record<string, Json>>;
    return nullable(
      fc.oneof({ weight: 40, arbitrary: record }, { weight: 1, arbitrary: fc.tuple(record, hostileKey, hostileValue).map(([r, k, v]) => ({ ...r, [k]: v })) }),
    );
  }
  if (!isScalarType(type)) return fc.constant(null);
  switch (type.name) {
    case 'ID': {
      const real = pools.byField[name] ?? pools.any;
      return nullable(
        fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom(...real) },
          { weight: 1, arbitrary: fc.constantFrom(...pools.invalid) },
          { weight: 1, arbitrary: hostileString },
        ),
      );
    }
    case 'String':
      return nullable(stringFor(name));
    case 'Int':
      return nullable(
        fc.oneof(
          { weight: 12, arbitrary: fc.integer({ min: 0, max: 100 }) },
          { weight: 6, arbitrary: hostileNumber.filter(int32) },
          { weight: 1, arbitrary: hostileNumber },
        ),
      );
    case 'SafeInt':
      return nullable(
        fc.oneof(
          { weight: 12, arbitrary: fc.integer({ min: 0, max: 100_000 }) },
          { weight: 6, arbitrary: hostileNumber.filter(Number.isSafeInteger) },
          { weight: 1, arbitrary: hostileNumber },
        ),
      );
    case 'Boolean':
      return nullable(fc.boolean());
    case 'JSONObject':
      return nullable(
        fc.oneof(
          { weight: 3, arbitrary: fc.constant({ ref: 'fuzz' }) },
          { weight: 4, arbitrary: fc.dictionary(hostileKey, hostileValue, { maxKeys: 6 }) as fc.Arbitrary<Json> },
          { weight: 1, arbitrary: hostileValue },
        ),
      );
    case 'DateTime':
      return nullable(fc.constantFrom('2026-01-01T00:00:00Z', '2026-13-01T00:00:00Z', 'yesterday', '0'));
    default:
      return nullable(hostileValue);
  }
}

/** Variables for every argument of `field`, each of its GraphQL type. */
export function typedVariables(field: GraphQLField<unknown, unknown>, pools: IdPools): fc.Arbitrary<Record<string, Json>> {
  const model = Object.fromEntries(field.args.map((a: GraphQLArgument) => [a.name, valueOf(a.type, a.name, pools)]));
  return fc.record(model) as fc.Arbitrary<Record<string, Json>>;
}

/** A JSON value as a GraphQL literal (inline arguments instead of variables). */
export function literal(value: Json): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  return `{ ${Object.entries(value)
    .map(([k, v]) => `${k}: ${literal(v)}`)
    .join(', ')} }`;
}
