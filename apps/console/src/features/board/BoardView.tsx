import type { BoardViewFragment } from '@switchboard/schema';
import type { ReactNode } from 'react';
import { useNow } from '../queue/useNow';
import { AgentTable, type AgentTableProps } from './AgentTable';
import { boardTotals, formatBoardWait, waitAt, type BoardTotals } from './board-figures';
import { ChannelTable } from './ChannelTable';
import { QueueTable } from './QueueTable';

export interface BoardViewProps extends Omit<AgentTableProps, 'rows'> {
  board: BoardViewFragment;
  /** Drawn under the channels: the live chart on the board page. */
  chart?: ReactNode;
}

function Tile({ label, figure, value, tone = 'plain' }: { label: string; figure: string; value: string | number; tone?: 'plain' | 'alert' | 'quiet' }) {
  return (
    <div className={`board-tile board-tile--${tone}`} data-figure={figure}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** The headline: what a supervisor reads first, from across the room. */
function Summary({ totals }: { totals: BoardTotals }) {
  const longest = waitAt(totals.oldestWaitingSince, totals.longestWaitSeconds, useNow());
  return (
    <dl className="board-summary" aria-label="Totals">
      <Tile label="Waiting" figure="total-waiting" value={totals.waiting} tone={totals.waiting === 0 ? 'quiet' : 'plain'} />
      <Tile label="Unassigned" figure="total-unassigned" value={totals.unassigned} tone={totals.unassigned === 0 ? 'quiet' : 'plain'} />
      <Tile label="Breached" figure="total-breached" value={totals.breached} tone={totals.breached > 0 ? 'alert' : 'quiet'} />
      <Tile label="Longest wait" figure="total-longest" value={formatBoardWait(longest)} tone={longest === null ? 'quiet' : 'plain'} />
      <Tile label="Agents online" figure="total-online" value={`${totals.online} / ${totals.agents}`} />
    </dl>
  );
}

/** The board drawn from one Board object: totals, then channels, queues and agents. */
export function BoardView({ board, busyAgentId, onSetPresence, chart }: BoardViewProps) {
  const totals = boardTotals(board);
  return (
    <div className="board__content">
      <Summary totals={totals} />
      {totals.waiting === 0 ? (
        <p className="board-calm">
          <strong>Nobody is waiting</strong> Every customer has an answer.
        </p>
      ) : null}
      <ChannelTable rows={board.channels} />
      {chart}
      <div className="board__columns">
        <QueueTable rows={board.queues} />
        <AgentTable rows={board.agents} busyAgentId={busyAgentId} onSetPresence={onSetPresence} />
      </div>
    </div>
  );
}
