// A plan's fingerprint: the SHA-256 of its create input in a canonical form (keys sorted at every
// level, undefined and null alike left out), so that two requests for the same plan get the same
// value. Kept on plans created with createPlanWithCheckoutLink(reuseIdentical) and forgotten on
// any change of the plan (plans.ts), so a plan found by it is still the plan that was asked for.
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { fastFindOne } from '../../../db/fast-read.ts';
import { Plan } from '../../entities/index.ts';
import type { CreatePlanInput } from './input.ts';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

/** 64 hex digits naming the plan input (the length of Plan.fingerprint). */
export function planFingerprint(input: CreatePlanInput): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(input)))
    .digest('hex');
}

/** The tenant's plan with this fingerprint (the link's own checks decide whether it sells), or null. */
export function identicalPlan(em: EntityManager, fingerprint: string): Promise<Plan | null> {
  return fastFindOne(em, Plan, { fingerprint, deletedAt: null });
}
