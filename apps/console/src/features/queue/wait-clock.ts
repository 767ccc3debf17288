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
