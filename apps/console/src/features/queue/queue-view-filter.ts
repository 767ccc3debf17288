import type { ChannelKind, QueueRowFragment, ThreadFilter, ThreadStatus } from '@switchboard/schema';

export type QueueStateFilter = 'ALL' | 'UNASSIGNED' | 'MINE' | 'WAITING' | 'PENDING';

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

/** The server filter for a view: every waiting or owned thread of my queues, narrowed by the header. */
export function filterFromView(view: QueueViewFilter, me: QueueViewer): ThreadFilter {
  const filter: ThreadFilter = { status: view.state === 'PENDING' ? ['PENDING'] : LISTED };
  if (view.queueId) filter.queueIds = [view.queueId];
  else if (me.queueIds.length > 0) filter.queueIds = [...me.queueIds];
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
  const statuses = view.state === 'PENDING' ? ['PENDING'] : LISTED;
  if (!statuses.includes(thread.status)) return false;
  if (view.queueId ? thread.queue.id !== view.queueId : me.queueIds.length > 0 && !me.queueIds.includes(thread.queue.id)) return false;
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
