// Creating Whop plans through GraphQL, each write one mutation (one transaction): a plan with
// its product (the given one, or a new plan_only product) and the price of its one cart line;
// for a checkout configuration with an inline `plan`, that plan together with the link. An
// identical inline plan made before is reused instead of creating another.
import type { FastifyRequest } from 'fastify';
import {
  WhopCreateConfigurationDocument, WhopCreatePlanConfigurationDocument, WhopCreatePlanDocument, WhopPlanDocument, WhopProductDocument,
  type CreateCheckoutLinkInput, type WhopLinkFragment, type WhopPlanFragment,
} from '../../../src/generated/operations.ts';
import type { GatewayCore } from '../../kernel/core.ts';
import { runOperation } from '../../kernel/execute.ts';
import { fromGraphQLErrors, GatewayError, unwrap } from '../../kernel/errors.ts';
import { fingerprintCode, planAttributes, sameAttributes, toCreatePlanInput, type PlanAttributes, type WhopPlanBody } from '../mappers/plan.ts';

interface UserError { code: string; reason: string; message: string; path: string[] }

/** A named product must exist (404 as before, rather than a user error of the plan). */
async function checkProduct(core: GatewayCore, request: FastifyRequest, a: PlanAttributes): Promise<void> {
  if (a.productUuid) unwrap(await runOperation(core, request, WhopProductDocument, { id: a.productUuid }), (d: { product: unknown }) => d.product);
}

/** Creates the plan, with its product when none is named and its price, in one mutation. */
export async function createWhopPlan(core: GatewayCore, request: FastifyRequest, a: PlanAttributes, code: string | null): Promise<WhopPlanFragment> {
  await checkProduct(core, request, a);
  const result = await runOperation(core, request, WhopCreatePlanDocument, { input: toCreatePlanInput(a, code) });
  return unwrap(result, (d: { createPlan: { plan: WhopPlanFragment | null } }) => d.createPlan).plan as WhopPlanFragment;
}

/** Creates a checkout configuration (link) from its input; `planId` names an existing plan. */
export async function createLink(core: GatewayCore, request: FastifyRequest, input: CreateCheckoutLinkInput): Promise<WhopLinkFragment> {
  const result = await runOperation(core, request, WhopCreateConfigurationDocument, { input });
  return unwrap(result, (d: { createCheckoutLink: { checkoutLink: WhopLinkFragment | null } }) => d.createCheckoutLink).checkoutLink as WhopLinkFragment;
}

/** The plan and the link in one mutation; user error paths lose their plan. / checkoutLink. part. */
async function createPlanAndLink(
  core: GatewayCore, request: FastifyRequest, a: PlanAttributes, code: string | null, link: CreateCheckoutLinkInput,
): Promise<WhopLinkFragment> {
  await checkProduct(core, request, a);
  const result = await runOperation(core, request, WhopCreatePlanConfigurationDocument, { input: { plan: toCreatePlanInput(a, code), checkoutLink: link } });
  type Payload = { checkoutLink: WhopLinkFragment | null; userErrors: UserError[] };
  const unprefixed = (p: Payload): Payload => ({ ...p, userErrors: p.userErrors.map((e) => ({ ...e, path: e.path[0] === 'input' ? ['input', ...e.path.slice(2)] : e.path })) });
  return unwrap(result, (d: { createPlanWithCheckoutLink: Payload }) => unprefixed(d.createPlanWithCheckoutLink)).checkoutLink as WhopLinkFragment;
}

async function planByCode(core: GatewayCore, request: FastifyRequest, code: string): Promise<WhopPlanFragment | null> {
  const result = await runOperation(core, request, WhopPlanDocument, { code });
  const error = fromGraphQLErrors(result.errors);
  if (error) throw error;
  return result.data?.plan ?? null;
}

/**
 * A checkout configuration with an inline `plan`: the link sells an identical existing plan
 * (same attributes, found by their fingerprint kept as the plan's code) unless
 * `force_create_new_plan`; otherwise a new plan, created with the link in one transaction.
 * `link` is the link's input without a plan.
 */
export async function createInlinePlanLink(core: GatewayCore, request: FastifyRequest, body: WhopPlanBody, link: CreateCheckoutLinkInput): Promise<WhopLinkFragment> {
  const a = planAttributes(body, 'plan.');
  if (body.force_create_new_plan) return createPlanAndLink(core, request, a, null, link);
  const code = fingerprintCode(a);
  const existing = await planByCode(core, request, code);
  if (existing && sameAttributes(existing, a)) return createLink(core, request, { ...link, planId: existing.id });
  try {
    return await createPlanAndLink(core, request, a, existing ? null : code, link);
  } catch (error) {
    // A concurrent request created the same plan first: sell that one.
    if (!(error instanceof GatewayError) || error.reason !== 'PLAN__CODE_CONFLICT') throw error;
    const winner = await planByCode(core, request, code);
    if (winner && sameAttributes(winner, a)) return createLink(core, request, { ...link, planId: winner.id });
    throw error;
  }
}
