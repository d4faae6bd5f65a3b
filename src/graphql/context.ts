// The per-request GraphQL context: the service context plus the request's DataLoaders.
import type { ServiceContext } from '../domain/service-context.ts';
import type { Loaders } from './loaders.ts';

export interface GraphQLContext extends ServiceContext {
  loaders: Loaders;
  /** Objects a public field handed out, readable without the type's scope (field-scopes.ts). */
  published?: WeakSet<object>;
}
