import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { subscriptionOverWebSocketOnly } from '../errors.js';

/**
 * HTTP: a subscription posted here is refused as the client's mistake (400, BAD_USER_INPUT, where
 * to subscribe), before execution; executed, it would answer null for a non-null field, a 500.
 */
export function httpSubscriptionsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          const error = subscriptionOverWebSocketOnly();
          throw new GraphQLError(error.message, { originalError: error, extensions: { http: { status: 400 } } });
        },
      };
    },
  };
}
