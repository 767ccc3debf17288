import type { DataSource } from 'typeorm';
import { LOGIN_LIMIT_DEFAULTS, type LoginLimitOptions } from '../../config.js';
import { counterKey, createCounter, spend, type Counter } from './rate-counters.js';

/** What a login attempt holds until it is known to have succeeded. */
export interface LoginAttempt {
  /** A successful login does not count: gives the attempt back. */
  succeeded(): Promise<void>;
}

/**
 * Failed logins per e-mail and per client address, shared by every replica (DESIGN.md,
 * "Security": at most 10 failed logins per e-mail per 15 minutes). An attempt is counted BEFORE
 * the password is hashed, so concurrent guesses cannot all pass the check together and a refused
 * one costs no argon2; a success gives its count back, so only failures add up.
 */
export class LoginLimits {
  private readonly byEmail: Counter;
  private readonly byIp: Counter;

  constructor(dataSource: DataSource, options: LoginLimitOptions = LOGIN_LIMIT_DEFAULTS) {
    this.byEmail = createCounter(dataSource, { name: 'login-email', points: options.maxFailuresPerEmail, durationSeconds: options.windowSeconds });
    this.byIp = createCounter(dataSource, { name: 'login-ip', points: options.maxFailuresPerIp, durationSeconds: options.windowSeconds });
  }

  /** Counts an attempt for `email` (and `ip`, when known), or throws RATE_LIMITED. */
  async attempt(email: string, ip: string | undefined): Promise<LoginAttempt> {
    const emailKey = counterKey(email.trim().toLowerCase());
    await spend(this.byEmail, emailKey, 'Too many failed logins for this e-mail');
    if (ip) {
      try {
        await spend(this.byIp, counterKey(ip), 'Too many failed logins from this address');
      } catch (error) {
        await this.byEmail.reward(emailKey, 1); // the e-mail was not tried
        throw error;
      }
    }
    return {
      succeeded: async () => {
        await Promise.all([this.byEmail.reward(emailKey, 1), ...(ip ? [this.byIp.reward(counterKey(ip), 1)] : [])]);
      },
    };
  }
}
