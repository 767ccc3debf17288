import type { BoardQueueRowFragment } from '@switchboard/schema';
import { BoardTable, Breached, Count, Figure, OpenLongest, Wait } from './BoardCells';
import { queueState } from './board-figures';

/** Per queue: who waits there, how long, what breached, and who is online to answer. */
export function QueueTable({ rows }: { rows: readonly BoardQueueRowFragment[] }) {
  return (
    <BoardTable caption="Queues" kind="queues">
      <thead>
        <tr>
          <th scope="col">Queue</th>
          <th scope="col" className="board-figure">Waiting</th>
          <th scope="col" className="board-figure">Unassigned</th>
          <th scope="col" className="board-figure">Longest wait</th>
          <th scope="col" className="board-figure">Breached</th>
          <th scope="col" className="board-figure">Agents online</th>
          <th scope="col"><span className="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const state = queueState(row);
          return (
            <tr key={row.queue.id} className={`board-row board-row--${state}`} data-queue-id={row.queue.id} data-state={state}>
              <th scope="row" className="board-name">
                {row.queue.name}
              </th>
              <Count figure="waiting" value={row.waitingCount} />
              <Count figure="unassigned" value={row.unassignedCount} />
              <Wait figure="longest" since={row.oldestWaitingSince} seconds={row.longestWaitSeconds} />
              <Breached value={row.breachedCount} />
              <Figure figure="online" className={row.onlineAgentCount > 0 ? undefined : row.waitingCount > 0 ? 'board-figure--alert' : 'board-figure--zero'}>
                {row.onlineAgentCount}
              </Figure>
              <OpenLongest threadId={row.longestWaitingThreadId} where={row.queue.name} />
            </tr>
          );
        })}
      </tbody>
    </BoardTable>
  );
}
