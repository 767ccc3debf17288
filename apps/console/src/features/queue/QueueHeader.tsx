import type { Ref } from 'react';
import { Button } from '../../ui/Button';
import type { QueueViewFilter } from './queue-view-filter';
import { QueueFilters } from './QueueFilters';

interface QueueHeaderProps {
  count: number | undefined;
  nextNotice: string | null;
  nextDisabled: boolean;
  onNext(): void;
  view: QueueViewFilter;
  searchRef?: Ref<HTMLInputElement>;
  queues: ReadonlyArray<{ id: string; name: string }>;
  search: string;
  onSearch(search: string): void;
  onChange(view: QueueViewFilter): void;
}

/** The queue's title with its count, the Next button, and the filters. */
export function QueueHeader({ count, nextNotice, nextDisabled, onNext, view, searchRef, queues, search, onSearch, onChange }: QueueHeaderProps) {
  return (
    <header className="queue__header">
      <div className="queue__titlebar">
        <h2 id="queue-title" className="queue__title">
          Queue
          {count !== undefined && (
            <span className="queue__count" aria-label={`${count} conversations`}>
              {count}
            </span>
          )}
        </h2>
        <div className="queue__next">
          {nextNotice && (
            <span className="queue__next-notice" role="status">
              {nextNotice}
            </span>
          )}
          <Button variant="primary" className="queue__next-button" onClick={onNext} disabled={nextDisabled} aria-keyshortcuts="n" title="Take the conversation due soonest (n)">
            Next
          </Button>
        </div>
      </div>
      <QueueFilters view={view} searchRef={searchRef} queues={queues} search={search} onSearch={onSearch} onChange={onChange} />
    </header>
  );
}
