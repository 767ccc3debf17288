import type { ChannelKind, QueueRowFragment, ThreadFilter, ThreadOrder, ThreadStatus } from '@switchboard/schema';

export type QueueStateFilter = 'ALL' | 'UNASSIGNED' | 'MINE' | 'WAITING' | 'PENDING' | 'RESOLVED';

/** What the agent picked in the pane's header. */
export interface QueueViewFilter {
  /** null = all my queues. */
  queueId: string | null;
  channel: ChannelKind | null;
  state: QueueStateFilter;
  /** Already debounced; '' = no search. */
  search: string;
}

export interface QueueViewer {
  id: string;
  /** Empty for someone in no queue (a supervisor, say): then every visible queue counts as theirs. */
  queueIds: readonly string[];
}

export const DEFAULT_VIEW: QueueViewFilter = { queueId: null, channel: null, state: 'ALL', search: '' };

const LISTED: ThreadStatus[] = ['OPEN', 'PENDING'];

/**
 * The statuses a view lists: the work (OPEN, PENDING) by default; Pending and Resolved their own;
 * a search on "All" looks through history too, so a resolved conversation can be found again.
 */
export function viewStatuses(view: QueueViewFilter): ThreadStatus[] {
  if (view.state === 'PENDING') return ['PENDING'];
  if (view.state === 'RESOLVED') return ['RESOLVED'];
  if (view.state === 'ALL' && view.search.trim()) return [...LISTED, 'RESOLVED'];
  return LISTED;
}

/**
 * History (Resolved, or a search) covers every thread I may see, which the server decides (threads
 * I held or helped on in other queues too); the work views keep to my queues.
 */
function coversHistory(view: QueueViewFilter): boolean {
  return viewStatuses(view).includes('RESOLVED');
}

/** The server's order for a view: the work by due time, Resolved newest first. */
export function viewOrder(view: QueueViewFilter): ThreadOrder {
  return view.state === 'RESOLVED' ? 'NEWEST' : 'DUE_SOONEST';
}

/** The server filter for a view: every waiting or owned thread of my queues, narrowed by the header. */
export function filterFromView(view: QueueViewFilter, me: QueueViewer): ThreadFilter {
  const filter: ThreadFilter = { status: viewStatuses(view) };
  if (view.queueId) filter.queueIds = [view.queueId];
  else if (me.queueIds.length > 0 && !coversHistory(view)) filter.queueIds = [...me.queueIds];
  if (view.channel) filter.channelKinds = [view.channel];
  if (view.state === 'MINE') filter.ownerId = me.id;
  if (view.state === 'UNASSIGNED') filter.unassigned = true;
  if (view.state === 'WAITING') filter.waiting = true;
  const search = view.search.trim();
  if (search) filter.search = search;
  return filter;
}

type MatchableRow = Pick<QueueRowFragment, 'status' | 'waitingSince'> & {
  queue: { id: string };
  channel: { kind: ChannelKind };
  owner: { id: string } | null;
};

/**
 * Whether a thread, as it is now, belongs in the view: the client-side twin of `filterFromView`,
 * used to add, keep or drop rows from live events without asking the server. Search is left
 * out: the server matches words in messages we do not hold (see `mayMatchSearch`).
 */
export function matchesView(thread: MatchableRow, view: QueueViewFilter, me: QueueViewer): boolean {
  if (!viewStatuses(view).includes(thread.status)) return false;
  if (view.queueId ? thread.queue.id !== view.queueId : me.queueIds.length > 0 && !coversHistory(view) && !me.queueIds.includes(thread.queue.id)) return false;
  if (view.channel && thread.channel.kind !== view.channel) return false;
  if (view.state === 'MINE' && thread.owner?.id !== me.id) return false;
  if (view.state === 'UNASSIGNED' && thread.owner !== null) return false;
  if (view.state === 'WAITING' && thread.waitingSince === null) return false;
  return true;
}

type SearchableRow = Pick<QueueRowFragment, 'subject' | 'preview'> & { customer: { name: string } };

/**
 * Whether a thread not yet listed should join a searched view: every word must appear in what a
 * row holds (customer name, subject, preview). Rows already listed stay: the server matched them,
 * perhaps on an older message.
 */
export function mayMatchSearch(thread: SearchableRow, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = [thread.customer.name, thread.subject ?? '', thread.preview ?? ''].join(' ').toLowerCase();
  return words.every((word) => haystack.includes(word));
}
