// The queue view under test: a real Apollo client over canned pages, and a live feed the tests push into.
import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import type { QueueRowFragment, ThreadEventsSubscription } from '@switchboard/schema';
import { act, render } from '@testing-library/react';
import { Observable } from 'rxjs';
import { vi } from 'vitest';
import { fakeWsClient } from '../../../test/fake-ws';
import { LiveProvider } from '../../app/live';
import { QueueView } from './QueueView';

export type LiveEvent = ThreadEventsSubscription['threadEvents'];

export const NOW = Date.parse('2026-03-01T10:00:00.000Z');
export const minutes = (n: number) => new Date(NOW + n * 60_000).toISOString();
export const ME = { __typename: 'Agent', id: 'agt_me', name: 'Grace', role: 'AGENT', queues: [{ __typename: 'Queue', id: 'que_general', name: 'General' }] };

export function thread(id: string, overrides: Partial<QueueRowFragment> = {}): QueueRowFragment & { __typename: 'Thread' } {
  return {
    __typename: 'Thread',
    id,
    version: 1,
    subject: null,
    status: 'OPEN',
    priority: 'NORMAL',
    preview: `Hello from ${id}`,
    waitingSince: minutes(-2),
    responseDueAt: minutes(3),
    breached: false,
    updatedAt: minutes(-2),
    customer: { __typename: 'Customer', id: `cus_${id}`, name: `Customer ${id}` },
    queue: { __typename: 'Queue', id: 'que_general', name: 'General' },
    channel: { __typename: 'Channel', id: 'chn_sms', kind: 'SMS', name: 'SMS' },
    waitChannel: null,
    owner: null,
    collaborators: [],
    lastMessage: null,
    ...overrides,
  } as QueueRowFragment & { __typename: 'Thread' };
}

/** Live events come from graphql-ws without __typename: strip them as the wire does. */
export function wire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === '__typename' ? undefined : v))) as T;
}

export function event(row: QueueRowFragment, type: LiveEvent['type'], version: number): LiveEvent {
  return wire({
    cursor: `c${version}-${row.id}`,
    type,
    threadVersion: version,
    at: minutes(0),
    note: null,
    actor: null,
    before: null,
    after: { status: row.status, queueId: row.queue.id, ownerId: row.owner?.id ?? null, collaboratorIds: [], priority: row.priority, waitingSince: row.waitingSince, responseDueAt: row.responseDueAt },
    message: null,
    thread: { ...row, version },
  });
}

interface Page {
  rows: QueueRowFragment[];
  endCursor: string;
  hasNextPage: boolean;
}

interface Setup {
  rows: QueueRowFragment[];
  /** Further pages by the `after` cursor that asks for them. */
  pages?: Record<string, Page>;
  /** totalCount the server reports; rows.length by default. */
  total?: number;
  claimError?: { message: string; extensions: Record<string, unknown> };
  claimNext?: null;
  /** Who signs in (an AGENT in General by default). */
  me?: typeof ME;
  /** The thread open beside the queue. */
  selectedThreadId?: string | null;
  /** The admin's first-run question: how many agents, how many threads ever. */
  firstRun?: { agents: number; threads: number };
  /** Rows answering a search or the Resolved view, by the filter's statuses (RESOLVED included). */
  history?: QueueRowFragment[];
}

export function renderQueue({ rows, pages = {}, total, claimError, claimNext, me = ME, selectedThreadId = null, firstRun = { agents: 1, threads: 0 }, history }: Setup) {
  const requests: Array<{ name: string; variables: Record<string, unknown> }> = [];
  const link = new ApolloLink((operation) => {
    requests.push({ name: operation.operationName ?? '', variables: operation.variables });
    const reply = (body: object) =>
      new Observable<ApolloLink.Result>((observer) => {
        observer.next(body as ApolloLink.Result);
        observer.complete();
      });
    switch (operation.operationName) {
      case 'QueueViewer':
        return reply({ data: { me } });
      case 'QueueFirstRun':
        return reply({
          data: {
            agents: Array.from({ length: firstRun.agents }, (_, i) => ({ __typename: 'Agent', id: `agt_${i}` })),
            threads: {
              __typename: 'ThreadConnection',
              edges: Array.from({ length: Math.min(firstRun.threads, 1) }, (_, i) => ({ __typename: 'ThreadEdge', node: { __typename: 'Thread', id: `thr_first_${i}` } })),
            },
          },
        });
      case 'ServerTime':
        return reply({ data: { serverTime: new Date(NOW).toISOString() } });
      case 'EventCursor':
        return reply({ data: { eventCursor: 'c0', serverTime: new Date(NOW).toISOString() } });
      case 'QueueThreads': {
        const after = operation.variables.after as string | undefined;
        const statuses = (operation.variables.filter as { status?: string[] } | undefined)?.status ?? [];
        const listed = history && statuses.includes('RESOLVED') ? history : rows;
        const page = after ? pages[after] : { rows: listed, endCursor: 'end', hasNextPage: Object.keys(pages).length > 0 };
        if (!page) throw new Error(`no page after ${after}`);
        return reply({
          data: {
            threads: {
              __typename: 'ThreadConnection',
              totalCount: total ?? page.rows.length,
              pageInfo: { __typename: 'PageInfo', hasNextPage: page.hasNextPage, endCursor: page.endCursor },
              edges: page.rows.map((node) => ({ __typename: 'ThreadEdge', cursor: `cur_${node.id}`, node })),
            },
          },
        });
      }
      case 'QueueClaimThread':
        return reply(claimError ? { data: { claimThread: null }, errors: [claimError] } : { data: null });
      case 'QueueClaimNext':
        return reply({ data: { claimNext: claimNext ?? null } });
      default:
        return reply({ errors: [{ message: `unexpected ${operation.operationName}` }] });
    }
  });
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  const { ws, sinks } = fakeWsClient();
  const onOpen = vi.fn();
  const view = render(
    <ApolloProvider client={client}>
      <LiveProvider ws={ws}>
        <QueueView selectedThreadId={selectedThreadId} onOpen={onOpen} />
      </LiveProvider>
    </ApolloProvider>,
  );
  const push = (live: LiveEvent) =>
    act(() => {
      const sink = sinks[0];
      if (!sink) throw new Error('the live feed has not subscribed');
      sink.next({ data: { threadEvents: live } } as never);
    });
  return { ...view, requests, sinks, push, onOpen };
}

export const rowIds = () => Array.from(document.querySelectorAll('[data-thread-id]')).map((el) => el.getAttribute('data-thread-id'));
export const rowOf = (id: string) => document.querySelector<HTMLElement>(`[data-thread-id="${id}"]`)!;
