// The CLI acts as the platform operator: the same domain services as GraphQL with ADMIN_TOKEN.
import type { EntityManager } from '@mikro-orm/core';
import type { ServiceContext } from '../domain/service-context.ts';

export type Out = (line: string) => void;

export function operatorContext(em: EntityManager, publicUrl = ''): ServiceContext {
  return { em, principal: null, operator: true, publicUrl };
}
