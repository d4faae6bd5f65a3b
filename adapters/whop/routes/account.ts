// The caller's organisation as Whop's small `account` / `company` object.
import type { FastifyRequest } from 'fastify';
import { WhopOrganisationDocument } from '../../../src/generated/operations.ts';
import type { GatewayCore } from '../../kernel/core.ts';
import { runOperation } from '../../kernel/execute.ts';
import type { AccountInfo } from '../mappers/plan.ts';

export async function accountOf(core: GatewayCore, request: FastifyRequest): Promise<AccountInfo | null> {
  const result = await runOperation(core, request, WhopOrganisationDocument, {});
  return result.data?.organisation ?? null;
}
