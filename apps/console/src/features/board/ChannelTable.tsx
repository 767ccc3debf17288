import type { BoardChannelRowFragment } from '@switchboard/schema';
import { ChannelIcon } from '../queue/ChannelIcon';
import { useNow } from '../queue/useNow';
import { BoardTable, Breached, Count, Figure, OpenLongest, Wait } from './BoardCells';
import { channelState, formatServiceLevel, formatTarget } from './board-figures';

function ChannelRow({ row }: { row: BoardChannelRowFragment }) {
  // Ticks with the waits: a row turns amber as its longest wait nears the target.
  const state = channelState(row, useNow());
  return (
    <tr className={`board-row board-row--${state}`} data-channel-id={row.channel.id} data-state={state}>
      <th scope="row" className="board-name">
        <ChannelIcon kind={row.channel.kind} />
        <span>{row.channel.name}</span>
      </th>
      <Count figure="waiting" value={row.waitingCount} />
      <Count figure="unassigned" value={row.unassignedCount} />
      <Wait figure="longest" since={row.oldestWaitingSince} seconds={row.longestWaitSeconds} />
      <Wait figure="median" since={row.medianWaitingSince} seconds={row.medianWaitSeconds} />
      <Wait figure="p90" since={row.p90WaitingSince} seconds={row.p90WaitSeconds} />
      <Breached value={row.breachedCount} />
      <Count figure="answered" value={row.answeredLastHour} />
      <Figure figure="in-target" className={row.serviceLevelLastHour === null ? 'board-figure--zero' : undefined}>
        {formatServiceLevel(row.serviceLevelLastHour)}
      </Figure>
      <Figure figure="target" className="board-figure--quiet">
        {formatTarget(row.channel.responseTargetSeconds)}
      </Figure>
      <OpenLongest threadId={row.longestWaitingThreadId} where={row.channel.name} />
    </tr>
  );
}

/** Per channel: who waits, how long, what breached, and how the last hour went against the target. */
export function ChannelTable({ rows }: { rows: readonly BoardChannelRowFragment[] }) {
  return (
    <BoardTable caption="Channels" kind="channels">
      <thead>
        <tr>
          <th scope="col">Channel</th>
          <th scope="col" className="board-figure">Waiting</th>
          <th scope="col" className="board-figure">Unassigned</th>
          <th scope="col" className="board-figure">Longest wait</th>
          <th scope="col" className="board-figure">Median</th>
          <th scope="col" className="board-figure">p90</th>
          <th scope="col" className="board-figure">Breached</th>
          <th scope="col" className="board-figure" title="Waits answered in the last 60 minutes">Answered (1 h)</th>
          <th scope="col" className="board-figure" title="Of those, answered by their due time">In target (1 h)</th>
          <th scope="col" className="board-figure">Target</th>
          <th scope="col"><span className="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <ChannelRow key={row.channel.id} row={row} />
        ))}
      </tbody>
    </BoardTable>
  );
}
