import { formatDuration } from '../queue/wait-clock';

/** The units a response target is typed in. */
export type TargetUnit = 'minutes' | 'hours';

export const TARGET_UNITS: ReadonlyArray<{ unit: TargetUnit; label: string; seconds: number }> = [
  { unit: 'minutes', label: 'minutes', seconds: 60 },
  { unit: 'hours', label: 'hours', seconds: 3600 },
];

const unitSeconds = (unit: TargetUnit) => (unit === 'hours' ? 3600 : 60);

/** "5 min", "4 h", "1 h 30 min", "24 h": the console's duration words (wait-clock.ts), hours past a day. */
export function formatTarget(seconds: number): string {
  return formatDuration(seconds * 1000, 'h');
}

/** A target as the form shows it: whole hours in hours, anything else in minutes ("1.5" for 90 s). */
export function targetInput(seconds: number): { amount: string; unit: TargetUnit } {
  if (seconds % 3600 === 0) return { amount: String(seconds / 3600), unit: 'hours' };
  return { amount: String(Math.round((seconds / 60) * 100) / 100), unit: 'minutes' };
}

/** What was typed, in whole seconds; null when it is not a number. "1,5" reads as 1.5. */
export function targetSeconds(amount: string, unit: TargetUnit): number | null {
  const text = amount.trim().replace(',', '.');
  if (!/^\d*\.?\d+$|^\d+\.$/.test(text)) return null;
  return Math.round(Number(text) * unitSeconds(unit));
}
