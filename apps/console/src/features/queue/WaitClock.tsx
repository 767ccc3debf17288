import { useNow } from './useNow';
import { dueState, dueWords, waitClock, type WaitClockInput } from './wait-clock';

const LEVEL_LABELS = { none: 'Nobody waiting', calm: 'Waiting', warning: 'Due soon', breached: 'Overdue' } as const;

/** "Overdue" and "4 min 10 s" each on one line: a narrow clock wraps between them, never inside. */
export function DueWords({ words }: { words: { lead: string; duration: string | null } }) {
  return (
    <>
      <span className="due-words">{words.lead}</span>
      {words.duration === null ? null : (
        <>
          {' '}
          <span className="due-words">{words.duration}</span>
        </>
      )}
    </>
  );
}

/**
 * How long the customer has waited and when the reply is due ("Due in 2 min 10 s", "Overdue
 * 1 min"), in the thread header's words; its own component so the shared tick re-renders the
 * clock, not the whole row.
 */
export function WaitClock({ row }: { row: WaitClockInput }) {
  const now = useNow();
  const clock = waitClock(row, now);
  if (clock.level === 'none') {
    return (
      <span className="wait-clock wait-clock--none" data-wait-clock="none" title="Nobody is waiting for an answer">
        Answered
      </span>
    );
  }
  const due = dueState(row, now);
  const percent = clock.used === null ? null : Math.round(clock.used * 100);
  return (
    <span
      className={`wait-clock wait-clock--${clock.level}`}
      data-wait-clock={clock.level}
      title={percent === null ? LEVEL_LABELS[clock.level] : `${LEVEL_LABELS[clock.level]}: ${percent}% of the response target used`}
    >
      <span className="wait-clock__time">{clock.text}</span>{' '}
      <span className="visually-hidden">waiting,</span>{' '}
      {due.state === 'none' ? null : (
        <span className={due.state === 'overdue' ? 'wait-clock__due wait-clock__due--overdue' : 'wait-clock__due'} data-due={due.state}>
          <DueWords words={dueWords(due)} />
        </span>
      )}
      {percent !== null && clock.level !== 'breached' && (
        <span className="wait-clock__bar" aria-hidden="true">
          <span style={{ width: `${Math.min(100, percent)}%` }} />
        </span>
      )}
    </span>
  );
}
