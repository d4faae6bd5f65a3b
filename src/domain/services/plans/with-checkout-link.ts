// createPlanWithCheckoutLink: a new plan (with the products and prices its input creates) and a
// checkout link selling it, in one transaction. The plan and the link are written by their own
// services, each in a savepoint of the outer transaction, so every rule stays where it lives;
// a failure in either rolls both back. With reuseIdentical, an identical plan made before (same
// fingerprint, see plans-fingerprint.ts) is sold instead of creating another, race-free.
import type { CheckoutLink, Plan } from '../../entities/index.ts';
import { DomainError, rule, validationError, type Violation } from '../../errors.ts';
import { inTransaction, requireScope, type ServiceContext } from '../../service-context.ts';
import { createCheckoutLink, type CreateCheckoutLinkInput } from '../checkout-links/checkout-links.ts';
import { identicalPlan, planFingerprint } from './fingerprint.ts';
import { createPlan, type CreatePlanInput } from './plans.ts';

export interface CreatePlanWithCheckoutLinkInput {
  plan: CreatePlanInput;
  checkoutLink: CreateCheckoutLinkInput;
  reuseIdentical?: boolean | null;
}

/** Runs `work`; the violations of a DomainError it throws get `prefix` in front of their paths. */
async function under<T>(prefix: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DomainError) || error.violations.length === 0) throw error;
    const violations = error.violations.map((v) => ({ ...v, path: [prefix, ...v.path] }));
    throw new DomainError(error.code, error.reason, error.message, violations);
  }
}

const RACE_REASONS = new Set(['PLAN__FINGERPRINT_CONFLICT', 'PLAN__CODE_CONFLICT']);

/**
 * The plan an identical request made before (same fingerprint), or a new one carrying the
 * fingerprint. The new plan is written in a savepoint: when a concurrent identical request
 * inserted the same fingerprint first, the unique constraint makes this insert wait for it and
 * fail, the savepoint is rolled back and the winner's (now committed) plan is sold instead.
 */
async function ensurePlan(ctx: ServiceContext, input: CreatePlanInput, fingerprint: string): Promise<Plan> {
  const existing = await identicalPlan(ctx.em, fingerprint);
  if (existing) return existing;
  try {
    return await ctx.em.transactional((em) => createPlan({ ...ctx, em }, input, { fingerprint }));
  } catch (error) {
    // The winner's insert may collide on the generated code (same name) before the fingerprint.
    if (!(error instanceof DomainError) || !RACE_REASONS.has(error.reason)) throw error;
    const winner = await identicalPlan(ctx.em, fingerprint);
    if (!winner) throw error;
    return winner;
  }
}

export async function createPlanWithCheckoutLink(
  ctx: ServiceContext,
  input: CreatePlanWithCheckoutLinkInput,
): Promise<{ plan: Plan; checkoutLink: CheckoutLink }> {
  requireScope(ctx, 'plan:write');
  requireScope(ctx, 'checkout-link:write');
  const sources = (['planId', 'planTierId', 'lineItems'] as const).filter((k) => input.checkoutLink[k] != null);
  if (sources.length > 0) {
    throw validationError(
      sources.map(
        (k): Violation => ({
          path: ['checkoutLink', k],
          reason: 'LINK__SOURCE_CONFLICT',
          code: 'VALIDATION',
          message: 'Leave this out: the new plan is what the link sells.',
        }),
      ),
    );
  }
  if (input.plan.activate !== true) {
    throw rule('PLAN__NOT_ACTIVE', 'A checkout link sells only an active plan: set activate to true.', ['plan', 'activate']);
  }
  const fingerprint = input.reuseIdentical ? planFingerprint(input.plan) : null;
  return inTransaction(ctx, async (em) => {
    const inner: ServiceContext = { ...ctx, em };
    const plan = await under('plan', () => (fingerprint ? ensurePlan(inner, input.plan, fingerprint) : createPlan(inner, input.plan)));
    const checkoutLink = await under('checkoutLink', () => createCheckoutLink(inner, { ...input.checkoutLink, planId: plan.id }));
    return { plan, checkoutLink };
  });
}
