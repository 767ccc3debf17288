import { useEffect, useState } from 'react';
import { DEFAULT_VIEW, type QueueViewFilter } from './queue-view-filter';

const SEARCH_DEBOUNCE_MS = 250;

/** The view the agent chose; the search box applies to it once typing pauses. */
export function useViewFilter() {
  const [view, setView] = useState<QueueViewFilter>(DEFAULT_VIEW);
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setView((current) => (current.search === search ? current : { ...current, search })), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search]);
  return { view, setView, search, setSearch };
}
