import type { ApolloCache, Reference } from '@apollo/client';
import {
  QueueRowFragmentDoc,
  QueueRowOwnerFragmentDoc,
  type QueueRowFragment,
  type QueueThreadsQuery,
  type QueueThreadsQueryVariables,
} from '@switchboard/schema';
import { writeLiveThread } from '../../app/live-cache';
import { matchesView, mayMatchSearch, type QueueViewer, type QueueViewFilter } from './queue-view-filter';

/** The `threads` field as the cache stores it: edges inline, nodes as references. */
interface StoredThreads {
  __typename?: string;
  totalCount: number;
  pageInfo: unknown;
  edges: ReadonlyArray<{ __typename?: string; cursor: string; node: Reference }>;
}

/** Sorted-key JSON, so two argument objects compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Whether a stored `threads(…)` field is the list these variables loaded (`after` is never part of it). */
export function isListField(storeFieldName: string, variables: QueueThreadsQueryVariables): boolean {
  const open = storeFieldName.indexOf('(');
  if (open < 0 || !storeFieldName.endsWith(')')) return false;
  try {
    const stored = JSON.parse(storeFieldName.slice(open + 1, -1)) as unknown;
    return canonical(stored) === canonical({ ...variables, after: undefined });
  } catch {
    return false;
  }
}

export { withTypenames } from '../../app/live-cache';

export interface ListContext {
  variables: QueueThreadsQueryVariables;
  view: QueueViewFilter;
  me: QueueViewer;
  /** Rows to keep listed even if they stopped matching (a "Taken by" notice is showing on them). */
  keep?: (threadId: string) => boolean;
}

/**
 * Applies a thread as it is now to the cache: the `Thread:<id>` entry (every list showing it
 * re-renders), then the current list: inserted when it now matches, dropped when it no longer
 * does. No request is made. An older version than the cached one is ignored.
 */
export function applyThreadToList(cache: ApolloCache, thread: QueueRowFragment, list: ListContext): void {
  if (writeLiveThread(cache, thread) === 'older') return;
  const id = cache.identify({ __typename: 'Thread', id: thread.id });
  const matches = matchesView(thread, list.view, list.me);
  cache.modify({
    id: 'ROOT_QUERY',
    fields: {
      threads(value: unknown, { storeFieldName, readField, toReference }) {
        if (!isListField(storeFieldName, list.variables)) return value;
        // The stored shape of QueueThreads' `threads` (the modifier's own type is `unknown`).
        const existing = value as StoredThreads;
        const index = existing.edges.findIndex((edge) => readField('id', edge.node) === thread.id);
        if (index >= 0 && !matches && !list.keep?.(thread.id)) {
          return { ...existing, totalCount: Math.max(0, existing.totalCount - 1), edges: existing.edges.filter((_, i) => i !== index) };
        }
        const searched = list.view.search.trim();
        if (index < 0 && matches && (!searched || mayMatchSearch(thread, searched))) {
          const node = toReference(id ?? { __typename: 'Thread', id: thread.id });
          if (!node) return value;
          // The cursor of a live row is never used: the next page starts from pageInfo.endCursor.
          const edge = { __typename: 'ThreadEdge', cursor: `live:${thread.id}`, node };
          return { ...existing, totalCount: existing.totalCount + 1, edges: [...existing.edges, edge] };
        }
        return value;
      },
    },
  });
}

/** Re-checks one listed row against the view (after its "Taken by" notice expired). */
export function recheckListedThread(cache: ApolloCache, threadId: string, list: ListContext): void {
  const row = cache.readFragment({ id: cache.identify({ __typename: 'Thread', id: threadId }), fragment: QueueRowFragmentDoc, fragmentName: 'QueueRow' });
  if (row) applyThreadToList(cache, row, { ...list, keep: undefined });
}

/** THREAD_ALREADY_CLAIMED names the winner: show it on the row before the live event comes. */
export function writeThreadOwner(cache: ApolloCache, threadId: string, owner: { id: string; name: string }): void {
  // __typename lets the cache normalize the owner as Agent:<id>; the fragment type does not list it.
  const data = { __typename: 'Thread', id: threadId, owner: { __typename: 'Agent', ...owner } };
  cache.writeFragment({ id: cache.identify({ __typename: 'Thread', id: threadId }), fragment: QueueRowOwnerFragmentDoc, data });
}

/** fetchMore's merge: the next page appended, rows a live event already inserted not repeated. */
export function mergeQueuePages(previous: QueueThreadsQuery, next: QueueThreadsQuery): QueueThreadsQuery {
  const seen = new Set(previous.threads.edges.map((edge) => edge.node.id));
  return {
    ...previous,
    threads: {
      ...next.threads,
      edges: [...previous.threads.edges, ...next.threads.edges.filter((edge) => !seen.has(edge.node.id))],
    },
  };
}
