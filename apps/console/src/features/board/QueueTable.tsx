import type { BoardQueueRowFragment } from '@switchboard/schema';
import { BoardTable, Count, Figure, Overdue, RowName, Wait } from './BoardCells';
import { queueState } from './board-figures';

/**
 * Per queue: who waits there, how long, what is overdue, and who is online to answer. A queue
 * has no target of its own, so its longest wait is not coloured: only the badge and the edge say
 * that something in it is overdue (not necessarily that wait). The name opens the longest wait.
 */
export function QueueTable({ rows }: { rows: readonly BoardQueueRowFragment[] }) {
  return (
    <BoardTable title="Queues" kind="queues">
      <thead>
        <tr>
          <th scope="col">Queue</th>
          <th scope="col" className="board-figure">Waiting</th>
          <th scope="col" className="board-figure">Unassigned</th>
          <th scope="col" className="board-figure">Longest wait</th>
          <th scope="col" className="board-figure" title="Waits past their reply's due time">Overdue</th>
          <th scope="col" className="board-figure">Agents online</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const state = queueState(row);
          return (
            <tr key={row.queue.id} className={`board-row board-row--${state}`} data-queue-id={row.queue.id} data-state={state}>
              <RowName threadId={row.longestWaitingThreadId} name={row.queue.name} />
              <Count figure="waiting" value={row.waitingCount} />
              <Count figure="unassigned" value={row.unassignedCount} />
              <Wait figure="longest" since={row.oldestWaitingSince} seconds={row.longestWaitSeconds} />
              <Overdue value={row.breachedCount} />
              <Figure figure="online" className={row.onlineAgentCount > 0 ? undefined : row.waitingCount > 0 ? 'board-figure--alert' : 'board-figure--zero'}>
                {row.onlineAgentCount}
              </Figure>
            </tr>
          );
        })}
      </tbody>
    </BoardTable>
  );
}
