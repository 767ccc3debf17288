import { ApolloClient, ApolloLink } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { getMainDefinition } from '@apollo/client/utilities';
import { act } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Observable, type Subscriber } from 'rxjs';
import { createCache } from '../src/app/apollo';

export type CannedResult = { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
export type CannedAnswers = Record<string, (variables: Record<string, unknown>) => CannedResult>;

/**
 * A real ApolloClient over canned answers by operation name; subscriptions stay open for the test
 * to push into. `calls` records every operation sent, with its variables.
 */
export function cannedApollo(answers: CannedAnswers) {
  const calls: Array<{ name: string; variables: Record<string, unknown> }> = [];
  const subscribers: Array<Subscriber<ApolloLink.Result>> = [];
  const link = new ApolloLink((operation) => {
    const definition = getMainDefinition(operation.query);
    const name = operation.operationName ?? '';
    calls.push({ name, variables: operation.variables });
    if (definition.kind === 'OperationDefinition' && definition.operation === 'subscription') {
      return new Observable<ApolloLink.Result>((subscriber) => {
        subscribers.push(subscriber);
      });
    }
    return new Observable<ApolloLink.Result>((observer) => {
      const answer = answers[name];
      if (!answer) {
        observer.error(new Error(`no canned answer for ${name}`));
        return;
      }
      observer.next(answer(operation.variables) as never);
      observer.complete();
    });
  });
  const client = new ApolloClient({ link, cache: createCache() });
  const wrap = (children: ReactNode) => <ApolloProvider client={client}>{children}</ApolloProvider>;
  const push = (data: Record<string, unknown>) => act(() => subscribers.at(-1)!.next({ data }));
  return { client, calls, subscribers, wrap, push };
}
