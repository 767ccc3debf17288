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
 * `short` is the queue row's: "4m 10s". Negative durations read as zero.
 */
export function formatDuration(ms: number, style: 'long' | 'short' = 'long'): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const units: Array<[number, string, string]> = [
    [Math.floor(total / 86_400), ' d', 'd'],
    [Math.floor((total % 86_400) / 3600), ' h', 'h'],
    [Math.floor((total % 3600) / 60), ' min', 'm'],
    [total % 60, ' s', 's'],
  ];
  const first = units.findIndex(([value]) => value > 0);
  if (first === -1) return style === 'long' ? '0 s' : '0s';
  return units
    .slice(first, first + 2)
    .filter(([value]) => value > 0)
    .map(([value, long, short]) => `${value}${style === 'long' ? long : short}`)
    .join(' ');
}

export interface DueState {
  /** `none` when nobody waits for an answer (no due time). */
  state: 'none' | 'due' | 'overdue';
  /** Time left while due, time past the due time once overdue; 0 when none. */
  ms: number;
}

/** How long until the reply is due, or how long it is overdue, at `now` (the server's clock). */
export function dueState(row: Pick<WaitClockInput, 'responseDueAt' | 'breached'>, now: number): DueState {
  if (!row.responseDueAt) return { state: 'none', ms: 0 };
  const left = Date.parse(row.responseDueAt) - now;
  // The server's word wins, as in waitClock: a breached wait reads overdue even if this clock lags.
  if (left <= 0 || row.breached) return { state: 'overdue', ms: Math.max(0, -left) };
  // Counting down, a part-second left still reads "1 s", never "due in 0 s".
  return { state: 'due', ms: Math.ceil(left / 1000) * 1000 };
}
