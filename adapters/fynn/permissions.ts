// Fynn permission names onto the gateway's scopes. Checked before any operation runs, so a key
// without the permission gets 403 even for an object that does not exist.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller, GatewayCore } from '../kernel/core.ts';
import { requireCaller, requireKeyScope } from '../kernel/http.ts';

export type Principal = NonNullable<Caller['principal']>;

/** Classic permission names and V2 operations, each with the gateway scopes it needs. */
export const PERMISSIONS = {
  'checkout-link:read': ['checkout-link:read'],
  'checkout-link:write': ['checkout-link:write'],
  'cart:write': ['cart:write'],
  'plan:read': ['plan:read'],
  'plan:write': ['plan:write'],
  /** V2 links live under a plan: reading the plan's tiers needs plan:read as well. */
  'plan-checkout-link:read': ['checkout-link:read', 'plan:read'],
  'plan-checkout-link:write': ['checkout-link:write', 'plan:read'],
} as const;

export type Permission = keyof typeof PERMISSIONS;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The Fynn permission a route needs (checked on request, before the body is read). */
    fynnPermission?: Permission;
  }
}

/** 401 without a valid key, 403 without every scope of `permission`; else the principal. */
export async function authorize(core: GatewayCore, request: FastifyRequest, permission: Permission): Promise<Principal> {
  const principal = await requireCaller(core, request);
  for (const scope of PERMISSIONS[permission]) requireKeyScope(principal, scope);
  return principal;
}

/**
 * Checks each route's `config.permission` first thing (onRequest), so a request without a valid
 * key or the permission is refused before its body is parsed or validated.
 */
export function installPermissionCheck(instance: FastifyInstance, core: GatewayCore): void {
  instance.addHook('onRequest', async (request) => {
    const permission = request.routeOptions.config?.fynnPermission;
    if (permission) await authorize(core, request, permission);
  });
}
