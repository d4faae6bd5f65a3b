// Plans: sellable bundles of tiers (each a list of product + price items), or single-price plans
// as Whop models them. Reads skip soft-deleted plans; every write runs in one transaction.
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { slugify } from '../../slugify.ts';
import { Plan, PlanTier, PlanTierItem } from '../../entities/index.ts';
import { newId } from '../../entities/common.ts';
import type { PLAN_STATUSES } from '../../entities/plan.ts';
import { conflict, invalid, notFound, rule } from '../../errors.ts';
import { normaliseCurrency } from '../../money.ts';
import { paginate, type Page, type PageArgs } from '../../pagination.ts';
import { inTransaction, owner, requireScope, type ServiceContext } from '../../service-context.ts';
import { isUuid } from '../support/ids.ts';
import {
  createPlanSchema,
  parsePlanInput,
  replacePlanSchema,
  updatePlanSchema,
  type CreatePlanInput,
  type ReplacePlanInput,
  type UpdatePlanInput,
} from './input.ts';
import { checkTierReferences, loadTiers, NO_TIERS, writeTiers } from './tiers.ts';
import { createInlineRows, requireInlineScopes } from './inline.ts';
import { fastFindOne } from '../../../db/fast-read.ts';

export type { CreatePlanInput, ReplacePlanInput, UpdatePlanInput } from './input.ts';

const NO_ID = '00000000-0000-0000-0000-000000000000';

// ---------------------------------------------------------------------------------------------
// Reads

/**
 * A plan by id or code. `byId`: the caller's reader of plan rows by id, deleted ones included (the
 * GraphQL request's loader, which reads a plan with its tiers); the tenant's row by default.
 */
export async function getPlan(
  ctx: ServiceContext,
  ref: { id?: string | null; code?: string | null },
  byId: (id: string) => Promise<Plan | null> = (id) => fastFindOne(ctx.em, Plan, { id }),
): Promise<Plan | null> {
  requireScope(ctx, 'plan:read');
  if (ref.id != null) {
    if (!isUuid(ref.id)) return null;
    const plan = await byId(ref.id);
    return plan && !plan.deletedAt && (ref.code == null || plan.code === ref.code) ? plan : null;
  }
  if (ref.code != null) return fastFindOne(ctx.em, Plan, { code: ref.code, deletedAt: null });
  throw invalid(['id'], 'Give the id or the code of the plan.', 'PLAN__ID_OR_CODE_REQUIRED');
}

export async function getPlanTier(ctx: ServiceContext, id: string): Promise<PlanTier | null> {
  requireScope(ctx, 'plan:read');
  if (!isUuid(id)) return null;
  const tier = await fastFindOne(ctx.em, PlanTier, { id });
  if (!tier) return null;
  const plan = await fastFindOne(ctx.em, Plan, { id: tier.plan, deletedAt: null });
  return plan ? tier : null;
}

export interface PlanFilter {
  status?: (typeof PLAN_STATUSES)[number] | null;
  code?: string | null;
  /** Plans with a tier item of this product, or with it as origin product. */
  productId?: string | null;
}

export async function listPlans(ctx: ServiceContext, filter: PlanFilter = {}, page: PageArgs = {}): Promise<Page<Plan>> {
  requireScope(ctx, 'plan:read');
  const where: Record<string, unknown> = { deletedAt: null };
  if (filter.status) where.status = filter.status;
  if (filter.code != null) where.code = filter.code;
  if (filter.productId != null) {
    const productId = isUuid(filter.productId) ? filter.productId : NO_ID;
    const items = await ctx.em.find(PlanTierItem, { product: productId }, { fields: ['tier'] });
    const tiers = items.length ? await ctx.em.find(PlanTier, { id: { $in: [...new Set(items.map((i) => i.tier))] } }, { fields: ['plan'] }) : [];
    where.$or = [{ id: { $in: [...new Set(tiers.map((t) => t.plan)), NO_ID] } }, { originProduct: productId }];
  }
  return paginate(ctx.em, Plan, where, page);
}

// ---------------------------------------------------------------------------------------------
// Writes

/** `fingerprint`: kept on the plan so that an identical request finds it again (plan-checkout-link.ts). */
export async function createPlan(ctx: ServiceContext, raw: CreatePlanInput, options: { fingerprint?: string | null } = {}): Promise<Plan> {
  const principal = requireScope(ctx, 'plan:write');
  const input = parsePlanInput(createPlanSchema, raw, (r) => (r as { planType?: unknown }).planType != null);
  const currency = input.currency ? normaliseCurrency(input.currency, ['currency']) : null;
  requireInlineScopes(ctx, input.tiers, input);
  return inTransaction(ctx, async (em) => {
    const { tiers: given, activate, code, originProductId: _origin, originProduct: _new, currency: _currency, ...own } = input;
    const { tiers, originProductId } = await createInlineRows(em, principal, given, input);
    await checkTierReferences(em, tiers, { currency, originProductId, existing: NO_TIERS });
    if (activate) assertNotEmpty(input.planType ?? null, tiers);
    if (code) await assertCodeFree(em, code);
    const plan = em.create(Plan, {
      ...owner(principal),
      ...defined(own),
      id: newId(),
      name: input.name,
      code: code ?? (await generateCode(em, input.name)),
      originProduct: originProductId,
      currency,
      status: activate ? 'active' : 'draft',
      fingerprint: options.fingerprint ?? null,
    });
    await writeTiers(em, principal, plan.id, tiers, NO_TIERS);
    await flushPlan(em, plan.code);
    return plan;
  });
}

/** Full replace of the plan's own fields and tiers (kept ids stay stable). */
export async function replacePlan(ctx: ServiceContext, id: string, raw: ReplacePlanInput): Promise<Plan> {
  const principal = requireScope(ctx, 'plan:write');
  return inTransaction(ctx, async (em) => {
    const plan = await findOrThrow(em, id);
    if (plan.status === 'archived') throw conflict('PLAN__ARCHIVED', 'An archived plan cannot be changed.', ['id']);
    const input = parsePlanInput(replacePlanSchema, raw, () => plan.planType != null);
    requireInlineScopes(ctx, input.tiers, input);
    const existing = await loadTiers(em, plan.id);
    const { tiers } = await createInlineRows(em, principal, input.tiers, input);
    await checkTierReferences(em, tiers, { currency: plan.currency ?? null, originProductId: input.originProductId, existing });
    if (plan.status === 'active') assertNotEmpty(plan.planType ?? null, tiers);
    if (input.code !== plan.code) await assertCodeFree(em, input.code, plan.id);
    em.assign(plan, {
      fingerprint: null,
      code: input.code,
      name: input.name,
      description: input.description ?? null,
      allowCheckout: input.allowCheckout ?? true,
      familyId: input.familyId ?? null,
      originProduct: input.originProductId ?? null,
      metadata: input.metadata ?? {},
    });
    await writeTiers(em, principal, plan.id, tiers, existing);
    await flushPlan(em, input.code);
    return plan;
  });
}

/** Partial update of the plan's own fields; tiers stay untouched. */
export async function updatePlan(ctx: ServiceContext, id: string, raw: UpdatePlanInput): Promise<Plan> {
  requireScope(ctx, 'plan:write');
  return inTransaction(ctx, async (em) => {
    const plan = await findOrThrow(em, id);
    const input = parsePlanInput(updatePlanSchema, raw, () => true);
    em.assign(plan, { ...defined(input), fingerprint: null });
    await em.flush();
    return plan;
  });
}

/** draft -> active (idempotent for an active plan). */
export async function activatePlan(ctx: ServiceContext, id: string): Promise<Plan> {
  requireScope(ctx, 'plan:write');
  return inTransaction(ctx, async (em) => {
    const plan = await findOrThrow(em, id);
    if (plan.status === 'archived') throw conflict('PLAN__ARCHIVED', 'An archived plan cannot be activated.', ['id']);
    if (plan.status === 'draft') {
      const { items } = await loadTiers(em, plan.id);
      if (items.length === 0 && plan.planType == null) throw rule('PLAN__EMPTY', 'A plan without any tier item cannot be activated.', ['id']);
      plan.status = 'active';
      await em.flush();
    }
    return plan;
  });
}

/** -> archived (idempotent). An archived plan is no longer sold. */
export async function archivePlan(ctx: ServiceContext, id: string): Promise<Plan> {
  requireScope(ctx, 'plan:write');
  return inTransaction(ctx, async (em) => {
    const plan = await findOrThrow(em, id);
    if (plan.status !== 'archived') {
      plan.status = 'archived';
      plan.fingerprint = null;
      await em.flush();
    }
    return plan;
  });
}

/**
 * Soft delete: the plan answers not found afterwards and its links stop working. Its code is
 * freed (rewritten to `deleted-<id>`) so a new plan can take it.
 */
export async function deletePlan(ctx: ServiceContext, id: string): Promise<string> {
  requireScope(ctx, 'plan:write');
  return inTransaction(ctx, async (em) => {
    const plan = await findOrThrow(em, id);
    plan.deletedAt = new Date();
    plan.code = `deleted-${plan.id}`;
    plan.fingerprint = null;
    await em.flush();
    return plan.id;
  });
}

// ---------------------------------------------------------------------------------------------
// Helpers

async function findOrThrow(em: EntityManager, id: string): Promise<Plan> {
  const plan = isUuid(id) ? await em.findOne(Plan, { id, deletedAt: null }) : null;
  if (!plan) throw notFound('Plan');
  return plan;
}

function assertNotEmpty(planType: string | null, tiers: { items: unknown[] }[]): void {
  if (planType === null && tiers.every((t) => t.items.length === 0)) {
    throw rule('PLAN__EMPTY', 'An active plan needs at least one tier item.', ['tiers']);
  }
}

const codeTaken = (code: string) => conflict('PLAN__CODE_CONFLICT', `A plan with the code "${code}" already exists.`, ['code']);

async function assertCodeFree(em: EntityManager, code: string, exceptId?: string): Promise<void> {
  const taken = await em.count(Plan, { code, ...(exceptId ? { id: { $ne: exceptId } } : {}) });
  if (taken > 0) throw codeTaken(code);
}

/** A unique lower kebab code from the name: `pro`, then `pro-2`, `pro-3`... */
export async function generateCode(em: EntityManager, name: string): Promise<string> {
  const base = slugify(name).slice(0, 56).replace(/-+$/, '') || 'plan';
  const rows = await em.find(Plan, { $or: [{ code: base }, { code: { $like: `${base}-%` } }] }, { fields: ['code'] });
  const taken = new Set(rows.map((r) => r.code));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** The unique constraint on (organisation, mode, fingerprint): see the entity and its migration. */
export const FINGERPRINT_CONSTRAINT = 'plan_organisation_id_mode_fingerprint_unique';

/** A concurrent insert of the same fingerprint (plan-checkout-link.ts then sells the winner's plan). */
export const fingerprintTaken = () => conflict('PLAN__FINGERPRINT_CONFLICT', 'An identical plan was created at the same time.', []);

/**
 * Flushes; a concurrent insert of the same code becomes CONFLICT instead of a 500, one of the
 * same fingerprint PLAN__FINGERPRINT_CONFLICT.
 */
async function flushPlan(em: EntityManager, code: string): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw String(error.message).includes(FINGERPRINT_CONSTRAINT) ? fingerprintTaken() : codeTaken(code);
    }
    throw error;
  }
}

/** Drops undefined keys (null stays: it clears a nullable column). */
function defined<T extends Record<string, unknown>>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
