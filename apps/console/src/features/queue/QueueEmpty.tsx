import type { AgentRole } from '@switchboard/schema';
import { SETTINGS_PATH } from '../../app/route';
import { RouteLink } from '../../app/RouteLink';
import { EmptyState } from '../../ui/EmptyState';
import { DEFAULT_VIEW, type QueueViewFilter } from './queue-view-filter';
import { useQueueFirstRun } from './useQueueFirstRun';

/** Whether the agent narrowed the view (a queue, a channel, a search, a state other than All or Resolved). */
function narrowed(view: QueueViewFilter): boolean {
  return view.queueId !== DEFAULT_VIEW.queueId || view.channel !== DEFAULT_VIEW.channel || view.search.trim() !== '' || !['ALL', 'RESOLVED'].includes(view.state);
}

/**
 * What an empty queue says: on a first run, what to set up next (admins) or that conversations
 * will come (agents); for a narrowed view, that nothing matches.
 */
export function QueueEmpty({ view, role }: { view: QueueViewFilter; role: AgentRole | null }) {
  const isNarrowed = narrowed(view);
  const firstRun = useQueueFirstRun(role === 'ADMIN' && !isNarrowed && view.state === 'ALL');
  if (isNarrowed) {
    return (
      <EmptyState level={3} title="Nothing here">
        <p>
          {view.search.trim() && view.state === 'ALL'
            ? 'No conversation matches this search, resolved ones included.'
            : 'No conversation matches these filters right now. New ones appear here as they arrive.'}
        </p>
      </EmptyState>
    );
  }
  if (view.state === 'RESOLVED') {
    return (
      <EmptyState level={3} title="No resolved conversations yet">
        <p>Conversations you may see land here, newest first, once they are resolved.</p>
      </EmptyState>
    );
  }
  if (firstRun === 'loading') return null;
  if (firstRun === 'setup') {
    return (
      <EmptyState level={3} title="Set up your contact center">
        <ol className="queue-empty__steps">
          <li>
            <RouteLink to={SETTINGS_PATH}>Create agents and queues in Settings</RouteLink>
          </li>
          <li>
            <a href="/graphql">Connect a channel through the API</a>: a channel posts each customer message with <code>receiveMessage</code> (see docs/api.md).
          </li>
        </ol>
        <p>New conversations appear here live.</p>
      </EmptyState>
    );
  }
  return (
    <EmptyState level={3} title="Nothing waits">
      <p>New conversations appear here live.</p>
    </EmptyState>
  );
}
