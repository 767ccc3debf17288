/** How much of its channel's response target a waiting customer has used up. */
export type WaitLevel = 'none' | 'calm' | 'warning' | 'breached';

/** Below this share of the target the clock stays calm; from here to 1 it is amber. */
export const WARNING_RATIO = 0.5;

function pad(value: number): string {
  return value.toString().padStart(2, '0');
}

/** `mm:ss` under an hour, `h:mm:ss` after; negative durations (clock skew) read as zero. */
export function formatWait(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

/** Share of the target used: target = responseDueAt − waitingSince. */
export function targetUsed(waitingSince: number, responseDueAt: number, now: number): number {
  const target = responseDueAt - waitingSince;
  // A zero target (due the moment it arrived) is used up at once.
  if (target <= 0) return now >= responseDueAt ? 1 : 0;
  return (now - waitingSince) / target;
}

export function waitLevel(used: number): Exclude<WaitLevel, 'none'> {
  if (used >= 1) return 'breached';
  if (used >= WARNING_RATIO) return 'warning';
  return 'calm';
}

export interface WaitClockInput {
  waitingSince: string | null;
  responseDueAt: string | null;
  /** The server's word; wins over our arithmetic so both agree once it breached. */
  breached?: boolean;
}

export interface WaitClockState {
  level: WaitLevel;
  /** `—` when nobody waits. */
  text: string;
  /** 0…1+ share of the target; null when nobody waits or no due time is known. */
  used: number | null;
}

/** The clock of one row at `now` (already corrected to the server's clock). */
export function waitClock(row: WaitClockInput, now: number): WaitClockState {
  if (!row.waitingSince) return { level: 'none', text: '—', used: null };
  const since = Date.parse(row.waitingSince);
  const text = formatWait(now - since);
  if (!row.responseDueAt) return { level: row.breached ? 'breached' : 'calm', text, used: null };
  const used = targetUsed(since, Date.parse(row.responseDueAt), now);
  return { level: row.breached ? 'breached' : waitLevel(used), text, used };
}

/**
 * A duration in its two largest units, zero units dropped: "45 s", "4 min 10 s", "3 h 5 min",
 * "2 d 3 h". Seconds show below an hour, where they matter (channel targets can be 60 s or less).
 * `largest: 'h'` counts whole hours past a day ("24 h", "36 h"): targets are said that way.
 * Negative durations read as zero. The console's one way of saying a duration in words.
 */
export function formatDuration(ms: number, largest: 'd' | 'h' = 'd'): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = largest === 'd' ? Math.floor(total / 86_400) : 0;
  const units: Array<[number, string]> = [
    [days, 'd'],
    [Math.floor((total - days * 86_400) / 3600), 'h'],
    [Math.floor((total % 3600) / 60), 'min'],
    [total % 60, 's'],
  ];
  const first = units.findIndex(([value]) => value > 0);
  if (first === -1) return '0 s';
  return units
    .slice(first, first + 2)
    .filter(([value]) => value > 0)
    .map(([value, unit]) => `${value} ${unit}`)
    .join(' ');
}

export interface DueState {
  /** `none` when nobody waits for an answer (no due time). */
  state: 'none' | 'due' | 'overdue';
  /** Whole seconds (in ms) left while due, past the due time once overdue; 0 when none. */
  ms: number;
}

/**
 * How long until the reply is due, or how long it is overdue, at `now` (the server's clock).
 * Both sides count whole seconds from the due time the same way, like the wait clock, so each
 * reading lasts one second: "Due in 2 s", "Due in 1 s", "Due now" (the first second past due),
 * "Overdue 1 s".
 */
export function dueState(row: Pick<WaitClockInput, 'responseDueAt' | 'breached'>, now: number): DueState {
  if (!row.responseDueAt) return { state: 'none', ms: 0 };
  const past = Math.floor((now - Date.parse(row.responseDueAt)) / 1000);
  // The server's word wins, as in waitClock: a breached wait reads overdue even if this clock lags.
  if (past >= 0 || row.breached) return { state: 'overdue', ms: Math.max(0, past) * 1000 };
  return { state: 'due', ms: -past * 1000 };
}

/** The due state in words, the same on the queue row and the thread header: "Due in" + "2 min 10 s". */
export function dueWords(due: DueState): { lead: string; duration: string | null } {
  if (due.state === 'none') return { lead: 'Answered', duration: null };
  if (due.state === 'due') return { lead: 'Due in', duration: formatDuration(due.ms) };
  return due.ms < 1000 ? { lead: 'Due now', duration: null } : { lead: 'Overdue', duration: formatDuration(due.ms) };
}

/** `dueWords` as one line: "Due in 15 s", "Due now", "Overdue 4 min 10 s". */
export function formatDue(due: DueState): string {
  const { lead, duration } = dueWords(due);
  return duration === null ? lead : `${lead} ${duration}`;
}
