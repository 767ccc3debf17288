/**
 * One locked claim attempt per thread at a time in this process. When fifty agents click Claim on
 * one new thread, the first takes a connection and decides in PostgreSQL; the other forty-nine
 * wait here, holding no connection and no row lock, and then learn the winner with one unlocked
 * read. PostgreSQL still decides every claim (replicas have gates of their own): the gate only
 * stops the losers of one process from queueing for the pool and the row lock behind the winner.
 */
export class ClaimGate {
  private readonly attempts = new Map<string, Promise<unknown>>();

  /** Settles when no attempt on `key` is running (at once when none is). */
  async idle(key: string): Promise<void> {
    for (let running = this.attempts.get(key); running; running = this.attempts.get(key)) {
      await running.then(() => undefined, () => undefined);
    }
  }

  /** Whether an attempt on `key` is running. */
  busy(key: string): boolean {
    return this.attempts.has(key);
  }

  /** Runs `attempt` as the one attempt on `key`; call it only when `busy(key)` is false. */
  async run<T>(key: string, attempt: () => Promise<T>): Promise<T> {
    const running = attempt();
    this.attempts.set(key, running);
    try {
      return await running;
    } finally {
      if (this.attempts.get(key) === running) this.attempts.delete(key);
    }
  }
}
