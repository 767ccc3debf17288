import type { BoardViewFragment } from '@switchboard/schema';
import type { ReactNode } from 'react';
import { RouteLink } from '../../app/RouteLink';
import { threadPath } from '../../app/route';
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

function Tile({ label, figure, children, tone = 'plain' }: { label: string; figure: string; children: ReactNode; tone?: 'plain' | 'alert' | 'quiet' }) {
  return (
    <div className={`board-tile board-tile--${tone}`} data-figure={figure}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Where the longest wait is: on a line of its own under the figure, cut short with … when long (the title has it whole). */
function Where({ channelName }: { channelName: string }) {
  return (
    <span className="board-tile__where" title={channelName}>
      <span className="visually-hidden"> · </span>
      {channelName}
    </span>
  );
}

/** The longest wait anywhere, with its channel; it opens that thread. */
function LongestTile({ longest }: { longest: BoardTotals['longest'] }) {
  const ms = longest ? waitAt(longest.since, longest.seconds, useNow()) : null;
  const figure = <span className="board-tile__figure">{formatBoardWait(ms)}</span>;
  return (
    <Tile label="Longest wait" figure="total-longest" tone={ms === null ? 'quiet' : 'plain'}>
      {longest?.threadId ? (
        <RouteLink to={threadPath(longest.threadId, 'board')} className="board-tile__link" title={`Open the longest wait, on ${longest.channelName}`}>
          {figure}
          <Where channelName={longest.channelName} />
        </RouteLink>
      ) : (
        <>
          {figure}
          {longest ? <Where channelName={longest.channelName} /> : null}
        </>
      )}
    </Tile>
  );
}

/** The headline: what a supervisor reads first, from across the room. */
function Summary({ totals }: { totals: BoardTotals }) {
  return (
    <dl className="board-summary" aria-label="Totals">
      <Tile label="Waiting" figure="total-waiting" tone={totals.waiting === 0 ? 'quiet' : 'plain'}>
        {totals.waiting}
      </Tile>
      <Tile label="Unassigned" figure="total-unassigned" tone={totals.unassigned === 0 ? 'quiet' : 'plain'}>
        {totals.unassigned}
      </Tile>
      <Tile label="Overdue" figure="total-breached" tone={totals.breached > 0 ? 'alert' : 'quiet'}>
        {totals.breached}
      </Tile>
      <LongestTile longest={totals.longest} />
      <Tile label="Agents online" figure="total-online">
        {`${totals.online} / ${totals.agents}`}
      </Tile>
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
