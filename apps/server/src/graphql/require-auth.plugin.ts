import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Context } from './context.js';
import { unauthenticated } from '../errors.js';

/** What answers without a token (DESIGN.md, "Security"). */
const PUBLIC_ROOT_FIELDS = new Set(['login', '__typename', '__schema', '__type']);

/** Rejects a whole operation that asks for anything but the public root fields without a token. */
export function requireAuthPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document }) {
          if (contextValue.actor || !operation) return;
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
          }
          const blocked = rootFieldNames(operation.selectionSet, fragments).find((name) => !PUBLIC_ROOT_FIELDS.has(name));
          if (blocked !== undefined) {
            // 401, not the 500 Apollo gives an error thrown here: a client that lost its session must know.
            const error = unauthenticated(`Sign in first: "${blocked}" needs Authorization: Bearer <token>`);
            throw new GraphQLError(error.message, { originalError: error, extensions: { http: { status: 401 } } });
          }
        },
      };
    },
  };
}

function rootFieldNames(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): string[] {
  return selectionSet.selections.flatMap((selection) => {
    switch (selection.kind) {
      case Kind.FIELD:
        return [selection.name.value];
      case Kind.INLINE_FRAGMENT:
        return rootFieldNames(selection.selectionSet, fragments, seen);
      case Kind.FRAGMENT_SPREAD: {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) return [];
        seen.add(fragment.name.value);
        return rootFieldNames(fragment.selectionSet, fragments, seen);
      }
    }
  });
}
