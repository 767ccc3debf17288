import { useNow } from './useNow';
import { dueState, formatDuration, waitClock, type WaitClockInput } from './wait-clock';

const LEVEL_LABELS = { none: 'Nobody waiting', calm: 'Waiting', warning: 'Due soon', breached: 'Breached' } as const;

/**
 * How long the customer has waited and how long is left ("2m 10s left", "overdue 1m"); its own
 * component so the shared tick re-renders the clock, not the whole row.
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
      {due.state === 'overdue' ? (
        <span className="wait-clock__due wait-clock__due--overdue" data-due="overdue">
          overdue {formatDuration(due.ms, 'short')}
        </span>
      ) : due.state === 'due' ? (
        <span className="wait-clock__due" data-due="due">
          {formatDuration(due.ms, 'short')} left
        </span>
      ) : null}
      {percent !== null && clock.level !== 'breached' && (
        <span className="wait-clock__bar" aria-hidden="true">
          <span style={{ width: `${Math.min(100, percent)}%` }} />
        </span>
      )}
    </span>
  );
}
