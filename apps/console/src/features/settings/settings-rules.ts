/**
 * The server's rules for set-up input (apps/server: AGENT_LIMITS and requireText/normalizeEmail in
 * agents/, MAX_TARGET_SECONDS in channels/), checked here before sending so a form says at once
 * what is wrong. Same limits, same words; the server's own answer still shows beside its field.
 */
export const SETTINGS_LIMITS = {
  name: 200,
  emailMax: 320,
  passwordMin: 8,
  passwordMax: 1024,
  capacityMax: 1000,
  /** 30 days. */
  targetMaxSeconds: 30 * 24 * 3600,
} as const;

/** The server's default for a new agent. */
export const DEFAULT_CAPACITY = 5;

/** Queue, agent and channel names: trimmed, not blank, at most 200 characters. */
export function nameProblem(raw: string): string | null {
  const value = raw.trim();
  if (value === '') return 'Must not be blank';
  if (value.length > SETTINGS_LIMITS.name) return `Must be at most ${SETTINGS_LIMITS.name} characters`;
  return null;
}

export function emailProblem(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > SETTINGS_LIMITS.emailMax) return 'Must be an e-mail address';
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

/** A channel's response target in seconds: from 1 second to 30 days. */
export function targetProblem(seconds: number | null): string | null {
  if (seconds === null) return 'Enter a number';
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > SETTINGS_LIMITS.targetMaxSeconds) return 'Must be more than 0 and at most 30 days (720 hours)';
  return null;
}
