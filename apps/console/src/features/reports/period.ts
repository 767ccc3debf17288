// A report's period as people pick it: whole local days, the end day included. The URL keeps the
// days (`/reports?from=2026-11-24&to=2026-11-30`), so a reload or a shared link shows the same
// days, read in the viewer's own time zone; the request turns them into instants.

/** A local calendar day, `YYYY-MM-DD` (what `<input type="date">` reads and writes). */
export type Day = string;

export interface Period {
  from: Day;
  /** Included: the period ends at the midnight after it. */
  to: Day;
}

export type Preset = 'today' | 'last7' | 'custom';

/** The server's limit (docs/api.md, "Reports"). */
export const MAX_PERIOD_DAYS = 400;
const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** The local day `date` falls on. */
export function dayOf(date: Date): Day {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight at the start of `day`; null for anything that is not a real day. */
export function startOfDay(day: string): Date | null {
  const match = DAY_PATTERN.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = new Date(year, month - 1, date);
  // new Date(2026, 1, 31) rolls over to March: not a day anyone meant.
  return start.getFullYear() === year && start.getMonth() === month - 1 && start.getDate() === date ? start : null;
}

/** `days` after `day` (negative: before), across month ends and DST changes. */
export function addDays(day: Day, days: number): Day {
  const start = startOfDay(day);
  if (!start) throw new Error(`not a day: ${day}`);
  return dayOf(new Date(start.getFullYear(), start.getMonth(), start.getDate() + days));
}

/** Days from `from` to `to`, both counted: the same day is 1. Calendar days, so DST does not matter. */
export function daysIn(from: Day, to: Day): number {
  const utc = (day: Day) => {
    const match = DAY_PATTERN.exec(day)!;
    return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  };
  return Math.round((utc(to) - utc(from)) / DAY_MS) + 1;
}

/** Today, since local midnight. */
export function todayPeriod(now: Date): Period {
  const today = dayOf(now);
  return { from: today, to: today };
}

/** The last 7 days, today included. */
export function last7Period(now: Date): Period {
  const today = dayOf(now);
  return { from: addDays(today, -6), to: today };
}

/** Which button a period lights up. */
export function presetOf(period: Period, now: Date): Preset {
  const today = todayPeriod(now);
  if (period.from === today.from && period.to === today.to) return 'today';
  const week = last7Period(now);
  if (period.from === week.from && period.to === week.to) return 'last7';
  return 'custom';
}

/** Why a period cannot be asked for, in words for the person who picked it; null when it can. */
export function periodProblem(period: { from: string; to: string }): string | null {
  if (!period.from || !period.to) return 'Pick a start and an end day.';
  if (!startOfDay(period.from)) return 'The start is not a day. Use the date picker, or YYYY-MM-DD.';
  if (!startOfDay(period.to)) return 'The end is not a day. Use the date picker, or YYYY-MM-DD.';
  if (period.to < period.from) return 'The end day is before the start day.';
  if (daysIn(period.from, period.to) > MAX_PERIOD_DAYS) return `A report covers at most ${MAX_PERIOD_DAYS} days.`;
  return null;
}

/**
 * The instants the server is asked for: [midnight starting `from`, midnight after `to`). A 400-day
 * period that gains an hour from a DST change is cut at 400 × 24 h, the server's limit.
 */
export function periodInstants(period: Period): { from: string; to: string } {
  const from = startOfDay(period.from);
  const after = startOfDay(addDays(period.to, 1));
  if (!from || !after) throw new Error(`not a period: ${period.from}…${period.to}`);
  const to = Math.min(after.getTime(), from.getTime() + MAX_PERIOD_DAYS * DAY_MS);
  return { from: from.toISOString(), to: new Date(to).toISOString() };
}

/** Over a day, the server reads percentiles from buckets (docs/api.md): the page says so. */
export function isBucketed(period: Period): boolean {
  const { from, to } = periodInstants(period);
  return Date.parse(to) - Date.parse(from) > DAY_MS;
}

/** The period in the URL; Today when the URL names none. Whatever it names comes back as is, valid or not. */
export function periodFromSearch(search: string, now: Date): { from: string; to: string } {
  const params = new URLSearchParams(search);
  const from = params.get('from');
  const to = params.get('to');
  if (from === null && to === null) return todayPeriod(now);
  return { from: from ?? '', to: to ?? '' };
}

export function periodSearch(period: Period): string {
  return `?${new URLSearchParams({ from: period.from, to: period.to }).toString()}`;
}

const dayLabel = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

/** "Mon, 30 Nov 2026" or "Tue, 24 Nov 2026 – Mon, 30 Nov 2026" in the viewer's locale. */
export function describePeriod(period: Period): string {
  const from = startOfDay(period.from);
  const to = startOfDay(period.to);
  if (!from || !to) return '';
  return period.from === period.to ? dayLabel.format(from) : dayLabel.formatRange(from, to);
}

/** The part of a file name a CSV gets: `2026-11-30`, or `2026-11-24_2026-11-30`. */
export function periodFileStem(period: Period): string {
  return period.from === period.to ? period.from : `${period.from}_${period.to}`;
}
