import { useLiveCatchingUp, useLiveProblem, useLiveStatus } from '../../app/live';

const LIVE_LABELS = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', stopped: 'Offline' } as const;

/**
 * Whether this console is receiving changes as they happen; announced to screen readers when it
 * changes. Live but behind the stream (a replay after a reconnect, late events) says "Catching
 * up…". After the server sent errors on the feed, it says so until the feed has caught up.
 */
export function LiveIndicator() {
  const status = useLiveStatus();
  const catchingUp = useLiveCatchingUp();
  const problem = useLiveProblem();
  const classes = [
    'live-indicator',
    `live-indicator--${status}`,
    catchingUp ? 'live-indicator--catching-up' : '',
    problem ? 'live-indicator--problem' : '',
  ].filter(Boolean).join(' ');
  return (
    <span
      className={classes}
      role="status"
      aria-live="polite"
      // Stays the feed's status ("live" while catching up): e2e tests and the bench wait on it.
      data-live-status={status}
      data-live-catching-up={catchingUp ? 'true' : undefined}
      data-live-problem={problem?.code}
      title={problem ? `${problem.message} (${problem.code})` : catchingUp ? 'Receiving the updates made while this console was behind.' : undefined}
    >
      <span className="live-indicator__dot" aria-hidden="true" />
      {catchingUp ? 'Catching up…' : LIVE_LABELS[status]}
      {problem ? <span className="live-indicator__problem">, some updates failed</span> : null}
    </span>
  );
}
