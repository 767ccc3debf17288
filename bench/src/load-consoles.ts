import { backoffDelay, startLiveFeed, type FeedEvent, type LiveFeed, type SubscribeFn } from '@switchboard/schema';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { nowMs, serveOps, sleep } from './fanout-shared.js';
import { graphql } from './http-client.js';
import { QUEUE_SUBSCRIPTION } from './load-options.js';

/**
 * A load process of the load bench (forked by `load.ts`): holds a share of the consoles. Each is
 * what the console runs: a graphql-ws client that reconnects by itself (jittered back-off, over
 * the replicas it is given, like clients behind a load balancer) and `startLiveFeed` over it,
 * resuming from its last cursor after any drop. It records every event the feed hands on (id,
 * the event's `at`, when the frame was parsed) and counts frames the server sent twice.
 */

interface LoadConsole {
  role: string;
  client: Client;
  feed: LiveFeed;
  /** Per event the feed delivered, in delivery order: its id, `at` (ms) and arrival (ms, nowMs). */
  ids: number[];
  ats: number[];
  arrivals: number[];
  /** Frames whose cursor was not above the previous frame's (the feed drops those as stale). */
  repeats: number;
  lastFrame: number;
  connects: number[];
  closes: number[];
  closeCodes: number[];
}

interface QueueEvent extends FeedEvent {
  at: string;
}

const consoles: LoadConsole[] = [];
const problems: string[] = [];
/** Set before a planned failure: the first reconnect waits this long (+0–25 %), then the console's back-off. */
let retryGapMs = 0;

function problem(text: string): void {
  if (problems.length < 30) problems.push(text);
}

function openConsole(urls: string[], first: number, token: string, role: string, cursor: string): Promise<LoadConsole> {
  let endpoint = first;
  let connectedOnce = false;
  const con = { role, ids: [], ats: [], arrivals: [], repeats: 0, lastFrame: 0, connects: [], closes: [], closeCodes: [] } as unknown as LoadConsole;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('graphql-ws connection not acknowledged within 30 s')), 30_000);
    con.client = createClient({
      // The next replica after each close: what a load balancer does once a backend is gone.
      url: () => urls[endpoint % urls.length]!,
      webSocketImpl: WebSocket,
      lazy: true,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: Number.POSITIVE_INFINITY,
      // The console's schedule (RECONNECT_BACKOFF: full jitter from 1 s), after the planned gap if any.
      retryWait: (retries) => sleep(retries === 0 && retryGapMs > 0 ? retryGapMs * (1 + Math.random() / 4) : backoffDelay(retries, { baseMs: 1000, maxMs: 30_000 })),
      // A bench console never gives up: a 4500 (resume) or a refusal while the database is down is retried too.
      shouldRetry: () => true,
      on: {
        connected: () => {
          con.connects.push(nowMs());
          if (!connectedOnce) {
            connectedOnce = true;
            clearTimeout(timer);
            resolve(con);
          }
        },
        closed: (event) => {
          con.closes.push(nowMs());
          con.closeCodes.push((event as { code?: number } | undefined)?.code ?? 0);
          endpoint++;
        },
      },
    });
    let arrival = 0;
    // Stamps each frame before the feed looks at it, and counts what the server sent twice.
    const subscribe: SubscribeFn = (payload, sink) =>
      con.client.subscribe(payload, {
        next: (value) => {
          arrival = nowMs();
          const cursor = Number((value.data as { threadEvents?: { cursor?: string } } | null | undefined)?.threadEvents?.cursor ?? Number.NaN);
          if (cursor <= con.lastFrame) con.repeats++;
          else if (cursor > con.lastFrame) con.lastFrame = cursor;
          sink.next(value);
        },
        error: (error) => sink.error(error),
        complete: () => sink.complete(),
      });
    con.feed = startLiveFeed<QueueEvent>({
      subscribe,
      transport: con.client,
      query: QUEUE_SUBSCRIPTION,
      cursor,
      readCursor: async () => {
        const http = urls[endpoint % urls.length]!.replace(/^ws/, 'http');
        const res = await graphql<{ eventCursor: string }>(new URL(http), '{ eventCursor }', {}, token);
        if (!res.data?.eventCursor) throw new Error(`eventCursor failed: ${JSON.stringify(res.errors)}`);
        problem('a feed had to reset (CURSOR_EXPIRED)');
        return res.data.eventCursor;
      },
      onEvent: (event) => {
        con.ids.push(Number(event.cursor));
        con.ats.push(Date.parse(event.at));
        con.arrivals.push(arrival);
      },
      onError: (errors) => problem(`feed errors: ${JSON.stringify(errors).slice(0, 300)}`),
      backoffMs: 1000,
    });
  });
}

async function open(args: { urls: string[]; spread: boolean; tokens: string[]; roles: string[]; count: number; cursor: string }): Promise<number> {
  const base = consoles.length;
  const opened: LoadConsole[] = [];
  let next = 0;
  const lane = async () => {
    while (next < args.count) {
      const i = base + next++;
      const k = i % args.tokens.length;
      opened.push(await openConsole(args.urls, args.spread ? i : 0, args.tokens[k]!, args.roles[k]!, args.cursor));
    }
  };
  await Promise.all(Array.from({ length: Math.min(50, args.count) }, lane));
  consoles.push(...opened);
  return consoles.length;
}

/** How many consoles have not delivered event `id` (or a later one), after waiting up to `timeoutMs`. */
async function behind(args: { id: number; timeoutMs: number }): Promise<number> {
  const deadline = nowMs() + args.timeoutMs;
  for (;;) {
    const lagging = consoles.filter((con) => (con.ids.at(-1) ?? 0) < args.id).length;
    if (lagging === 0 || nowMs() > deadline) return lagging;
    await sleep(5);
  }
}

export interface ConsoleCheck {
  role: string;
  delivered: number;
  missing: number;
  duplicates: number;
  outOfOrder: number;
  unexpected: number;
  repeats: number;
  connects: number[];
  closes: number[];
  closeCodes: number[];
  /** With `detail`: the window's deliveries. */
  ids?: Float64Array;
  ats?: Float64Array;
  arrivals?: Float64Array;
}

/**
 * Checks each console's deliveries in (from, to] against `expected` (the log's ids there): every
 * one, once, in order. Returns the arrival − `at` of every delivery in the window as well.
 */
function collect(args: { from: number; to: number; expected: number[]; detail: boolean; forget: boolean; t0: number }) {
  const expected = new Set(args.expected);
  const latencies: number[] = [];
  // Per second since t0: the worst latency of events committed in it, and the frames that arrived in it.
  const worstByCommit: number[] = [];
  const arrivedBySecond: number[] = [];
  const bump = (list: number[], at: number, value: number, add: boolean) => {
    const s = Math.max(0, Math.floor((at - args.t0) / 1000));
    list[s] = add ? (list[s] ?? 0) + value : Math.max(list[s] ?? 0, value);
  };
  const checks = consoles.map((con): ConsoleCheck => {
    const seen = new Set<number>();
    let previous = -1;
    const check: ConsoleCheck = {
      role: con.role, delivered: 0, missing: 0, duplicates: 0, outOfOrder: 0, unexpected: 0, repeats: con.repeats,
      connects: [...con.connects], closes: [...con.closes], closeCodes: [...con.closeCodes],
    };
    const picked: number[] = [];
    con.ids.forEach((id, k) => {
      if (id <= args.from || id > args.to) return;
      picked.push(k);
      check.delivered++;
      if (id <= previous) check.outOfOrder++;
      previous = Math.max(previous, id);
      if (seen.has(id)) check.duplicates++;
      else if (!expected.has(id)) check.unexpected++;
      seen.add(id);
      latencies.push(con.arrivals[k]! - con.ats[k]!);
      bump(worstByCommit, con.ats[k]!, con.arrivals[k]! - con.ats[k]!, false);
      bump(arrivedBySecond, con.arrivals[k]!, 1, true);
    });
    check.missing = args.expected.filter((id) => !seen.has(id)).length;
    if (args.detail) {
      check.ids = Float64Array.from(picked, (k) => con.ids[k]!);
      check.ats = Float64Array.from(picked, (k) => con.ats[k]!);
      check.arrivals = Float64Array.from(picked, (k) => con.arrivals[k]!);
    }
    return check;
  });
  // What was checked is let go, so a long run holds only the current window.
  if (args.forget) for (const con of consoles) forget(con, args.to);
  const dense = (list: number[]) => Array.from(list, (v) => v ?? 0);
  return { checks, latencies: Float64Array.from(latencies), worstByCommit: dense(worstByCommit), arrivedBySecond: dense(arrivedBySecond), problems: problems.splice(0) };
}

function forget(con: LoadConsole, upTo: number): void {
  const keep = con.ids.findIndex((id) => id > upTo);
  const from = keep === -1 ? con.ids.length : keep;
  for (const list of [con.ids, con.ats, con.arrivals]) list.splice(0, from);
  con.repeats = 0;
  for (const list of [con.connects, con.closes, con.closeCodes]) list.length = 0;
}

async function trim(args: { keep: number }): Promise<number> {
  for (const con of consoles.splice(args.keep)) {
    con.feed.stop();
    await con.client.dispose();
  }
  return consoles.length;
}

serveOps({
  open,
  behind,
  collect,
  trim,
  retryGap: (args: { ms: number }) => void (retryGapMs = args.ms),
});
