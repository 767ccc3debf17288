import type { BoardAgentRowFragment } from '@switchboard/schema';
import { RouteLink } from '../../app/RouteLink';
import { threadPath } from '../../app/route';
import { Button } from '../../ui/Button';
import { presenceLabel } from '../../ui/labels';
import { BoardTable } from './BoardCells';

// Clients must tolerate enum values they do not know yet (contract header), hence the fallback.
/** Threads listed per agent; the rest are counted. */
const THREADS_SHOWN = 3;

export interface AgentTableProps {
  rows: readonly BoardAgentRowFragment[];
  /** The agent whose presence is being set, if any. */
  busyAgentId: string | null;
  onSetPresence(agentId: string, presence: 'AWAY' | 'OFFLINE'): void;
}

function PresenceLabel({ agent }: { agent: BoardAgentRowFragment['agent'] }) {
  const label = presenceLabel(agent.presence);
  return (
    <span className={`board-presence board-presence--${agent.presence.toLowerCase()}`} data-presence={agent.presence}>
      <span className="board-presence__dot" aria-hidden="true" />
      {label}
      {agent.presenceSetBy ? (
        <>
          {' '}
          <span className="board-presence__by">— set by {agent.presenceSetBy.name}</span>
        </>
      ) : null}
    </span>
  );
}

function Load({ owned, capacity }: { owned: number; capacity: number }) {
  const share = capacity > 0 ? owned / capacity : owned > 0 ? 1 : 0;
  const level = share > 1 ? 'over' : share >= 1 ? 'full' : 'ok';
  return (
    <span className={`board-load board-load--${level}`} title={`${owned} open threads held, capacity ${capacity}`}>
      <span className="board-load__bar" aria-hidden="true">
        <span style={{ width: `${Math.min(100, Math.round(share * 100))}%` }} />
      </span>
      <span className="board-load__text">
        <strong>{owned}</strong> / {capacity}
      </span>
    </span>
  );
}

function Threads({ threads, owned }: { threads: BoardAgentRowFragment['threads']; owned: number }) {
  if (threads.length === 0) return <span className="board-quiet">None</span>;
  // The board lists the longest-waiting few; the count says how many the agent holds.
  const more = owned - Math.min(threads.length, THREADS_SHOWN);
  return (
    <ul className="board-threads">
      {threads.slice(0, THREADS_SHOWN).map((thread) => (
        <li key={thread.id} className={thread.breached ? 'board-threads__item board-threads__item--breached' : 'board-threads__item'}>
          <RouteLink to={threadPath(thread.id, 'board')} title={thread.subject ? `${thread.subject} (${thread.customerName})` : thread.customerName}>
            {thread.subject ?? thread.customerName}
          </RouteLink>
          {thread.breached ? <span className="board-threads__overdue">overdue</span> : null}
        </li>
      ))}
      {more > 0 ? <li className="board-threads__more">+{more} more</li> : null}
    </ul>
  );
}

/** Who is on, how loaded, which threads they hold; a supervisor can set someone away or offline. */
export function AgentTable({ rows, busyAgentId, onSetPresence }: AgentTableProps) {
  return (
    <BoardTable title="Agents" kind="agents">
      <thead>
        <tr>
          <th scope="col">Agent</th>
          <th scope="col">Status</th>
          <th scope="col">Load</th>
          <th scope="col">Threads held</th>
          <th scope="col"><span className="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ agent, ownedThreadCount, threads }) => (
          <tr key={agent.id} className={`board-row board-row--agent board-row--${agent.presence.toLowerCase()}`} data-agent-id={agent.id}>
            <th scope="row" className="board-name">
              {agent.name}
            </th>
            <td>
              <PresenceLabel agent={agent} />
            </td>
            <td>
              <Load owned={ownedThreadCount} capacity={agent.capacity} />
            </td>
            <td>
              <Threads threads={threads} owned={ownedThreadCount} />
            </td>
            {/* An OFFLINE agent has no console: away or offline would change nothing they see. */}
            <td className="board-action board-action--agent">
              {(['AWAY', 'OFFLINE'] as const).map((presence) => (
                <Button
                  key={presence}
                  variant="secondary"
                  disabled={busyAgentId !== null || agent.presence === presence || agent.presence === 'OFFLINE'}
                  title={agent.presence === 'OFFLINE' ? 'Not connected' : agent.presence === presence ? `Only ${agent.name} can say they are back (from their console)` : undefined}
                  onClick={() => onSetPresence(agent.id, presence)}
                >
                  Set {presence === 'AWAY' ? 'away' : 'offline'}{' '}
                  <span className="visually-hidden">{agent.name}</span>
                </Button>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </BoardTable>
  );
}
