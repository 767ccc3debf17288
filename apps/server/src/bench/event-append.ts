import { performance } from 'node:perf_hooks';
import pg from 'pg';

export interface AppendRates {
  serialized: { commits: number; perSecond: number };
  unserialized: { commits: number; perSecond: number };
  ratio: number;
}

const EVENT = JSON.stringify([{ type: 'BENCH' }]);

/**
 * The ceiling of the event log: one event per transaction through `append_events` (advisory
 * lock held through COMMIT, so commits queue one behind another, each waiting for its own WAL
 * flush) against the same transactions on a lock-free copy of the table (commits share flushes).
 */
export async function measureEventAppend(url: string, options: { clients: number; seconds: number }): Promise<AppendRates> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  try {
    // LIKE copies columns, defaults and indexes (so a row costs what an event row costs), not
    // the guard trigger: a plain INSERT is allowed here, and nothing serializes it.
    await setup.query('DROP TABLE IF EXISTS bench_event');
    await setup.query('CREATE TABLE bench_event (LIKE event INCLUDING DEFAULTS INCLUDING INDEXES)');

    const serialized = await hammer(url, options, `SELECT append_events($1::jsonb)`, [EVENT]);
    const unserialized = await hammer(url, options,
      `INSERT INTO bench_event (id, type) VALUES (nextval('event_id_seq'), 'BENCH')`, []);
    return { serialized, unserialized, ratio: unserialized.perSecond / serialized.perSecond };
  } finally {
    await setup.query('DROP TABLE IF EXISTS bench_event').catch(() => undefined);
    await setup.end();
  }
}

async function hammer(
  url: string,
  { clients, seconds }: { clients: number; seconds: number },
  sql: string,
  params: unknown[],
): Promise<{ commits: number; perSecond: number }> {
  const pool = await Promise.all(Array.from({ length: clients }, async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
  }));
  try {
    let commits = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(pool.map(async (client) => {
      while (performance.now() < deadline) {
        await client.query('BEGIN');
        await client.query(sql, params);
        await client.query('COMMIT');
        commits++;
      }
    }));
    const elapsed = (performance.now() - started) / 1000;
    return { commits, perSecond: commits / elapsed };
  } finally {
    await Promise.all(pool.map((client) => client.end()));
  }
}
