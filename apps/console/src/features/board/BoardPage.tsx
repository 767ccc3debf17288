import type { AgentRole } from '@switchboard/schema';
import { lazy } from 'react';
import { Button } from '../../ui/Button';
import { LazyBoundary } from '../../ui/LazyBoundary';
import { EmptyState } from '../../ui/EmptyState';
import { useFocusWhenLost } from '../../ui/useFocusWhenLost';
import { errorMessage, isForbidden } from '../auth/error-message';
import { isSupervisor } from '../auth/roles';
import { SupervisorsOnly } from '../auth/SupervisorsOnly';
import { useServerClockOffset } from '../queue/useServerClockOffset';
import { BoardView } from './BoardView';
import { useBoard } from './useBoard';
import { useSetAgentPresence } from './useSetAgentPresence';
// The channel icons' colours live with the queue's styles.
import '../queue/queue.css';
import './board.css';
import './board-summary.css';
import './board-agents.css';

// The chart (its data shaping, and uPlot a chunk further) loads with the board, not with the console.
const BoardChart = lazy(() => import('./BoardChart').then((module) => ({ default: module.BoardChart })));

const asOfTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });


function LiveBoard() {
  useServerClockOffset();
  const { data, loading, error, refetch, liveError, resume } = useBoard();
  const presence = useSetAgentPresence();
  const board = data?.board;
  // Back from a thread opened here, the thread's × is gone: focus the board's heading, not <body>.
  const heading = useFocusWhenLost<HTMLHeadingElement>(Boolean(board));

  if (!board) {
    if (isForbidden(error)) return <SupervisorsOnly what="The board is" />;
    return (
      <div className="board board--message">
        {loading || !error ? (
          <p className="board__loading">Loading the board…</p>
        ) : (
          <EmptyState title="The board could not be loaded">
            <p>{errorMessage(error)}</p>
            <p className="board__back">
              <Button onClick={() => void refetch()}>Try again</Button>
            </p>
          </EmptyState>
        )}
      </div>
    );
  }

  return (
    <section className="board" aria-labelledby="board-title">
      <header className="board__header">
        <h1 id="board-title" className="board__title" ref={heading} tabIndex={-1}>
          Board
        </h1>
        <p className="board__as-of">
          Updated <time dateTime={board.asOf}>{asOfTime.format(new Date(board.asOf))}</time>
        </p>
      </header>
      {liveError ? (
        <div className="notice notice--error board__notice" role="alert">
          Live updates to the board stopped. <Button variant="ghost" onClick={resume}>Resume</Button>
        </div>
      ) : null}
      {presence.failure ? (
        <div className="notice notice--error board__notice" role="alert">
          {presence.failure.message}{' '}
          <Button variant="ghost" onClick={presence.dismissFailure}>
            Dismiss
          </Button>
        </div>
      ) : null}
      <BoardView
        board={board}
        busyAgentId={presence.busyAgentId}
        onSetPresence={(agentId, next) => void presence.setAgentPresence(agentId, next)}
        chart={
          <LazyBoundary loading={<p className="board-card board-chart-placeholder">Loading the chart…</p>} failed={<p className="notice notice--error board__notice">The chart could not be loaded. Reload the page to try again.</p>}>
            <BoardChart board={board} />
          </LazyBoundary>
        }
      />
    </section>
  );
}

/** /board: live figures for supervisors and admins; a clear word for anyone else. */
export function BoardPage({ me, loading }: { me: { role: AgentRole } | null; loading: boolean }) {
  if (!me) {
    return <div className="board board--message">{loading ? <p className="board__loading">Loading the board…</p> : null}</div>;
  }
  return isSupervisor(me.role) ? <LiveBoard /> : <SupervisorsOnly what="The board is" />;
}
