import { useLiveProblem, useLiveStatus } from '../../app/live';

const LIVE_LABELS = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', stopped: 'Offline' } as const;

/**
 * Whether this console is receiving changes as they happen; announced to screen readers when it
 * changes. After the server sent errors on the feed, it says so until the feed has caught up.
 */
export function LiveIndicator() {
  const status = useLiveStatus();
  const problem = useLiveProblem();
  const classes = ['live-indicator', `live-indicator--${status}`, problem ? 'live-indicator--problem' : ''].filter(Boolean).join(' ');
  return (
    <span
      className={classes}
      role="status"
      aria-live="polite"
      data-live-status={status}
      data-live-problem={problem?.code}
      title={problem ? `${problem.message} (${problem.code})` : undefined}
    >
      <span className="live-indicator__dot" aria-hidden="true" />
      {LIVE_LABELS[status]}
      {problem ? <span className="live-indicator__problem">, some updates failed</span> : null}
    </span>
  );
}
