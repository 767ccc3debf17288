import type { BoardChannelRowFragment } from '@switchboard/schema';
import { ChannelIcon } from '../queue/ChannelIcon';
import { useNow } from '../queue/useNow';
import { BoardTable, Count, Figure, Overdue, RowName, Wait } from './BoardCells';
import { formatTarget } from '../settings/response-target';
import { channelState, formatServiceLevel, sortChannels } from './board-figures';

function ChannelRow({ row, now }: { row: BoardChannelRowFragment; now: number }) {
  // Ticks with the waits: a row turns amber as its longest wait nears the target.
  const state = channelState(row, now);
  const target = row.channel.responseTargetSeconds;
  return (
    <tr className={`board-row board-row--${state}`} data-channel-id={row.channel.id} data-state={state}>
      <RowName threadId={row.longestWaitingThreadId} name={row.channel.name} icon={<ChannelIcon kind={row.channel.kind} />} />
      <Count figure="waiting" value={row.waitingCount} />
      <Count figure="unassigned" value={row.unassignedCount} />
      <Wait figure="longest" since={row.oldestWaitingSince} seconds={row.longestWaitSeconds} targetSeconds={target} />
      <Wait figure="median" since={row.medianWaitingSince} seconds={row.medianWaitSeconds} className="board-wait--minor" />
      <Wait figure="p90" since={row.p90WaitingSince} seconds={row.p90WaitSeconds} className="board-wait--minor" />
      <Overdue value={row.breachedCount} />
      <Count figure="answered" value={row.answeredLastHour} />
      <Figure figure="in-target" className={row.serviceLevelLastHour === null ? 'board-figure--zero' : undefined}>
        {formatServiceLevel(row.serviceLevelLastHour)}
      </Figure>
      <Figure figure="target" className="board-figure--quiet">
        {formatTarget(target)}
      </Figure>
    </tr>
  );
}

const MEDIAN_TITLE = 'Median wait: half of the waiting customers have waited longer than this';
const P90_TITLE = '90% wait: one in ten waiting customers has waited longer than this';

/**
 * Per channel, worst first: who waits, how long, what is overdue, and how the last hour went
 * against the target. A channel's name opens its longest wait.
 */
export function ChannelTable({ rows }: { rows: readonly BoardChannelRowFragment[] }) {
  // The order follows the ticking waits, so a channel climbs as its longest wait nears its target.
  const now = useNow();
  return (
    <BoardTable title="Channels" note="Worst first" kind="channels">
      <colgroup span={7} />
      <colgroup span={2} />
      <colgroup span={1} />
      <thead>
        <tr>
          <th scope="col" rowSpan={2}>
            Channel
          </th>
          <th scope="col" rowSpan={2} className="board-figure">
            Waiting
          </th>
          <th scope="col" rowSpan={2} className="board-figure">
            Unassigned
          </th>
          <th scope="col" rowSpan={2} className="board-figure">
            Longest wait
          </th>
          <th scope="col" rowSpan={2} className="board-figure" title={MEDIAN_TITLE}>
            Median wait
          </th>
          <th scope="col" rowSpan={2} className="board-figure" title={P90_TITLE}>
            90% wait
          </th>
          <th scope="col" rowSpan={2} className="board-figure" title="Waits past their reply's due time">
            Overdue
          </th>
          <th scope="colgroup" colSpan={2} className="board-group">
            Last hour
          </th>
          <th scope="col" rowSpan={2} className="board-figure" title="The reply is due this long after the customer wrote">
            Target
          </th>
        </tr>
        <tr>
          <th scope="col" className="board-figure" title="Waits answered in the last 60 minutes">
            Answered
          </th>
          <th scope="col" className="board-figure" title="Of those, the share answered by their due time">
            On time
          </th>
        </tr>
      </thead>
      <tbody>
        {sortChannels(rows, now).map((row) => (
          <ChannelRow key={row.channel.id} row={row} now={now} />
        ))}
      </tbody>
    </BoardTable>
  );
}
