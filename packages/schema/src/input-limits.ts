/**
 * What set-up input the server accepts, in one place (STYLE.md rule 14): the server enforces
 * these, and the console checks them before sending so a form can say at once what is wrong.
 */
export const INPUT_LIMITS = {
  /** Queue, agent, channel and API key names, after trimming. */
  name: 200,
  emailMax: 320,
  passwordMin: 8,
  passwordMax: 1024,
  /** The most OPEN threads an agent may own at once. */
  capacityMax: 1000,
  /** 30 days: beyond that a "response target" is no promise at all. */
  responseTargetMaxSeconds: 30 * 24 * 3600,
  webhookUrlMax: 2048,
} as const;

/** A new agent's capacity unless told otherwise. */
export const DEFAULT_CAPACITY = 5;

/** Something, an @, something with a dot: the shape of an e-mail address (after trimming). */
export function looksLikeEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= INPUT_LIMITS.emailMax;
}
