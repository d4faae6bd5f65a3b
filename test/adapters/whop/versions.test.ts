// Each Whop version change is a small pure function: tested alone, then through the engine.
import { describe, expect, it } from 'vitest';
import {
  configurationOwnerRequest,
  configurationOwnerResponse,
  configurationTimestampsResponse,
  effectivePaymentMethodsResponse,
  planOwnerRequest,
  planOwnerResponse,
  whopVersions,
} from '../../../adapters/whop/versions.ts';

const latest = {
  id: 'ch_1',
  account_id: 'biz_1',
  created_at: '2026-01-02T03:04:05.678Z',
  updated_at: '2026-01-02T03:04:06.000Z',
  mode: 'payment',
  effective_payment_method_configuration: { enabled: [], disabled: [], include_platform_defaults: true },
};
const ctx = { resource: 'checkout_configuration' } as const;

describe('Whop version changes', () => {
  it('2026-07-08-1: timestamps become unix seconds going back', () => {
    const input = { ...latest };
    const out = configurationTimestampsResponse(input);
    expect(out).toMatchObject({ created_at: 1767323045, updated_at: 1767323046 });
    expect(input.created_at).toBe('2026-01-02T03:04:05.678Z');
  });

  it('2026-07-20: account_id <-> company_id (request, inline plan and response)', () => {
    expect(configurationOwnerRequest({ company_id: 'biz_1', plan: { company_id: 'biz_1', title: 'x' } })).toEqual({
      account_id: 'biz_1',
      plan: { account_id: 'biz_1', title: 'x' },
    });
    expect(configurationOwnerRequest({ account_id: 'biz_2', company_id: 'biz_1' })).toEqual({ account_id: 'biz_2' });
    const out = configurationOwnerResponse(latest);
    expect(out).toHaveProperty('company_id', 'biz_1');
    expect(out).not.toHaveProperty('account_id');
  });

  it('2026-08-21-1: effective_payment_method_configuration is dropped going back', () => {
    expect(effectivePaymentMethodsResponse(latest)).not.toHaveProperty('effective_payment_method_configuration');
  });

  it('2026-06-09: plans used company / company_id', () => {
    expect(planOwnerRequest({ company_id: 'biz_1' })).toEqual({ account_id: 'biz_1' });
    expect(planOwnerResponse({ account: { id: 'biz_1' } })).toEqual({ company: { id: 'biz_1' } });
  });

  it('the engine walks responses back per pinned version, and only for their resource', () => {
    expect(whopVersions.downgradeResponse('2026-08-21-1', latest, ctx)).toEqual(latest);
    const at0720 = whopVersions.downgradeResponse('2026-07-20', latest, ctx);
    expect(at0720).not.toHaveProperty('effective_payment_method_configuration');
    expect(at0720).toMatchObject({ account_id: 'biz_1', created_at: latest.created_at });
    const at0708 = whopVersions.downgradeResponse('2026-07-08-1', latest, ctx);
    expect(at0708).toMatchObject({ company_id: 'biz_1', created_at: latest.created_at });
    const original = whopVersions.downgradeResponse('2025-01-01', latest, ctx);
    expect(original).toEqual({ id: 'ch_1', company_id: 'biz_1', created_at: 1767323045, updated_at: 1767323046, mode: 'payment' });
    expect(whopVersions.downgradeResponse('2025-01-01', latest, { resource: 'product' })).toEqual(latest);
  });

  it('absent means 2025-01-01; unknown is refused with the supported list', () => {
    expect(whopVersions.resolve(undefined)).toEqual({ ok: true, version: '2025-01-01' });
    expect(whopVersions.resolve('2026-07-08-1')).toEqual({ ok: true, version: '2026-07-08-1' });
    const bad = whopVersions.resolve('2026-07-08');
    expect(bad.ok).toBe(false);
    expect(whopVersions.latest).toBe('2026-08-21-1');
  });
});
