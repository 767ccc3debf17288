import { benchClient } from './setup.js';

export interface WaitProfile {
  samples: number;
  /** What the server's pool connections were doing, as an average number of connections. */
  states: Array<{ state: string; connections: number }>;
}

/**
 * Samples pg_stat_activity for the server's connections (application_name 'switchboard') every
 * 25 ms: a cheap profile of where a claim's time goes inside the database (lock waits, WAL
 * flushes, or waiting for the server to send its next statement).
 */
export async function startWaitSampler(url: string): Promise<{ stop(): Promise<WaitProfile> }> {
  const client = benchClient(url);
  await client.connect();
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  let failed = false;
  let stopped: Promise<WaitProfile> | undefined;
  const loop = (async () => {
    while (running && !failed) {
      const { rows } = await client.query<{ state: string | null; wait: string | null; query: string }>(
        `SELECT state, wait_event_type || ':' || wait_event AS wait, left(query, 40) AS query
           FROM pg_stat_activity WHERE application_name = 'switchboard' AND backend_type = 'client backend'`);
      samples++;
      for (const row of rows) {
        const statement = row.query.replace(/\s+/g, ' ').trim();
        const key = row.state === 'active'
          ? `active, ${row.wait ?? 'on CPU'}: ${statement}`
          : row.state === 'idle in transaction'
            ? `idle in transaction (server's turn) after: ${statement}`
            : `${row.state ?? 'unknown'}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })().catch(() => void (failed = true)); // a lost connection ends the profile, not the bench
  return {
    stop: () => (stopped ??= (async () => {
      running = false;
      await loop;
      await client.end().catch(() => undefined);
      const states = [...counts]
        .map(([state, n]) => ({ state, connections: n / Math.max(1, samples) }))
        .sort((a, b) => b.connections - a.connections);
      return { samples, states };
    })()),
  };
}
