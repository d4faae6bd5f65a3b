// Creating Whop plans through GraphQL, each write one mutation (one transaction): a plan with
// its product (the given one, or a new plan_only product) and the price of its one cart line;
// for a checkout configuration with an inline `plan`, that plan together with the link. An
// identical inline plan made before is reused instead of creating another: the core decides
// (createPlanWithCheckoutLink with reuseIdentical), in the same one mutation.
import {
  WhopCreateConfigurationDocument,
  WhopCreatePlanConfigurationDocument,
  WhopCreatePlanDocument,
  WhopProductDocument,
  type CreateCheckoutLinkInput,
  type WhopLinkFragment,
  type WhopPlanFragment,
} from '../../../src/generated/operations.ts';
import type { RouteContext } from '../../kernel/dialect.ts';
import { returned } from '../../kernel/errors.ts';
import { planAttributes, toCreatePlanInput, type PlanAttributes, type WhopPlanBody } from '../mappers/plan.ts';

// biome-ignore lint/suspicious/noExplicitAny: any route's context
type Ctx = RouteContext<any, any, any>;

/** A named product must exist (404 as before, rather than a user error of the plan). */
async function checkProduct(ctx: Ctx, a: PlanAttributes): Promise<void> {
  if (a.productUuid) await ctx.unwrap(WhopProductDocument, { id: a.productUuid }, (d) => d.product);
}

/** Creates the plan, with its product when none is named and its price, in one mutation. */
export async function createWhopPlan(ctx: Ctx, a: PlanAttributes): Promise<WhopPlanFragment> {
  await checkProduct(ctx, a);
  const made = await ctx.unwrap(WhopCreatePlanDocument, { input: toCreatePlanInput(a) }, (d) => d.createPlan);
  return returned(made.plan, 'plan');
}

/** Creates a checkout configuration (link) from its input; `planId` names an existing plan. */
export async function createLink(ctx: Ctx, input: CreateCheckoutLinkInput): Promise<WhopLinkFragment> {
  const made = await ctx.unwrap(WhopCreateConfigurationDocument, { input }, (d) => d.createCheckoutLink);
  return returned(made.checkoutLink, 'checkout configuration');
}

/**
 * A checkout configuration with an inline `plan`: the plan and the link in one mutation. Unless
 * `force_create_new_plan`, the core sells an identical plan made before (reuseIdentical: found by
 * the plan's fingerprint, race-free) instead of creating another. `link` is the link's input
 * without a plan. User error paths lose their plan. / checkoutLink. part.
 */
export async function createInlinePlanLink(ctx: Ctx, body: WhopPlanBody, link: CreateCheckoutLinkInput): Promise<WhopLinkFragment> {
  const a = planAttributes(body, 'plan.');
  await checkProduct(ctx, a);
  const made = await ctx.unwrap(
    WhopCreatePlanConfigurationDocument,
    { input: { plan: toCreatePlanInput(a), checkoutLink: link, reuseIdentical: !body.force_create_new_plan } },
    (d) => {
      const p = d.createPlanWithCheckoutLink;
      return { ...p, userErrors: p.userErrors.map((e) => ({ ...e, path: e.path[0] === 'input' ? ['input', ...e.path.slice(2)] : e.path })) };
    },
  );
  return returned(made.checkoutLink, 'checkout configuration');
}
