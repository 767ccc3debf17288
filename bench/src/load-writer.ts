import { nowMs, serveOps, sleep } from './fanout-shared.js';
import { graphql } from './http-client.js';
import { MAX_IN_FLIGHT, RECEIVE } from './load-options.js';

/**
 * The customers of the load bench (forked by `load.ts`): `receiveMessage` at a fixed rate, open
 * loop. Request i is due at start + i / rate whatever happened to the earlier ones, and its
 * latency runs from that due time, so a slow server shows as latency instead of as fewer
 * requests (no coordinated omission). Most messages come from a seeded customer with an open
 * thread (one MESSAGE_RECEIVED event); a share from a new number (a new thread: CREATED +
 * MESSAGE_RECEIVED in one commit). Replicas are written round-robin.
 */

export interface WriteRun {
  offered: number;
  /** Per request: when it was due, and when its answer arrived (NaN: failed or dropped). */
  due: Float64Array;
  answered: Float64Array;
  errors: number;
  /** Not sent: MAX_IN_FLIGHT requests were already waiting. */
  dropped: number;
  firstErrors: string[];
  /** The latest a request left after its due time (the writer's own lag). */
  sendLagMaxMs: number;
}

let newCustomers = 0;
let sequence = 0;

async function run(args: { endpoints: string[]; token: string; rate: number; seconds: number; newShare: number; customers: number }): Promise<WriteRun> {
  const offered = Math.round(args.rate * args.seconds);
  const endpoints = args.endpoints.map((url) => new URL(url));
  const due = new Float64Array(offered);
  const answered = new Float64Array(offered).fill(Number.NaN);
  const result: WriteRun = { offered, due, answered, errors: 0, dropped: 0, firstErrors: [], sendLagMaxMs: 0 };
  const fail = (text: string) => {
    result.errors++;
    if (result.firstErrors.length < 5) result.firstErrors.push(text.slice(0, 300));
  };
  const start = nowMs() + 20;
  const pending = new Set<Promise<void>>();

  const send = (i: number) => {
    if (pending.size >= MAX_IN_FLIGHT) {
      result.dropped++;
      return;
    }
    const n = ++sequence;
    const from = Math.random() < args.newShare
      ? `+1777${String(++newCustomers).padStart(7, '0')}`
      : `+1555${String(1 + Math.floor(Math.random() * args.customers)).padStart(7, '0')}`;
    const request = graphql<{ receiveMessage: { thread: { id: string } } | null }>(
      endpoints[i % endpoints.length]!,
      RECEIVE,
      { i: { channelKind: 'SMS', from, body: `load bench message ${n}`, externalId: `load-${process.pid}-${n}` } },
      args.token,
    ).then(
      (res) => {
        if (res.data?.receiveMessage) answered[i] = nowMs();
        else fail(`HTTP ${res.status}: ${JSON.stringify(res.errors ?? res)}`);
      },
      (error: unknown) => fail(error instanceof Error ? error.message : String(error)),
    );
    const tracked = request.finally(() => pending.delete(tracked));
    pending.add(tracked);
  };

  // Sends everything due, then sleeps until the next due time: a late timer sends a burst, not fewer.
  for (let i = 0; i < offered; ) {
    const now = nowMs();
    while (i < offered && start + (i * 1000) / args.rate <= now) {
      due[i] = start + (i * 1000) / args.rate;
      result.sendLagMaxMs = Math.max(result.sendLagMaxMs, now - due[i]!);
      send(i++);
    }
    if (i < offered) await sleep(Math.max(0, start + (i * 1000) / args.rate - nowMs()));
  }
  const deadline = nowMs() + 60_000;
  while (pending.size > 0 && nowMs() < deadline) await Promise.race([...pending, sleep(100)]);
  return result;
}

serveOps({ run });
