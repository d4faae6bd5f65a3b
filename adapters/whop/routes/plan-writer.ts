// Creating Whop plans through GraphQL, each write one mutation (one transaction): a plan with
// its product (the given one, or a new plan_only product) and the price of its one cart line;
// for a checkout configuration with an inline `plan`, that plan together with the link. An
// identical inline plan made before is reused instead of creating another.
import {
  WhopCreateConfigurationDocument, WhopCreatePlanConfigurationDocument, WhopCreatePlanDocument, WhopPlanDocument, WhopProductDocument,
  type CreateCheckoutLinkInput, type WhopLinkFragment, type WhopPlanFragment,
} from '../../../src/generated/operations.ts';
import type { RouteContext } from '../../kernel/dialect.ts';
import { GatewayError, returned } from '../../kernel/errors.ts';
import { fingerprintCode, planAttributes, sameAttributes, toCreatePlanInput, type PlanAttributes, type WhopPlanBody } from '../mappers/plan.ts';

// biome-ignore lint/suspicious/noExplicitAny: any route's context
type Ctx = RouteContext<any, any, any>;

/** A named product must exist (404 as before, rather than a user error of the plan). */
async function checkProduct(ctx: Ctx, a: PlanAttributes): Promise<void> {
  if (a.productUuid) await ctx.unwrap(WhopProductDocument, { id: a.productUuid }, (d) => d.product);
}

/** Creates the plan, with its product when none is named and its price, in one mutation. */
export async function createWhopPlan(ctx: Ctx, a: PlanAttributes, code: string | null): Promise<WhopPlanFragment> {
  await checkProduct(ctx, a);
  const made = await ctx.unwrap(WhopCreatePlanDocument, { input: toCreatePlanInput(a, code) }, (d) => d.createPlan);
  return returned(made.plan, 'plan');
}

/** Creates a checkout configuration (link) from its input; `planId` names an existing plan. */
export async function createLink(ctx: Ctx, input: CreateCheckoutLinkInput): Promise<WhopLinkFragment> {
  const made = await ctx.unwrap(WhopCreateConfigurationDocument, { input }, (d) => d.createCheckoutLink);
  return returned(made.checkoutLink, 'checkout configuration');
}

/** The plan and the link in one mutation; user error paths lose their plan. / checkoutLink. part. */
async function createPlanAndLink(ctx: Ctx, a: PlanAttributes, code: string | null, link: CreateCheckoutLinkInput): Promise<WhopLinkFragment> {
  await checkProduct(ctx, a);
  const made = await ctx.unwrap(
    WhopCreatePlanConfigurationDocument,
    { input: { plan: toCreatePlanInput(a, code), checkoutLink: link } },
    (d) => {
      const p = d.createPlanWithCheckoutLink;
      return { ...p, userErrors: p.userErrors.map((e) => ({ ...e, path: e.path[0] === 'input' ? ['input', ...e.path.slice(2)] : e.path })) };
    },
  );
  return returned(made.checkoutLink, 'checkout configuration');
}

async function planByCode(ctx: Ctx, code: string): Promise<WhopPlanFragment | null> {
  return (await ctx.execute(WhopPlanDocument, { code })).plan ?? null;
}

/**
 * A checkout configuration with an inline `plan`: the link sells an identical existing plan
 * (same attributes, found by their fingerprint kept as the plan's code) unless
 * `force_create_new_plan`; otherwise a new plan, created with the link in one transaction.
 * `link` is the link's input without a plan.
 */
export async function createInlinePlanLink(ctx: Ctx, body: WhopPlanBody, link: CreateCheckoutLinkInput): Promise<WhopLinkFragment> {
  const a = planAttributes(body, 'plan.');
  if (body.force_create_new_plan) return createPlanAndLink(ctx, a, null, link);
  const code = fingerprintCode(a);
  const existing = await planByCode(ctx, code);
  if (existing && sameAttributes(existing, a)) return createLink(ctx, { ...link, planId: existing.id });
  try {
    return await createPlanAndLink(ctx, a, existing ? null : code, link);
  } catch (error) {
    // A concurrent request created the same plan first: sell that one.
    if (!(error instanceof GatewayError) || error.reason !== 'PLAN__CODE_CONFLICT') throw error;
    const winner = await planByCode(ctx, code);
    if (winner && sameAttributes(winner, a)) return createLink(ctx, { ...link, planId: winner.id });
    throw error;
  }
}
