import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import type pg from 'pg';
import WebSocket from 'ws';
import { BoardUpdatedDocument } from '@switchboard/schema';
import { nowMs, sleep } from './fanout-shared.js';
import { graphql } from './http-client.js';
import { RECEIVE } from './load-options.js';
import { summarize, type Summary } from './stats.js';

// The board bench's live phase (bench/src/board.ts): boardUpdated subscribers under ingest.

export const SUBSCRIBERS = 5;
export const WRITE_RATE = 50;
export const WRITE_SECONDS = 10;
export const IDLE_SECONDS = 3;
const BOARD_SUBSCRIPTION = print(BoardUpdatedDocument);

interface BoardPush {
  at: number;
  /** Waiting threads on the board, all channels. */
  waiting: number;
}

interface Subscriber {
  client: Client;
  pushes: BoardPush[];
  errors: string[];
}

export interface LiveResult {
  idlePushesPerSecond: number[];
  writePushesPerSecond: number[];
  lag: Summary;
  unseen: number;
  commits: number;
  writeLatency: Summary;
  writeErrors: string[];
  subscriberErrors: string[];
  pushBytes: number;
}

export async function measureLive(
  endpoint: URL, db: pg.Client, supervisorToken: string, adminToken: string, cleanups: { add(step: () => Promise<void>): void },
): Promise<LiveResult> {
  const wsUrl = endpoint.toString().replace(/^http/, 'ws');
  const subscribers: Subscriber[] = [];
  let pushBytes = 0;
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${supervisorToken}` }, retryAttempts: 0 });
    const sub: Subscriber = { client, pushes: [], errors: [] };
    cleanups.add(async () => void (await client.dispose()));
    client.subscribe<{ boardUpdated: { channels: Array<{ waitingCount: number }> } }>({ query: BOARD_SUBSCRIPTION }, {
      next: (value) => {
        const at = nowMs();
        const channels = value.data?.boardUpdated.channels;
        if (!channels) sub.errors.push(JSON.stringify(value.errors ?? value).slice(0, 300));
        else sub.pushes.push({ at, waiting: channels.reduce((sum, c) => sum + c.waitingCount, 0) });
        // Sized once: serializing megabytes on every push would load the cores the server runs on.
        if (pushBytes === 0) pushBytes = Buffer.byteLength(JSON.stringify(value));
      },
      error: (error) => sub.errors.push(String(error instanceof Error ? error.message : JSON.stringify(error)).slice(0, 300)),
      complete: () => undefined,
    });
    subscribers.push(sub);
  }
  // No subscribe acknowledgement in graphql-ws: the first board (sent right after subscribing) is one.
  const deadline = nowMs() + 30_000;
  while (subscribers.some((s) => s.pushes.length === 0)) {
    if (nowMs() > deadline) throw new Error(`boardUpdated: no first board within 30 s (${subscribers.map((s) => s.errors.join('; ')).join(' | ')})`);
    await sleep(20);
  }

  const idleFrom = nowMs();
  await sleep(IDLE_SECONDS * 1000);
  const { rows: [cursor] } = await db.query<{ id: string }>(`SELECT coalesce(max(id), 0)::text AS id FROM event`);
  const baseline = subscribers[0]!.pushes.at(-1)!.waiting;

  // Open loop: message i is due at start + i / rate whatever happened to the earlier ones.
  const offered = WRITE_RATE * WRITE_SECONDS;
  const latencies: number[] = [];
  const writeErrors: string[] = [];
  const pending: Array<Promise<void>> = [];
  const writeFrom = nowMs() + 20;
  for (let i = 0; i < offered; i++) {
    const due = writeFrom + (i * 1000) / WRITE_RATE;
    const wait = due - nowMs();
    if (wait > 0) await sleep(wait);
    pending.push(graphql<{ receiveMessage: { thread: { id: string } } | null }>(endpoint, RECEIVE,
      { i: { channelKind: 'SMS', from: `+1888${String(i).padStart(7, '0')}`, body: `board bench message ${i}`, externalId: `board-${process.pid}-${i}` } }, adminToken)
      .then((res) => {
        if (res.data?.receiveMessage) latencies.push(nowMs() - due);
        else if (writeErrors.length < 5) writeErrors.push(`HTTP ${res.status}: ${JSON.stringify(res.errors ?? res).slice(0, 300)}`);
      }, (error: unknown) => void (writeErrors.length < 5 && writeErrors.push(String(error)))));
  }
  const writeTo = nowMs();
  await Promise.all(pending);
  const { rows: [created] } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM event WHERE type = 'CREATED' AND id > $1`, [cursor!.id]);
  // Until every subscriber's board counts every new thread (or 30 s: then some are reported unseen).
  const drainUntil = nowMs() + 30_000;
  while (nowMs() < drainUntil && subscribers.some((sub) => (sub.pushes.at(-1)?.waiting ?? 0) < baseline + created!.n)) await sleep(50);

  // append_events stamps each event with clock_timestamp() just before its COMMIT (one message):
  // the k-th thread created in commit order is the one that makes the board count baseline + k.
  const { rows: commits } = await db.query<{ at: number }>(
    `SELECT extract(epoch FROM created_at)::float8 * 1000 AS at FROM event WHERE type = 'CREATED' AND id > $1 ORDER BY id`, [cursor!.id]);
  const lags: number[] = [];
  let unseen = 0;
  for (const sub of subscribers) {
    let p = 0;
    commits.forEach((commit, k) => {
      while (p < sub.pushes.length && (sub.pushes[p]!.waiting < baseline + k + 1 || sub.pushes[p]!.at < commit.at)) p++;
      if (p < sub.pushes.length) lags.push(sub.pushes[p]!.at - commit.at);
      else unseen++;
    });
  }
  const rate = (sub: Subscriber, from: number, to: number) => sub.pushes.filter((push) => push.at >= from && push.at < to).length / ((to - from) / 1000);
  return {
    idlePushesPerSecond: subscribers.map((sub) => rate(sub, idleFrom, writeFrom)),
    writePushesPerSecond: subscribers.map((sub) => rate(sub, writeFrom, writeTo)),
    lag: summarize(lags),
    unseen,
    commits: commits.length,
    writeLatency: summarize(latencies),
    writeErrors,
    subscriberErrors: subscribers.flatMap((sub) => sub.errors).slice(0, 5),
    pushBytes,
  };
}

