import { INPUT_LIMITS, looksLikeEmail } from '@switchboard/schema';

/**
 * The server's rules for set-up input, from the one copy both use (INPUT_LIMITS in
 * @switchboard/schema), checked here before sending so a form says at once what is wrong, in
 * words for people; the server's own answer still shows beside its field.
 */
export const SETTINGS_LIMITS = INPUT_LIMITS;
export { DEFAULT_CAPACITY } from '@switchboard/schema';

/** Queue, agent and channel names: trimmed, not blank, at most 200 characters. */
export function nameProblem(raw: string): string | null {
  const value = raw.trim();
  if (value === '') return 'Must not be blank';
  if (value.length > SETTINGS_LIMITS.name) return `Must be at most ${SETTINGS_LIMITS.name} characters`;
  return null;
}

export function emailProblem(raw: string): string | null {
  if (!looksLikeEmail(raw.trim().toLowerCase())) return 'Must be an e-mail address';
  return null;
}

export function passwordProblem(password: string): string | null {
  if (password.length < SETTINGS_LIMITS.passwordMin || password.length > SETTINGS_LIMITS.passwordMax) {
    return `Must be ${SETTINGS_LIMITS.passwordMin} to ${SETTINGS_LIMITS.passwordMax} characters`;
  }
  return null;
}

/** The most open threads an agent may own at once, as typed: a whole number from 0 to 1000. */
export function parseCapacity(raw: string): { value: number; problem: null } | { value: null; problem: string } {
  const text = raw.trim();
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(value) || value > SETTINGS_LIMITS.capacityMax) {
    return { value: null, problem: `Must be a whole number from 0 to ${SETTINGS_LIMITS.capacityMax}` };
  }
  return { value, problem: null };
}

/** A channel's response target in seconds: from 1 second to 30 days (a unit the form offers). */
export function targetProblem(seconds: number | null): string | null {
  if (seconds === null) return 'Enter a number';
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > SETTINGS_LIMITS.responseTargetMaxSeconds) {
    return `Must be more than 0 and at most ${SETTINGS_LIMITS.responseTargetMaxSeconds / 86_400} days`;
  }
  return null;
}
