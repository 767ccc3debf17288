import { useLiveConnection, useLiveProblem, useLiveStatus } from '../../app/live';

const LABELS = { connecting: 'Connecting…', live: 'Live', 'catching-up': 'Catching up…', reconnecting: 'Reconnecting…', offline: 'Offline' } as const;

const TITLES = {
  'catching-up': 'Receiving the updates made while this console was behind.',
  reconnecting: 'The connection to Switchboard was lost; reconnecting. Actions wait until it is back.',
  offline: 'Switchboard could not be reached for a minute; still trying. Actions wait until it is back.',
} as const;

/**
 * Whether this console is receiving changes as they happen, in words (not colour alone), announced
 * politely to screen readers when it changes. "Live" only when connected and caught up; see
 * app/connection.ts for when it says "Reconnecting…" and "Offline". After the server sent errors on
 * the feed, it says so until the feed has caught up.
 */
export function LiveIndicator() {
  const status = useLiveStatus();
  const connection = useLiveConnection();
  const problem = useLiveProblem();
  const catchingUp = connection === 'catching-up';
  const classes = [
    'live-indicator',
    `live-indicator--${connection === 'offline' ? 'stopped' : status}`,
    catchingUp ? 'live-indicator--catching-up' : '',
    problem ? 'live-indicator--problem' : '',
  ].filter(Boolean).join(' ');
  const title = connection === 'catching-up' || connection === 'reconnecting' || connection === 'offline' ? TITLES[connection] : undefined;
  return (
    <span
      className={classes}
      role="status"
      aria-live="polite"
      // Stays the feed's status ("live" while catching up): e2e tests and the bench wait on it.
      data-live-status={status}
      data-connection={connection}
      data-live-catching-up={catchingUp ? 'true' : undefined}
      data-live-problem={problem?.code}
      title={problem ? `${problem.message} (${problem.code})` : title}
    >
      <span className="live-indicator__dot" aria-hidden="true" />
      {LABELS[connection]}
      {problem ? <span className="live-indicator__problem">, some updates failed</span> : null}
    </span>
  );
}
