/**
 * The proof that a reader of the event log never skips (DESIGN.md, "Live events").
 *
 * A sequence value is taken at insert, but transactions commit in another order: a reader that
 * polls `id > last` can move past an id whose transaction commits later. `append_events` takes
 * an advisory lock held until COMMIT, so id order is commit order. These tests run real
 * concurrent transactions, each on its own connection, against this file's own database, and
 * end with a negative control: the same choreography on a naive table does make the reader skip.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newId } from '../../ids.js';
import { createTestDatabase } from '../../../../../test/support/postgres.js';

const POLL_INTERVAL_MS = 10;
/** How long writer A keeps its transaction open after appending. */
const HOLD_MS = 300;

let database: { url: string; drop(): Promise<void> };
const clients: pg.Client[] = [];

beforeAll(async () => {
  const { adminUrl, template } = inject('postgres');
  database = await createTestDatabase(adminUrl, template);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  await database?.drop();
});

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: database.url });
  clients.push(client);
  await client.connect();
  return client;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `condition` holds; fails (never passes silently) when it does not within `timeoutMs`. */
async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(5);
  }
}

/** Waits until the backend `pid` is blocked on a lock (here: the advisory lock of append_events). */
async function waitUntilBlockedOnLock(observer: pg.Client, pid: number): Promise<void> {
  await waitUntil(`backend ${pid} waits on a lock`, async () => {
    const { rows } = await observer.query<{ wait_event_type: string | null }>(
      'SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1',
      [pid],
    );
    return rows[0]?.wait_event_type === 'Lock';
  });
}

async function backendPid(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return rows[0]!.pid;
}

function toId(value: string): bigint {
  return BigInt(value);
}

interface PollingReader {
  /** Every id the reader received, in the order it received them. */
  readonly seen: bigint[];
  /** How many polls have completed. */
  readonly polls: number;
  /** How many polls returned at least one new row. */
  readonly batches: number;
  /** Waits for `count` more complete polls (so everything committed before now has been read). */
  pollsMore(count: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The reader under test: from its own connection (autocommit, so each poll has a fresh
 * snapshot), polls `id > last ORDER BY id` and advances `last` to the largest id it received.
 */
function startPollingReader(client: pg.Client, table: 'event' | 'naive_event', after: bigint): PollingReader {
  const seen: bigint[] = [];
  let last = after;
  let polls = 0;
  let batches = 0;
  let stopped = false;
  let failure: unknown;
  const loop = (async () => {
    try {
      while (!stopped) {
        const { rows } = await client.query<{ id: string }>(`SELECT id FROM ${table} WHERE id > $1 ORDER BY id`, [last.toString()]);
        for (const row of rows) seen.push(toId(row.id));
        const newest = rows.at(-1);
        if (newest) {
          last = toId(newest.id);
          batches++;
        }
        polls++;
        await sleep(POLL_INTERVAL_MS);
      }
    } catch (error) {
      failure = error;
    }
  })();
  return {
    seen,
    get polls() {
      return polls;
    },
    get batches() {
      return batches;
    },
    async pollsMore(count) {
      const target = polls + count;
      await waitUntil(`the reader polls ${count} more times`, () => failure !== undefined || polls >= target);
      if (failure) throw failure;
    },
    async stop() {
      stopped = true;
      await loop;
      if (failure) throw failure;
    },
  };
}

async function appendEvents(client: pg.Client, events: Array<Record<string, unknown>>): Promise<bigint> {
  const { rows } = await client.query<{ last_id: string }>('SELECT append_events($1::jsonb) AS last_id', [JSON.stringify(events)]);
  return toId(rows[0]!.last_id);
}

async function idsAfter(client: pg.Client, table: 'event' | 'naive_event', after: bigint): Promise<bigint[]> {
  const { rows } = await client.query<{ id: string }>(`SELECT id FROM ${table} WHERE id > $1 ORDER BY id`, [after.toString()]);
  return rows.map((row) => toId(row.id));
}

async function maxId(client: pg.Client, table: 'event' | 'naive_event'): Promise<bigint> {
  const { rows } = await client.query<{ max: string }>(`SELECT coalesce(max(id), 0) AS max FROM ${table}`);
  return toId(rows[0]!.max);
}

function expectStrictlyIncreasing(ids: bigint[]): void {
  const violations = ids.flatMap((id, i) => (i > 0 && id <= ids[i - 1]! ? [`${ids[i - 1]} then ${id}`] : []));
  expect(violations).toEqual([]);
}

describe('append_events', () => {
  it('never lets a polling reader skip an event, even when a writer holds its transaction open after appending', async () => {
    const [observer, readerClient, writerA, writerB] = await Promise.all([connect(), connect(), connect(), connect()]);
    const start = await maxId(observer, 'event');
    const reader = startPollingReader(readerClient, 'event', start);

    // A appends and keeps its transaction open: it holds the log's advisory lock.
    await writerA.query('BEGIN');
    const idA = await appendEvents(writerA, [{ type: 'PROOF_A' }]);

    // B appends after A: it must queue on the lock, not take a larger id and commit first.
    const pidB = await backendPid(writerB);
    await writerB.query('BEGIN');
    const appendB = appendEvents(writerB, [{ type: 'PROOF_B' }]);
    await waitUntilBlockedOnLock(observer, pidB);

    // While A holds its transaction open the reader keeps polling (and sees nothing new).
    await sleep(HOLD_MS);
    await reader.pollsMore(3);
    expect(reader.seen).toEqual([]);

    await writerA.query('COMMIT');
    const idB = await appendB;
    await writerB.query('COMMIT');
    await reader.pollsMore(2);
    await reader.stop();

    expect(idB).toBeGreaterThan(idA);
    const all = await idsAfter(observer, 'event', start);
    expect(all).toEqual([idA, idB]);
    expect(reader.seen).toEqual(all);
  });

  it('never lets a polling reader skip under load: 16 writers x 25 transactions with random delays before COMMIT', async () => {
    const WRITERS = 16;
    const TRANSACTIONS = 25;
    const observer = await connect();
    const readerClient = await connect();
    const writers = await Promise.all(Array.from({ length: WRITERS }, () => connect()));
    const start = await maxId(observer, 'event');
    const reader = startPollingReader(readerClient, 'event', start);

    let appended = 0;
    const lastIds: bigint[] = [];
    await Promise.all(
      writers.map(async (writer, w) => {
        for (let t = 0; t < TRANSACTIONS; t++) {
          const count = 1 + Math.floor(Math.random() * 3);
          await writer.query('BEGIN');
          try {
            const events = Array.from({ length: count }, (_, n) => ({ type: 'LOAD', data: { writer: w, transaction: t, n } }));
            lastIds.push(await appendEvents(writer, events));
            appended += count;
            await sleep(Math.floor(Math.random() * 21)); // the transaction stays open, holding the lock
            await writer.query('COMMIT');
          } catch (error) {
            await writer.query('ROLLBACK').catch(() => undefined);
            throw error;
          }
        }
      }),
    );
    await reader.pollsMore(2);
    await reader.stop();

    const all = await idsAfter(observer, 'event', start);
    expect(all).toHaveLength(appended);
    expect(lastIds).toHaveLength(WRITERS * TRANSACTIONS);
    expect(new Set(reader.seen).size).toBe(reader.seen.length); // no duplicates
    expectStrictlyIncreasing(reader.seen);
    expect(reader.seen).toEqual(all); // nothing skipped
    expect(reader.batches).toBeGreaterThan(1); // the reader really read while writers were writing
  });

  it("keeps per-thread order: ids of one thread's events increase with the thread version", async () => {
    const WRITERS = 6;
    const TRANSACTIONS = 10;
    const observer = await connect();
    const writers = await Promise.all(Array.from({ length: WRITERS }, () => connect()));
    const start = await maxId(observer, 'event');

    const { rows: channels } = await observer.query<{ id: string; queue_id: string }>('SELECT id, queue_id FROM channel ORDER BY created_at LIMIT 1');
    const channel = channels[0]!;
    const threadIds: string[] = [];
    for (let i = 0; i < 2; i++) {
      const customerId = newId('cus');
      const threadId = newId('thr');
      await observer.query('INSERT INTO customer (id, name) VALUES ($1, $2)', [customerId, `Customer ${i}`]);
      await observer.query('INSERT INTO thread (id, customer_id, queue_id, channel_id) VALUES ($1, $2, $3, $4)', [
        threadId,
        customerId,
        channel.queue_id,
        channel.id,
      ]);
      threadIds.push(threadId);
    }

    // Like a real mutation: lock and bump the thread, work a little, append last, then COMMIT.
    await Promise.all(
      writers.map(async (writer, w) => {
        for (let t = 0; t < TRANSACTIONS; t++) {
          const threadId = threadIds[(w + t) % threadIds.length]!;
          await writer.query('BEGIN');
          try {
            const { rows } = await writer.query<{ version: number; queue_id: string }>(
              'UPDATE thread SET version = version + 1, updated_at = now() WHERE id = $1 RETURNING version, queue_id',
              [threadId],
            );
            const { version, queue_id: queueId } = rows[0]!;
            await sleep(Math.floor(Math.random() * 6));
            await appendEvents(writer, [{ type: 'THREAD_UPDATED', threadId, queueId, threadVersion: version }]);
            await sleep(Math.floor(Math.random() * 11));
            await writer.query('COMMIT');
          } catch (error) {
            await writer.query('ROLLBACK').catch(() => undefined);
            throw error;
          }
        }
      }),
    );

    for (const threadId of threadIds) {
      const { rows } = await observer.query<{ thread_version: number }>(
        'SELECT thread_version FROM event WHERE id > $1 AND thread_id = $2 ORDER BY id',
        [start.toString(), threadId],
      );
      const versions = rows.map((row) => row.thread_version);
      // Every bump of this thread, in id order, is exactly 2, 3, 4, ...
      expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 2));
      expect(versions.length).toBe((WRITERS * TRANSACTIONS) / threadIds.length);
    }
  });

  it('the same reader does skip with a naive append (negative control)', async () => {
    const [observer, readerClient, writerA, writerB] = await Promise.all([connect(), connect(), connect(), connect()]);
    await observer.query('CREATE TABLE naive_event (id bigserial PRIMARY KEY, payload text)');
    const reader = startPollingReader(readerClient, 'naive_event', 0n);

    // A inserts (taking the smaller id) and keeps its transaction open; no lock serializes B.
    await writerA.query('BEGIN');
    const { rows: rowsA } = await writerA.query<{ id: string }>(`INSERT INTO naive_event (payload) VALUES ('A') RETURNING id`);
    const idA = toId(rowsA[0]!.id);

    // B inserts after A and commits at once, while A is still open.
    await writerB.query('BEGIN');
    const { rows: rowsB } = await writerB.query<{ id: string }>(`INSERT INTO naive_event (payload) VALUES ('B') RETURNING id`);
    const idB = toId(rowsB[0]!.id);
    await writerB.query('COMMIT');

    // A holds its transaction (at least HOLD_MS, and until the reader has moved past B), then commits.
    await sleep(HOLD_MS);
    await waitUntil('the reader has read B', () => reader.seen.includes(idB));
    await writerA.query('COMMIT');
    await reader.pollsMore(3);
    await reader.stop();

    expect(idA).toBeLessThan(idB);
    expect(await idsAfter(observer, 'naive_event', 0n)).toEqual([idA, idB]); // A did commit
    expect(reader.seen).toEqual([idB]); // ... but the reader never saw it
    expect(reader.seen).not.toContain(idA);
  });
});
