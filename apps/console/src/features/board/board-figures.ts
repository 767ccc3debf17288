import { formatDuration, formatWait, waitLevel } from '../queue/wait-clock';

/** How a board row reads: red once anything is overdue, amber when its longest wait nears the target. */
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

interface ChannelFigures {
  breachedCount: number;
  oldestWaitingSince?: string | null;
  longestWaitSeconds?: number | null;
  channel: { name: string; responseTargetSeconds: number };
}

/**
 * One wait against its target, in the queue clock's levels (the same WARNING_RATIO): amber from
 * half the target, red from all of it. `fine` when nobody waits or there is no target.
 */
export function waitState(ms: number | null, targetSeconds: number): RowState {
  if (ms === null) return 'fine';
  if (targetSeconds <= 0) return 'breached';
  const level = waitLevel(ms / (targetSeconds * 1000));
  return level === 'calm' ? 'fine' : level;
}

export function channelState(row: ChannelFigures, now: number): RowState {
  if (row.breachedCount > 0) return 'breached';
  // Past the target but not yet counted: amber until the server's breach timer says so (its push follows).
  const state = waitState(waitAt(row.oldestWaitingSince, row.longestWaitSeconds, now), row.channel.responseTargetSeconds);
  return state === 'fine' ? 'fine' : 'warning';
}

/** Queues have no target of their own (their threads' channels do): red or neutral. */
export function queueState(row: { breachedCount: number }): RowState {
  return row.breachedCount > 0 ? 'breached' : 'fine';
}

/** Longest wait over target: below 0 when nobody waits, so any waiting channel ranks above an idle one. */
function targetShare(row: ChannelFigures, now: number): number {
  const longest = waitAt(row.oldestWaitingSince, row.longestWaitSeconds, now);
  if (longest === null) return -1;
  return row.channel.responseTargetSeconds > 0 ? longest / (row.channel.responseTargetSeconds * 1000) : Number.POSITIVE_INFINITY;
}

/** Worst first: most overdue, then the longest wait for its target, then by name. */
export function sortChannels<Row extends ChannelFigures>(rows: readonly Row[], now: number): Row[] {
  return rows
    .map((row) => ({ row, share: targetShare(row, now) }))
    .sort((a, b) => b.row.breachedCount - a.row.breachedCount || b.share - a.share || a.row.channel.name.localeCompare(b.row.channel.name))
    .map(({ row }) => row);
}

/** How far a wait is past its target, in whole minutes from a minute on: "+4 min over"; null while within it. */
export function formatOverTarget(ms: number | null, targetSeconds: number): string | null {
  if (ms === null) return null;
  const over = ms - targetSeconds * 1000;
  if (over < 1000) return null;
  return `+${formatDuration(over < 60_000 ? over : Math.floor(over / 60_000) * 60_000)} over`;
}

/** The share answered within target, "—" when nothing was answered in the hour. */
export function formatServiceLevel(level: number | null | undefined): string {
  return level === null || level === undefined ? '—' : `${Math.round(level * 100)}%`;
}

export interface BoardTotals {
  waiting: number;
  unassigned: number;
  breached: number;
  /** The longest wait anywhere: its start (or seconds as of asOf), channel and thread; null when nobody waits. */
  longest: { since: string | null; seconds: number | null; channelName: string; threadId: string | null } | null;
  /** Agents (role AGENT) online, and all of them: supervisors and admins answer too, but are not staff on the floor. */
  online: number;
  agents: number;
}

interface TotalsChannel {
  channel: { name: string };
  waitingCount: number;
  unassignedCount: number;
  breachedCount: number;
  oldestWaitingSince?: string | null;
  longestWaitSeconds?: number | null;
  longestWaitingThreadId?: string | null;
}

/** The headline figures, summed over channels (every waiting thread is on exactly one). */
export function boardTotals(board: {
  asOf: string;
  channels: readonly TotalsChannel[];
  agents: ReadonlyArray<{ agent: { presence: string; role: string } }>;
}): BoardTotals {
  const asOf = Date.parse(board.asOf);
  const totals: BoardTotals = { waiting: 0, unassigned: 0, breached: 0, longest: null, online: 0, agents: 0 };
  let longestStart = Number.POSITIVE_INFINITY;
  for (const row of board.channels) {
    totals.waiting += row.waitingCount;
    totals.unassigned += row.unassignedCount;
    totals.breached += row.breachedCount;
    const since = row.oldestWaitingSince ?? null;
    const seconds = row.longestWaitSeconds ?? null;
    const start = since ? Date.parse(since) : seconds !== null ? asOf - seconds * 1000 : null;
    if (start !== null && start < longestStart) {
      longestStart = start;
      totals.longest = { since, seconds, channelName: row.channel.name, threadId: row.longestWaitingThreadId ?? null };
    }
  }
  const agents = board.agents.filter((load) => load.agent.role === 'AGENT');
  totals.agents = agents.length;
  totals.online = agents.filter((load) => load.agent.presence === 'ONLINE').length;
  return totals;
}
