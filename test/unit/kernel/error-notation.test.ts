// Error params and messages in each face's own notation: a core error (typed userErrors with
// GraphQL input paths, as fromUserErrors builds it for every mutation) reaches LeanRails, Whop
// and Fynn named as the client sent the field, never as the core's input (`lineItems.1.priceId`).
import { describe, expect, it } from 'vitest';
import { classicErrorMapper, v2ErrorMapper } from '../../../adapters/fynn/errors.ts';
import { CLASSIC_LINK_PATHS } from '../../../adapters/fynn/mappers/classic-link.ts';
import { clientPath } from '../../../adapters/fynn/mappers/property-path.ts';
import { fromUserErrors, GatewayError, messageIn } from '../../../adapters/kernel/errors.ts';
import { leanrailsErrors } from '../../../adapters/leanrails/errors.ts';
import { whopErrors } from '../../../adapters/whop/errors.ts';

const core = (...errors: { path: string[]; message: string; reason?: string; code?: string }[]): GatewayError =>
  fromUserErrors(
    errors.map((e) => ({ code: e.code ?? 'VALIDATION', reason: e.reason ?? 'LINE_ITEM__CURRENCY_MISMATCH', message: e.message, path: ['input', ...e.path] })),
  ) as GatewayError;

const INTERNAL = /lineItems|priceId|productId|initialPrice|unitAmount|productData|billingPeriodDays/;

describe('messageIn', () => {
  it('renames the core join of violations and keeps any other message', () => {
    const joined = core({ path: ['lineItems', '1', 'priceId'], message: 'Mixed currencies.' }, { path: [], message: 'Also this.' });
    expect(joined.message).toBe('lineItems.1.priceId: Mixed currencies.; Also this.');
    expect(messageIn(joined, (p) => p.join('/'))).toBe('lineItems/1/priceId: Mixed currencies.; Also this.');
    expect(messageIn(joined, () => null)).toBe('Mixed currencies.; Also this.');
    const own = new GatewayError('VALIDATION', 'VALUE__INVALID', 'Something the face wrote.', [
      { path: ['a'], message: 'm', reason: 'VALUE__INVALID', code: 'VALIDATION' },
    ]);
    expect(messageIn(own, () => 'b')).toBe('Something the face wrote.');
  });
});

describe('each face names fields as its client sent them', () => {
  it('LeanRails: param and message in bracket notation', () => {
    const map = leanrailsErrors('http://gw');
    const cases: [GatewayError, string][] = [
      [core({ path: ['lineItems'], message: 'All line items need one currency.' }), 'line_items'],
      [core({ path: ['lineItems', '1', 'priceId'], message: 'Mixed.' }), 'line_items[1][price]'],
      [core({ path: ['lineItems', '0', 'priceData', 'unitAmount'], message: 'Too big.', reason: 'AMOUNT__INVALID' }), 'line_items[0][price_data][unit_amount]'],
      [core({ path: ['productData', 'name'], message: 'Blank.', reason: 'VALUE__INVALID' }), 'product_data[name]'],
      [core({ path: ['productId'], message: 'Not found.', code: 'NOT_FOUND', reason: 'NOT_FOUND' }), 'product'],
    ];
    for (const [error, param] of cases) {
      const body = map(error).body as { error: { param: string; message: string } };
      expect(body.error.param, error.message).toBe(param);
      expect(body.error.message, error.message).not.toMatch(INTERNAL);
    }
    const mixed = map(cases[1]?.[0] as GatewayError).body as { error: { message: string } };
    expect(mixed.error.message).toBe('line_items[1][price]: Mixed.');
  });

  it('Whop: messages name the Whop field (initial_price), or none', () => {
    const plan = whopErrors(core({ path: ['initialPrice'], message: 'Must be at least 0.', reason: 'VALUE__INVALID' })).body as { error: { message: string } };
    expect(plan.error.message).toBe('initial_price: Must be at least 0.');
    const nested = whopErrors(core({ path: ['tiers', '0', 'items', '0', 'price', 'unitAmount'], message: 'Too big.', reason: 'AMOUNT__INVALID' })).body as {
      error: { message: string };
    };
    expect(nested.error.message).toBe('Too big.');
    const period = whopErrors(core({ path: ['billingPeriodDays'], message: 'At most 3650.' }, { path: ['name'], message: 'Blank.' })).body as {
      error: { message: string };
    };
    expect(period.error.message).toBe('billing_period: At most 3650.; title: Blank.');
  });

  it('Fynn: problem details and hydra descriptions use the property paths of the request', () => {
    const render = (p: string[]) => clientPath(p, CLASSIC_LINK_PATHS);
    const business = core({ path: ['lineItems', '1', 'priceId'], message: 'Mixed currencies.' });
    const classic = classicErrorMapper(render)(business).body as Record<string, unknown>;
    const v2 = v2ErrorMapper(render)(business).body as Record<string, unknown>;
    expect(String(classic['hydra:description'] ?? JSON.stringify(classic.violations))).not.toMatch(INTERNAL);
    expect(String(v2.detail ?? JSON.stringify(v2.violations))).not.toMatch(INTERNAL);
    expect(JSON.stringify(classic)).toContain('items[1].price');
  });
});
