import type { ChannelKind } from '@switchboard/schema';
import type { Ref } from 'react';
import { CHANNEL_KINDS, channelLabel } from './ChannelIcon';
import type { QueueStateFilter, QueueViewFilter } from './queue-view-filter';

const STATES: Array<{ value: QueueStateFilter; label: string }> = [
  { value: 'ALL', label: 'All' },
  { value: 'UNASSIGNED', label: 'Unassigned' },
  { value: 'MINE', label: 'Mine' },
  { value: 'WAITING', label: 'Waiting' },
  { value: 'PENDING', label: 'Pending' },
  { value: 'RESOLVED', label: 'Resolved' },
];

interface QueueFiltersProps {
  view: QueueViewFilter;
  /** The search box, for the `/` shortcut. */
  searchRef?: Ref<HTMLInputElement>;
  queues: ReadonlyArray<{ id: string; name: string }>;
  search: string;
  onSearch(search: string): void;
  onChange(view: QueueViewFilter): void;
}

export function QueueFilters({ view, searchRef, queues, search, onSearch, onChange }: QueueFiltersProps) {
  return (
    <div className="queue-filters">
      <div className="queue-filters__row">
        <select className="queue-filters__select" aria-label="Queue" value={view.queueId ?? ''} onChange={(e) => onChange({ ...view, queueId: e.target.value || null })}>
          <option value="">All my queues</option>
          {queues.map((queue) => (
            <option key={queue.id} value={queue.id}>
              {queue.name}
            </option>
          ))}
        </select>
        <select
          className="queue-filters__select"
          aria-label="Channel"
          value={view.channel ?? ''}
          onChange={(e) => onChange({ ...view, channel: (e.target.value || null) as ChannelKind | null })}
        >
          <option value="">All channels</option>
          {CHANNEL_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {channelLabel(kind)}
            </option>
          ))}
        </select>
        <span className="queue-filters__search">
          <svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
            <circle cx="11" cy="11" r="6" />
            <path d="M20 20l-4.5-4.5" />
          </svg>
          <input
            ref={searchRef}
            type="search"
            aria-label="Search conversations"
            aria-keyshortcuts="/"
            placeholder="Search"
            value={search}
            onChange={(e) => onSearch(e.target.value)}
            onKeyDown={(e) => {
              // Escape clears the search, then gives the keyboard back to the list (n, j, k…).
              if (e.key !== 'Escape') return;
              e.preventDefault();
              if (search !== '') onSearch('');
              else e.currentTarget.blur();
            }}
          />
        </span>
      </div>
      <div className="segmented" role="group" aria-label="State">
        {STATES.map((state) => (
          <button
            key={state.value}
            type="button"
            className="segmented__option"
            aria-pressed={view.state === state.value}
            onClick={() => onChange({ ...view, state: state.value })}
          >
            {state.label}
          </button>
        ))}
      </div>
    </div>
  );
}
