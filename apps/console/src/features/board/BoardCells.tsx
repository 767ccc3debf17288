import { useId, type ReactNode } from 'react';
import { navigate, threadPath } from '../../app/route';
import { useNow } from '../queue/useNow';
import { formatBoardWait, formatOverTarget, waitAt, waitState } from './board-figures';

/**
 * A board table in its card, titled by a section heading (the table's name); `note` says how the
 * rows are ordered. The card scrolls sideways on a narrow screen, the page does not.
 */
export function BoardTable({ title, note, kind, children }: { title: string; note?: string; kind: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className={`board-card board-card--${kind}`} aria-labelledby={`${id}-title`}>
      <header className="board-card__header">
        <h2 className="board-card__title" id={`${id}-title`}>
          {title}
        </h2>
        {note ? (
          <p className="board-card__note" id={`${id}-note`}>
            {note}
          </p>
        ) : null}
      </header>
      <div className="board-card__scroll">
        <table className={`board-table board-table--${kind}`} aria-labelledby={`${id}-title`} aria-describedby={note ? `${id}-note` : undefined}>
          {children}
        </table>
      </div>
    </section>
  );
}

/** A right-aligned figure; `figure` names it for tests and the e2e (`[data-figure="waiting"]`). */
export function Figure({ figure, children, className, title }: { figure: string; children: ReactNode; className?: string; title?: string }) {
  return (
    <td className={['board-figure', className ?? ''].filter(Boolean).join(' ')} data-figure={figure} title={title}>
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

/**
 * A wait that ticks every second from its start between pushes (the server's figure is as of
 * asOf). With a target it is coloured by its own share of it, and says how far past it is.
 */
export function Wait({ figure, since, seconds, targetSeconds, className }: { figure: string; since: string | null | undefined; seconds: number | null | undefined; targetSeconds?: number; className?: string }) {
  const now = useNow();
  const ms = waitAt(since, seconds, now);
  const state = targetSeconds === undefined ? null : waitState(ms, targetSeconds);
  const over = targetSeconds === undefined ? null : formatOverTarget(ms, targetSeconds);
  const classes = ['board-wait', className ?? '', ms === null ? 'board-figure--zero' : '', state && state !== 'fine' ? `board-wait--${state}` : ''];
  return (
    <Figure figure={figure} className={classes.filter(Boolean).join(' ')}>
      <span className="board-wait__time" data-wait-state={state ?? undefined}>
        {formatBoardWait(ms)}
      </span>
      {over ? (
        <span className="board-wait__over" data-figure={`${figure}-over`}>
          {over}
        </span>
      ) : null}
    </Figure>
  );
}

/** Overdue waits: a bold red badge with the count and the word, unmistakable from across a room. */
export function Overdue({ value }: { value: number }) {
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
          {value} overdue
        </span>
      )}
    </Figure>
  );
}

/**
 * A row's name, which opens its longest-waiting thread (where Hand off and Join are) when someone
 * waits; plain text when nobody does. The thread's × comes back to the board.
 */
export function RowName({ threadId, name, icon }: { threadId: string | null | undefined; name: string; icon?: ReactNode }) {
  return (
    <th scope="row" className="board-name">
      {threadId ? (
        <button type="button" className="board-name__open" onClick={() => navigate(threadPath(threadId, 'board'))} title={`Open the longest wait on ${name}`}>
          {icon}
          <span className="board-name__text">
            {name}
            {/* In the text, so it follows the last word of a name that wraps. */}
            <svg className="board-name__chevron" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
              <path d="m8 5 5 5-5 5" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </span>
          <span className="visually-hidden">, open the longest wait</span>
        </button>
      ) : (
        <span className="board-name__plain">
          {icon}
          <span className="board-name__text">{name}</span>
        </span>
      )}
    </th>
  );
}
