import type { ReactNode } from 'react';
import { navigate, threadPath } from '../../app/route';
import { Button } from '../../ui/Button';
import { useNow } from '../queue/useNow';
import { formatBoardWait, waitAt } from './board-figures';

/** A board table in its card; the card scrolls sideways on a narrow screen, the page does not. */
export function BoardTable({ caption, kind, children }: { caption: string; kind: string; children: ReactNode }) {
  return (
    <div className="board-card">
      <table className={`board-table board-table--${kind}`}>
        <caption>{caption}</caption>
        {children}
      </table>
    </div>
  );
}

/** A right-aligned figure; `figure` names it for tests and the e2e (`[data-figure="waiting"]`). */
export function Figure({ figure, children, className }: { figure: string; children: ReactNode; className?: string }) {
  return (
    <td className={['board-figure', className ?? ''].filter(Boolean).join(' ')} data-figure={figure}>
      {children}
    </td>
  );
}

/** A count, dimmed at zero so the non-zero ones stand out. */
export function Count({ figure, value }: { figure: string; value: number }) {
  return (
    <Figure figure={figure} className={value === 0 ? 'board-figure--zero' : undefined}>
      {value}
    </Figure>
  );
}

/** A wait that ticks every second from its start between pushes (the server's figure is as of asOf). */
export function Wait({ figure, since, seconds }: { figure: string; since: string | null | undefined; seconds: number | null | undefined }) {
  const now = useNow();
  const ms = waitAt(since, seconds, now);
  return (
    <Figure figure={figure} className={ms === null ? 'board-figure--zero' : undefined}>
      {formatBoardWait(ms)}
    </Figure>
  );
}

/** Breached waits: a bold red badge with the count and the word, unmistakable from across a room. */
export function Breached({ value }: { value: number }) {
  return (
    <Figure figure="breached" className={value === 0 ? 'board-figure--zero' : undefined}>
      {value === 0 ? (
        '0'
      ) : (
        <span className="board-breached">
          <svg className="board-breached__icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M10 2.5 18.5 17h-17z" fill="currentColor" />
            <path d="M10 8v4m0 2.6v.1" strokeWidth="2" strokeLinecap="round" />
          </svg>
          {value} breached
        </span>
      )}
    </Figure>
  );
}

/** Opens the longest-waiting thread of a row in the thread view, where Hand off and Join are. */
export function OpenLongest({ threadId, where }: { threadId: string | null | undefined; where: string }) {
  return (
    <td className="board-action">
      <Button
        variant="secondary"
        disabled={!threadId}
        onClick={() => threadId && navigate(threadPath(threadId))}
        title={threadId ? `Open the longest wait on ${where}` : `Nobody waits on ${where}`}
      >
        Open longest{' '}
        <span className="visually-hidden">wait on {where}</span>
      </Button>
    </td>
  );
}
