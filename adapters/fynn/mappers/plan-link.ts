// V2 plan checkout links: CreatePlanCheckoutLinkInput -> CreateCheckoutLinkInput, and a link
// -> PlanCheckoutLink (the seed's shape).
import type { CreateCheckoutLinkInput, FynnPlanLinkFieldsFragment } from '../../../src/generated/operations.ts';
import { v2Date } from './dates.ts';
import type { PathTable } from './property-path.ts';
import type { V2LinkBody } from '../schemas/plan-links.ts';

export type { V2LinkBody };

/** GraphQL input paths -> the V2 body's property paths. */
export const PLAN_LINK_PATHS: PathTable = [
  ['settings.couponsAllowed', 'couponsAllowed'],
  ['active', 'isEnabled'],
];

/** The link of one tier of the path's plan (`planId`: the core checks the tier is one of its). */
export function toCreatePlanLinkInput(planId: string, body: V2LinkBody): CreateCheckoutLinkInput {
  return {
    planId,
    planTierId: body.planTierId,
    ...(body.slug ? { slug: body.slug } : {}),
    active: body.isEnabled ?? true,
    settings: { couponsAllowed: body.couponsAllowed ?? false },
    ...(body.salesChannel ? { salesChannel: body.salesChannel } : {}),
  };
}

export function toFynnPlanLink(link: FynnPlanLinkFieldsFragment) {
  return {
    id: link.id,
    slug: link.slug,
    planTierId: link.planTier?.id ?? '',
    planTierName: link.planTier?.name ?? '',
    couponsAllowed: link.settings.couponsAllowed ?? false,
    isEnabled: link.active,
    url: link.url,
    createdAt: v2Date(link.createdAt),
    updatedAt: v2Date(link.updatedAt),
    salesChannel: link.salesChannel
      ? { id: link.salesChannel.id, name: link.salesChannel.name, brandName: link.salesChannel.brandName ?? link.salesChannel.name }
      : null,
  };
}
