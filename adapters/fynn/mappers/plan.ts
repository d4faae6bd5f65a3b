// V2 plans: request body -> CreatePlanInput / ReplacePlanInput, Plan -> Fynn JSON, and the
// table from GraphQL input paths back to the body's property paths.
import type { CreatePlanInput, FynnPlanFieldsFragment, PlanTierInput, PlanTierItemInput, ReplacePlanInput } from '../../../src/generated/operations.ts';
import { v2Date } from './dates.ts';
import type { PathTable } from './property-path.ts';
import type { V2PlanItemBody, V2PlanTierBody, V2PlanBody } from '../schemas/plans.ts';
import { DEFAULT_ITEM_QUANTITY } from '../../../src/contract/limits.ts';

export type { V2PlanItemBody, V2PlanTierBody, V2PlanBody };

/** GraphQL input paths (`*` = index) -> the V2 body's property paths. */
export const PLAN_PATHS: PathTable = [['tiers.*.items.*.priceId', 'tiers.*.items.*.pricePlanId']];

function tierInput(tier: V2PlanTierBody, index: number, keepIds: boolean): PlanTierInput {
  return {
    ...(keepIds && tier.id ? { id: tier.id } : {}),
    name: tier.name,
    position: tier.position ?? index,
    items: tier.items.map(
      (item): PlanTierItemInput => ({
        ...(keepIds && item.id ? { id: item.id } : {}),
        productId: item.productId,
        priceId: item.pricePlanId,
        defaultQuantity: item.defaultQuantity ?? DEFAULT_ITEM_QUANTITY,
        minQuantity: item.minQuantity ?? null,
        maxQuantity: item.maxQuantity ?? null,
        quantityEditable: item.quantityEditable ?? false,
      }),
    ),
  };
}

/** POST /plans: a new plan is always a draft; ids in the body are ignored. */
export function toCreatePlanInput(body: V2PlanBody): CreatePlanInput {
  return {
    code: body.code,
    name: body.name,
    description: body.description ?? null,
    activate: false,
    tiers: body.tiers.map((t, i) => tierInput(t, i, false)),
  };
}

/** PUT /plans/{id}: full replace; given ids keep their rows. */
export function toReplacePlanInput(body: V2PlanBody): ReplacePlanInput {
  return {
    code: body.code,
    name: body.name,
    description: body.description ?? null,
    tiers: body.tiers.map((t, i) => tierInput(t, i, true)),
  };
}

export function toV2Plan(plan: FynnPlanFieldsFragment) {
  return {
    id: plan.id,
    code: plan.code,
    name: plan.name,
    description: plan.description ?? null,
    status: plan.status.toLowerCase(),
    currency: plan.currency ? plan.currency.toUpperCase() : null,
    tiers: plan.tiers.map((tier) => ({
      id: tier.id,
      name: tier.name,
      position: tier.position,
      items: tier.items.map((item) => ({
        id: item.id,
        productId: item.product.id,
        pricePlanId: item.price.id,
        defaultQuantity: item.defaultQuantity,
        minQuantity: item.minQuantity ?? null,
        maxQuantity: item.maxQuantity ?? null,
        quantityEditable: item.quantityEditable,
      })),
    })),
    createdAt: v2Date(plan.createdAt),
    updatedAt: v2Date(plan.updatedAt),
  };
}
