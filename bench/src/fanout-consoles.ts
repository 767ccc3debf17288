import { OPEN_CONCURRENCY, SUBSCRIPTION } from './fanout-options.js';
import { split, type Rpc } from './fanout-shared.js';

// The consoles of one run (server or floor), spread over the load processes (`fanout-clients.ts`).

export interface Collected {
  consoles: number;
  times: Record<string, Float64Array>;
  ats: Record<string, string>;
  duplicates: number;
  unexpected: number;
  problems: string[];
  payloadBytes: number;
}

export class Consoles {
  private readonly counts: number[];
  constructor(
    readonly workers: Rpc[],
    readonly kind: 'server' | 'floor',
    readonly url: string,
    readonly tokens: string[],
  ) {
    this.counts = workers.map(() => 0);
  }

  get size(): number {
    return this.counts.reduce((a, b) => a + b, 0);
  }

  /** Opens or closes consoles until there are `n`, spread evenly over the load processes. */
  async resize(n: number): Promise<void> {
    const targets = split(n, this.workers.length);
    await Promise.all(
      this.workers.map(async (worker, i) => {
        const target = targets[i]!;
        const have = this.counts[i]!;
        if (target > have) {
          this.counts[i] = await worker.call<number>('open', {
            kind: this.kind, url: this.url, tokens: this.tokens, count: target - have, query: SUBSCRIPTION, concurrency: OPEN_CONCURRENCY,
          });
        } else if (target < have) {
          this.counts[i] = await worker.call<number>('trim', { keep: target });
        }
      }),
    );
  }

  /** How many consoles have not (yet) received `key`, after waiting up to `timeoutMs`. */
  async missing(key: string, timeoutMs: number): Promise<number> {
    const missing = await Promise.all(this.workers.map((worker) => worker.call<number>('wait', { key, timeoutMs })));
    return missing.reduce((a, b) => a + b, 0);
  }

  async collect(keys: string[]): Promise<Collected[]> {
    return Promise.all(this.workers.map((worker) => worker.call<Collected>('collect', { keys })));
  }
}
