import { formatDuration } from '../queue/wait-clock';

/** The units a response target is typed in. */
export type TargetUnit = 'minutes' | 'hours' | 'days';

export const TARGET_UNITS: ReadonlyArray<{ unit: TargetUnit; label: string; seconds: number }> = [
  { unit: 'minutes', label: 'minutes', seconds: 60 },
  { unit: 'hours', label: 'hours', seconds: 3600 },
  { unit: 'days', label: 'days', seconds: 86_400 },
];

const unitSeconds = (unit: TargetUnit) => TARGET_UNITS.find((entry) => entry.unit === unit)?.seconds ?? 60;

/**
 * "5 min", "4 h", "1 h 30 min", "36 h", "2 d": the console's duration words (wait-clock.ts), in
 * the unit the form opens it in (targetInput), so the table and the form say the same thing.
 */
export function formatTarget(seconds: number): string {
  return formatDuration(seconds * 1000, targetInput(seconds).unit === 'days' ? 'd' : 'h');
}

/** A target as the form shows it: whole days in days, whole hours in hours, anything else in minutes ("1.5" for 90 s). */
export function targetInput(seconds: number): { amount: string; unit: TargetUnit } {
  if (seconds > 0 && seconds % 86_400 === 0) return { amount: String(seconds / 86_400), unit: 'days' };
  if (seconds % 3600 === 0) return { amount: String(seconds / 3600), unit: 'hours' };
  return { amount: String(Math.round((seconds / 60) * 100) / 100), unit: 'minutes' };
}

/**
 * What was typed, in whole seconds; null when it is not a number. "1,5" reads as 1.5; a sign is
 * read too, so "-3" is a number the range check refuses rather than "not a number".
 */
export function targetSeconds(amount: string, unit: TargetUnit): number | null {
  const text = amount.trim().replace(',', '.');
  if (!/^[-+]?(\d*\.?\d+|\d+\.)$/.test(text)) return null;
  const seconds = Math.round(Number(text) * unitSeconds(unit));
  // Math.round(-0.2) is -0: say 0, not "-0".
  return seconds === 0 ? 0 : seconds;
}
