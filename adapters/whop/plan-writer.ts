// Creating Whop plans through GraphQL: a product (the given one, or a plan_only product), a
// price for the plan's one cart line, and an ACTIVE single-price plan whose one tier holds that
// item. Inline plans of a checkout configuration are reused when an identical one exists.
import type { FastifyRequest } from 'fastify';
import {
  WhopCreatePlanDocument, WhopCreatePriceDocument, WhopCreateProductDocument, WhopDeleteProductDocument, WhopPlanDocument,
  WhopProductDocument, type RecurringInput, type WhopPlanFragment,
} from '../../src/generated/operations.ts';
import type { GatewayCore } from '../kernel/core.ts';
import { runOperation } from '../kernel/execute.ts';
import { fromGraphQLErrors, GatewayError, unwrap } from '../kernel/errors.ts';
import {
  fingerprintCode, lineAmount, planAttributes, sameAttributes, toCreatePlanInput, type PlanAttributes, type WhopPlanBody,
} from './mappers/plan.ts';

function recurringOf(days: number): RecurringInput {
  if (days % 365 === 0 && days / 365 <= 365) return { interval: 'YEAR', intervalCount: days / 365, periodDays: days };
  if (days % 7 === 0 && days / 7 <= 365) return { interval: 'WEEK', intervalCount: days / 7, periodDays: days };
  return { interval: 'DAY', intervalCount: Math.min(days, 365), periodDays: days };
}

/** Creates the plan (and its product when none is named); nothing stays behind on failure. */
export async function createWhopPlan(core: GatewayCore, request: FastifyRequest, a: PlanAttributes, code: string | null): Promise<WhopPlanFragment> {
  let product = a.productUuid;
  let ownProduct = false;
  if (product) {
    unwrap(await runOperation(core, request, WhopProductDocument, { id: product }), (d: { product: unknown }) => d.product);
  } else {
    const created = unwrap(
      await runOperation(core, request, WhopCreateProductDocument, { input: { name: a.name, kind: 'PLAN_ONLY', visibility: a.visibility } }),
      (d: { createProduct: { product: { id: string } | null } }) => d.createProduct,
    );
    product = (created.product as { id: string }).id;
    ownProduct = true;
  }
  try {
    const recurring = a.planType === 'RENEWAL' && a.billingPeriodDays ? recurringOf(a.billingPeriodDays) : null;
    const price = unwrap(
      await runOperation(core, request, WhopCreatePriceDocument, {
        input: { productId: product, currency: a.currency, unitAmount: lineAmount(a), ...(recurring ? { recurring } : {}), ...(a.taxType ? { taxBehavior: a.taxType } : {}) },
      }),
      (d: { createPrice: { price: { id: string } | null } }) => d.createPrice,
    );
    const priceId = (price.price as { id: string }).id;
    const plan = unwrap(
      await runOperation(core, request, WhopCreatePlanDocument, { input: toCreatePlanInput(a, product, priceId, code) }),
      (d: { createPlan: { plan: WhopPlanFragment | null } }) => d.createPlan,
    );
    return plan.plan as WhopPlanFragment;
  } catch (error) {
    if (ownProduct) await runOperation(core, request, WhopDeleteProductDocument, { id: product }).catch(() => undefined);
    throw error;
  }
}

async function planByCode(core: GatewayCore, request: FastifyRequest, code: string): Promise<WhopPlanFragment | null> {
  const result = await runOperation(core, request, WhopPlanDocument, { code });
  const error = fromGraphQLErrors(result.errors);
  if (error) throw error;
  return result.data?.plan ?? null;
}

/**
 * The plan of an inline `plan`: an identical existing plan (same attributes, found by their
 * fingerprint kept as the plan's code) unless `force_create_new_plan`, else a new one.
 */
export async function inlinePlan(core: GatewayCore, request: FastifyRequest, body: WhopPlanBody): Promise<WhopPlanFragment> {
  const a = planAttributes(body, 'plan.');
  if (body.force_create_new_plan) return createWhopPlan(core, request, a, null);
  const code = fingerprintCode(a);
  const existing = await planByCode(core, request, code);
  if (existing && sameAttributes(existing, a)) return existing;
  try {
    return await createWhopPlan(core, request, a, existing ? null : code);
  } catch (error) {
    // A concurrent request created the same plan first: use it.
    if (!(error instanceof GatewayError) || error.code !== 'CONFLICT') throw error;
    const winner = await planByCode(core, request, code);
    if (winner && sameAttributes(winner, a)) return winner;
    throw error;
  }
}
