import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { benchClient } from './setup.js';

interface Rate {
  commits: number;
  perSecond: number;
}

export interface AppendRates {
  serialized: Rate;
  unserialized: Rate;
  ratio: number;
  /** append_events with BEGIN, append and COMMIT in one round trip: the lock spans no client hop. */
  serializedOneTrip: Rate;
}

const EVENT = JSON.stringify([{ type: 'BENCH' }]);

/**
 * The ceiling of the event log: one event per transaction through `append_events` (advisory
 * lock held through COMMIT, so commits queue one behind another, each waiting for its own WAL
 * flush) against the same transactions on a lock-free copy of the table (commits share flushes).
 * A third run sends BEGIN, append and COMMIT in one round trip, so the lock is held for no
 * client hop: the difference is what the round trip before COMMIT costs the serialized log.
 */
export async function measureEventAppend(url: string, options: { clients: number; seconds: number }): Promise<AppendRates> {
  const setup = benchClient(url);
  await setup.connect();
  try {
    // LIKE copies columns, defaults and indexes (so a row costs what an event row costs), not
    // the guard trigger: a plain INSERT is allowed here, and nothing serializes it.
    await setup.query('DROP TABLE IF EXISTS bench_event');
    await setup.query('CREATE TABLE bench_event (LIKE event INCLUDING DEFAULTS INCLUDING INDEXES)');

    const serialized = await hammer(url, options, (client) => threeTrips(client, `SELECT append_events($1::jsonb)`, [EVENT]));
    const unserialized = await hammer(url, options, (client) =>
      threeTrips(client, `INSERT INTO bench_event (id, type) VALUES (nextval('event_id_seq'), 'BENCH')`, []));
    // A simple-protocol multi-statement: no parameters, so the constant is inlined.
    const oneTrip = `BEGIN; SELECT append_events('${EVENT}'::jsonb); COMMIT`;
    const serializedOneTrip = await hammer(url, options, async (client) => void (await client.query(oneTrip)));
    return { serialized, unserialized, ratio: unserialized.perSecond / serialized.perSecond, serializedOneTrip };
  } finally {
    await setup.query('DROP TABLE IF EXISTS bench_event').catch(() => undefined);
    await setup.end();
  }
}

/** BEGIN, the statement, COMMIT: three round trips, as the server's transactions do it. */
async function threeTrips(client: pg.Client, sql: string, params: unknown[]): Promise<void> {
  await client.query('BEGIN');
  await client.query(sql, params);
  await client.query('COMMIT');
}

async function hammer(
  url: string,
  { clients, seconds }: { clients: number; seconds: number },
  transaction: (client: pg.Client) => Promise<void>,
): Promise<Rate> {
  const pool = await Promise.all(Array.from({ length: clients }, async () => {
    const client = benchClient(url);
    await client.connect();
    return client;
  }));
  try {
    let commits = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(pool.map(async (client) => {
      while (performance.now() < deadline) {
        await transaction(client);
        commits++;
      }
    }));
    const elapsed = (performance.now() - started) / 1000;
    return { commits, perSecond: commits / elapsed };
  } finally {
    await Promise.all(pool.map((client) => client.end().catch(() => undefined)));
  }
}
