import { formatDuration, formatWait, waitLevel } from '../queue/wait-clock';

/** How a board row reads: red once anything breached, amber when its longest wait nears the target. */
export type RowState = 'breached' | 'warning' | 'fine';

/**
 * A wait at `now`, ticking from its waitingSince between pushes; the server's seconds (as of the
 * board's asOf) only if no start is known. Null when nobody waits.
 */
export function waitAt(since: string | null | undefined, seconds: number | null | undefined, now: number): number | null {
  if (since) return Math.max(0, now - Date.parse(since));
  return seconds === null || seconds === undefined ? null : seconds * 1000;
}

/** `mm:ss` like the queue's clocks, `—` when nobody waits. */
export function formatBoardWait(ms: number | null): string {
  return ms === null ? '—' : formatWait(ms);
}

export function channelState(row: { breachedCount: number; oldestWaitingSince?: string | null; longestWaitSeconds?: number | null; channel: { responseTargetSeconds: number } }, now: number): RowState {
  if (row.breachedCount > 0) return 'breached';
  const longest = waitAt(row.oldestWaitingSince, row.longestWaitSeconds, now);
  if (longest === null || row.channel.responseTargetSeconds <= 0) return 'fine';
  // Past the target but not yet counted: amber until the server's breach timer says so (its push follows).
  return waitLevel(longest / (row.channel.responseTargetSeconds * 1000)) === 'calm' ? 'fine' : 'warning';
}

/** Queues have no target of their own (their threads' channels do): red or neutral. */
export function queueState(row: { breachedCount: number }): RowState {
  return row.breachedCount > 0 ? 'breached' : 'fine';
}

/** A channel's response target as people say it: "60 s", "5 min", "4 h". */
export function formatTarget(seconds: number): string {
  return formatDuration(seconds * 1000);
}

/** The share answered within target, "—" when nothing was answered in the hour. */
export function formatServiceLevel(level: number | null | undefined): string {
  return level === null || level === undefined ? '—' : `${Math.round(level * 100)}%`;
}

export interface BoardTotals {
  waiting: number;
  unassigned: number;
  breached: number;
  /** waitingSince of the longest wait anywhere; null when nobody waits. */
  oldestWaitingSince: string | null;
  longestWaitSeconds: number | null;
  online: number;
  agents: number;
}

/** The headline figures, summed over channels (every waiting thread is on exactly one). */
export function boardTotals(board: {
  channels: ReadonlyArray<{ waitingCount: number; unassignedCount: number; breachedCount: number; oldestWaitingSince?: string | null; longestWaitSeconds?: number | null }>;
  agents: ReadonlyArray<{ agent: { presence: string } }>;
}): BoardTotals {
  const totals: BoardTotals = { waiting: 0, unassigned: 0, breached: 0, oldestWaitingSince: null, longestWaitSeconds: null, online: 0, agents: board.agents.length };
  for (const row of board.channels) {
    totals.waiting += row.waitingCount;
    totals.unassigned += row.unassignedCount;
    totals.breached += row.breachedCount;
    if (row.oldestWaitingSince && (!totals.oldestWaitingSince || Date.parse(row.oldestWaitingSince) < Date.parse(totals.oldestWaitingSince))) {
      totals.oldestWaitingSince = row.oldestWaitingSince;
    }
    if (row.longestWaitSeconds != null && (totals.longestWaitSeconds === null || row.longestWaitSeconds > totals.longestWaitSeconds)) {
      totals.longestWaitSeconds = row.longestWaitSeconds;
    }
  }
  totals.online = board.agents.filter((load) => load.agent.presence === 'ONLINE').length;
  return totals;
}
