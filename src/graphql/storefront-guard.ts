// A publishable key (pk_…) may run the storefront operations only: an operation selecting any
// other root field is refused (403 FORBIDDEN) before it runs. The context already carries a
// publishable key apart from `principal`, so no resolver would grant it anything; this makes the
// refusal explicit rather than an anonymous answer.
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { GraphQLContext } from './context.ts';

export const STOREFRONT_FIELDS = new Set([
  'storefrontCheckoutLink',
  'storefrontSession',
  'startCheckoutSession',
  'updateCheckoutSession',
  'completeCheckoutSession',
  '__typename',
]);

/** Names of the root fields an operation selects (through fragments too). */
export function rootFields(document: DocumentNode, selectionSet: SelectionSetNode): Set<string> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const out = new Set<string>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) out.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const f = fragments.get(s.name.value);
        if (f) walk(f.selectionSet);
      }
    }
  };
  walk(selectionSet);
  return out;
}

export const storefrontGuard: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart({ contextValue }) {
    if (!contextValue.publishable) return;
    return {
      async didResolveOperation({ document, operation }) {
        if (!operation) return;
        const other = [...rootFields(document, operation.selectionSet)].filter((f) => !STOREFRONT_FIELDS.has(f));
        if (other.length > 0) {
          throw new GraphQLError(`A publishable key can run the storefront operations only (not ${other.join(', ')}); use a secret key on your server.`, {
            extensions: { code: 'FORBIDDEN', http: { status: 403 } },
          });
        }
      },
    };
  },
};
