import { useNow } from './useNow';
import { waitClock, type WaitClockInput } from './wait-clock';

const LEVEL_LABELS = { none: 'Nobody waiting', calm: 'Waiting', warning: 'Due soon', breached: 'Breached' } as const;

/** Its own component so the shared tick re-renders the clock, not the whole row. */
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
  const percent = clock.used === null ? null : Math.round(clock.used * 100);
  return (
    <span
      className={`wait-clock wait-clock--${clock.level}`}
      data-wait-clock={clock.level}
      title={percent === null ? LEVEL_LABELS[clock.level] : `${LEVEL_LABELS[clock.level]}: ${percent}% of the response target used`}
    >
      <span className="wait-clock__time">{clock.text}</span>
      {clock.level === 'breached' ? (
        <span className="wait-clock__label">Breached</span>
      ) : percent !== null && (
        <span className="wait-clock__bar" aria-hidden="true">
          <span style={{ width: `${Math.min(100, percent)}%` }} />
        </span>
      )}
    </span>
  );
}
