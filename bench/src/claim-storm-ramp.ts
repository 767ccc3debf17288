import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { newId } from '@switchboard/server/ids.js';
import { CLAIM, type ClaimData } from './claim-storm-storms.js';
import { graphql, type GraphQLResponse } from './http-client.js';
import type { SeededAgent } from './setup.js';
import { summarize } from './stats.js';

/**
 * An open-loop ramp of claims: at each step, claim i (of a fresh, unowned thread) is due at
 * start + i / rate whatever happened to the earlier ones, and is timed from that due time, so a
 * server that falls behind shows as latency, not as fewer claims (no coordinated omission).
 * The answer: the highest rate whose p99 stays under the threshold with no errors.
 */

export interface RampPlan {
  rates: number[];
  seconds: number;
  /** Bisections between the last rate that held and the first that did not. */
  refinements: number;
  thresholdMs: number;
}

export interface RampStep {
  rate: number;
  sent: number;
  won: number;
  /** Refusals, transport errors and claims not sent because MAX_IN_FLIGHT were waiting. */
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Answers per second from the first due time to the last answer. */
  achievedPerSecond: number;
  /** The latest a claim left after its due time (the bench's own lag, part of the latency). */
  sendLagMaxMs: number;
  held: boolean;
  firstErrors: string[];
}

export interface RampRun {
  plan: RampPlan;
  steps: RampStep[];
  /** The highest rate that held (p99 under the threshold, no errors); null when none did. */
  highestRate: number | null;
  /** Every planned rate held: the real ceiling lies above the ramp's top. */
  boundedByTop: boolean;
  seconds: number;
}

/** Beyond this many claims waiting for an answer, the server is long past the threshold. */
const MAX_IN_FLIGHT = 2000;
const PAUSE_BETWEEN_STEPS_MS = 1000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runRamp(
  endpoint: URL, db: pg.Client, agents: SeededAgent[], queueId: string, plan: RampPlan, log: (line: string) => void,
): Promise<RampRun> {
  const began = performance.now();
  // Capacity must never refuse: the largest step spread over the agents, with room to spare.
  const perAgent = Math.ceil((Math.max(...plan.rates) * plan.seconds) / agents.length) + 100;
  await db.query(`UPDATE agent SET capacity = greatest(capacity, $2) WHERE id = ANY($1::text[])`, [agents.map((a) => a.id), perAgent]);
  const pool = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  const steps: RampStep[] = [];
  const step = async (rate: number) => {
    const result = await runStep(endpoint, db, pool, agents, queueId, rate, plan);
    steps.push(result);
    log(`  ${String(rate).padStart(5)} claims/s: p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ` +
      `${result.errors} errors, ${result.achievedPerSecond.toFixed(0)} answered/s: ${result.held ? 'held' : 'MISSED'}`);
    await sleep(PAUSE_BETWEEN_STEPS_MS);
    return result.held;
  };
  try {
    let lastHeld: number | null = null;
    let firstMissed: number | null = null;
    for (const rate of plan.rates) {
      if (await step(rate)) lastHeld = rate;
      else {
        firstMissed = rate;
        break;
      }
    }
    // Narrow the gap: halfway between the last rate that held (or 0) and the lowest that missed.
    let low = lastHeld ?? 0;
    let high = firstMissed;
    for (let k = 0; k < plan.refinements && high !== null; k++) {
      const mid = Math.round((low + high) / 2);
      if (mid <= low || mid >= high) break;
      if (await step(mid)) low = mid;
      else high = mid;
    }
    const held = steps.filter((s) => s.held).map((s) => s.rate);
    return {
      plan,
      steps,
      highestRate: held.length > 0 ? Math.max(...held) : null,
      boundedByTop: firstMissed === null,
      seconds: (performance.now() - began) / 1000,
    };
  } finally {
    pool.destroy();
  }
}

async function runStep(
  endpoint: URL, db: pg.Client, pool: http.Agent, agents: SeededAgent[], queueId: string, rate: number, plan: RampPlan,
): Promise<RampStep> {
  const offered = Math.round(rate * plan.seconds);
  const threadIds = await seedOpenThreads(db, queueId, offered);
  const latencies: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  const fail = (what: string) => {
    errors++;
    if (firstErrors.length < 5) firstErrors.push(what.slice(0, 300));
  };
  let sendLagMaxMs = 0;
  let lastAnswer = 0;
  const pending = new Set<Promise<void>>();
  const start = performance.now() + 20;

  const send = (i: number, due: number) => {
    if (pending.size >= MAX_IN_FLIGHT) return fail('not sent: too many claims in flight');
    const agent = agents[i % agents.length]!;
    const request = claim(endpoint, pool, threadIds[i]!, agent.token).then(
      (res) => {
        lastAnswer = performance.now();
        if (res.data?.claimThread && !res.errors?.length) latencies.push(lastAnswer - due);
        else fail(`HTTP ${res.status}: ${JSON.stringify(res.errors ?? res)}`);
      },
      (error: unknown) => fail(`transport: ${String(error)}`),
    );
    const tracked = request.finally(() => pending.delete(tracked));
    pending.add(tracked);
  };

  // Sends everything due, then sleeps until the next due time: a late timer sends a burst, not fewer.
  for (let i = 0; i < offered; ) {
    const now = performance.now();
    while (i < offered && start + (i * 1000) / rate <= now) {
      const due = start + (i * 1000) / rate;
      sendLagMaxMs = Math.max(sendLagMaxMs, now - due);
      send(i++, due);
    }
    if (i < offered) await sleep(Math.max(0, start + (i * 1000) / rate - performance.now()));
  }
  const deadline = performance.now() + 60_000;
  while (pending.size > 0 && performance.now() < deadline) await Promise.race([...pending, sleep(100)]);
  if (pending.size > 0) fail(`${pending.size} claims unanswered after 60 s`);

  // Resolved behind the server's back: the next step starts with nobody holding open threads.
  await db.query(`UPDATE thread SET status = 'RESOLVED' WHERE id = ANY($1::text[])`, [threadIds]);
  const summary = summarize(latencies);
  return {
    rate,
    sent: offered,
    won: latencies.length,
    errors,
    p50: summary.p50,
    p95: summary.p95,
    p99: summary.p99,
    max: summary.max,
    achievedPerSecond: latencies.length / (Math.max(1, lastAnswer - start) / 1000),
    sendLagMaxMs,
    held: errors === 0 && summary.p99 < plan.thresholdMs,
    firstErrors,
  };
}

function claim(endpoint: URL, pool: http.Agent, threadId: string, token: string): Promise<GraphQLResponse<ClaimData>> {
  return graphql<ClaimData>(endpoint, CLAIM, { id: threadId }, token, pool);
}

let seededCustomers = 0;

/** Fresh OPEN unowned SMS threads in the queue, one new customer each, written in SQL (seeding is not measured). */
async function seedOpenThreads(db: pg.Client, queueId: string, count: number): Promise<string[]> {
  const { rows: [channel] } = await db.query<{ id: string }>(`SELECT id FROM channel WHERE kind = 'SMS' ORDER BY created_at, id LIMIT 1`);
  const customerIds = Array.from({ length: count }, () => newId('cus'));
  const threadIds = Array.from({ length: count }, () => newId('thr'));
  const first = seededCustomers;
  seededCustomers += count;
  await db.query(`INSERT INTO customer (id, name) SELECT id, 'Ramp customer ' || n FROM unnest($1::text[]) WITH ORDINALITY AS t(id, n)`, [customerIds]);
  await db.query(
    `INSERT INTO customer_identity (customer_id, channel_kind, address)
     SELECT id, 'SMS', '+1558' || lpad(($2 + n)::text, 7, '0') FROM unnest($1::text[]) WITH ORDINALITY AS t(id, n)`,
    [customerIds, first]);
  // Arrived over the last minute, due 5 min (the SMS target) after arrival.
  await db.query(
    `INSERT INTO thread (id, customer_id, queue_id, channel_id, status, priority, owner_id,
                         waiting_since, response_due_at, wait_channel_id, last_inbound_at, version)
     SELECT t.id, t.customer_id, $3, $4, 'OPEN', 1, NULL, arrived, arrived + interval '5 minutes', $4, arrived, 1
       FROM unnest($1::text[], $2::text[]) AS t(id, customer_id),
            LATERAL (SELECT now() - random() * interval '1 minute') AS a(arrived)`,
    [threadIds, customerIds, queueId, channel!.id]);
  await db.query('ANALYZE thread');
  return threadIds;
}
