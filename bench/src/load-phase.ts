import os from 'node:os';
import type pg from 'pg';
import { cpuMsOf, nowMs, split, type ProcessStats, type Rpc } from './fanout-shared.js';
import { graphql } from './http-client.js';
import type { ConsoleCheck } from './load-consoles.js';
import { healthSampler, machineCpu, postgresCpuMs } from './load-probes.js';
import { CUSTOMERS, NEW_SHARE, RECEIVE } from './load-options.js';
import type { WriteRun } from './load-writer.js';
import type { BenchDatabase, BenchServer } from './setup.js';
import { summarize, type Summary } from './stats.js';

// The load bench's moving parts as the coordinator sees them, and one measured window.

export interface LoadContext {
  database: BenchDatabase;
  /** The bench's own session; replaced after a database outage. */
  db: pg.Client;
  /** Live replicas, oldest first. */
  servers: BenchServer[];
  workers: Rpc[];
  writer: Rpc;
  adminToken: string;
  /** The consoles' tokens, AGENT and ADMIN alternately, with their roles. */
  tokens: string[];
  roles: string[];
}

export interface Collected {
  checks: ConsoleCheck[];
  latencies: Float64Array;
  /** Per second of the window: the worst latency of the events committed in it (ms). */
  worstByCommit: number[];
  /** Per second of the window: frames that arrived in it, over all consoles. */
  arrivedBySecond: number[];
  problems: string[];
}

/** One set of consoles spread evenly over the load processes (`load-consoles.ts`). */
export class LoadConsoles {
  private readonly counts: number[];
  constructor(
    private readonly ctx: LoadContext,
    /** graphql-ws URLs of the replicas; a console moves to the next one after a close. */
    readonly urls: string[],
    /** Console i starts on replica i mod the replicas (else every console starts on the first). */
    readonly spread: boolean,
  ) {
    this.counts = ctx.workers.map(() => 0);
  }

  get size(): number {
    return this.counts.reduce((a, b) => a + b, 0);
  }

  /** Opens (subscribed from `cursor`) or closes consoles until there are `n`. */
  async resize(n: number, cursor: string): Promise<void> {
    const targets = split(n, this.ctx.workers.length);
    await Promise.all(this.ctx.workers.map(async (worker, i) => {
      const target = targets[i]!;
      const have = this.counts[i]!;
      if (target > have) {
        this.counts[i] = await worker.call<number>('open', {
          urls: this.urls, spread: this.spread, tokens: this.ctx.tokens, roles: this.ctx.roles, count: target - have, cursor,
        });
      } else if (target < have) {
        this.counts[i] = await worker.call<number>('trim', { keep: target });
      }
    }));
  }

  /** How many consoles have not delivered event `id` yet, after waiting up to `timeoutMs`. */
  async behind(id: number, timeoutMs: number): Promise<number> {
    const counts = await Promise.all(this.ctx.workers.map((w) => w.call<number>('behind', { id, timeoutMs })));
    return counts.reduce((a, b) => a + b, 0);
  }

  async retryGap(ms: number): Promise<void> {
    await Promise.all(this.ctx.workers.map((w) => w.call('retryGap', { ms })));
  }

  async collect(args: { from: number; to: number; expected: number[]; detail: boolean; t0: number }): Promise<Collected> {
    const parts = await Promise.all(this.ctx.workers.map((w) => w.call<Collected>('collect', { ...args, forget: true })));
    const merge = (pick: (c: Collected) => number[], add: boolean) => {
      const merged: number[] = [];
      for (const list of parts.map(pick)) list.forEach((v, i) => (merged[i] = add ? (merged[i] ?? 0) + v : Math.max(merged[i] ?? 0, v)));
      return Array.from(merged, (v) => v ?? 0);
    };
    const latencies = new Float64Array(parts.reduce((n, p) => n + p.latencies.length, 0));
    let at = 0;
    for (const part of parts) {
      latencies.set(part.latencies, at);
      at += part.latencies.length;
    }
    return {
      checks: parts.flatMap((p) => p.checks), latencies, problems: parts.flatMap((p) => p.problems),
      worstByCommit: merge((p) => p.worstByCommit, false), arrivedBySecond: merge((p) => p.arrivedBySecond, true),
    };
  }
}

export async function headId(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM event');
  return Number(rows[0]?.id ?? 0);
}

/** The thread events in (from, to], in commit order: what every console of General must get. */
export async function threadEventIds(db: pg.Client, from: number, to: number): Promise<number[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id::text AS id FROM event WHERE id > $1 AND id <= $2 AND thread_id IS NOT NULL ORDER BY id', [from, to]);
  return rows.map((row) => Number(row.id));
}

let probes = 0;

/** One message from the bench itself; returns the log's head after it committed. */
export async function writeOne(ctx: LoadContext, server: BenchServer): Promise<number> {
  const n = ++probes;
  const res = await graphql<{ receiveMessage: { thread: { id: string } } | null }>(server.endpoint, RECEIVE,
    { i: { channelKind: 'SMS', from: `+1888${String(n).padStart(7, '0')}`, body: `load bench probe ${n}`, externalId: `load-probe-${process.pid}-${n}` } },
    ctx.adminToken);
  if (!res.data?.receiveMessage) throw new Error(`receiveMessage failed: ${JSON.stringify(res.errors ?? res)}`);
  return headId(ctx.db);
}

/**
 * Calibrates the latency reference: polls the log every ~2 ms for `seconds` and, per new event,
 * takes the midpoint of the last poll that missed it and the first that saw it as its commit;
 * returns commit − `at` (how much earlier than the commit `at` was stamped).
 */
export async function commitMinusAt(db: pg.Client, seconds: number): Promise<Summary> {
  const gaps: number[] = [];
  let last = await headId(db);
  let previous = nowMs();
  for (const end = nowMs() + seconds * 1000; nowMs() < end; ) {
    const sent = nowMs();
    const { rows } = await db.query<{ id: string; at: Date }>('SELECT id::text AS id, created_at AS at FROM event WHERE id > $1 ORDER BY id', [last]);
    for (const row of rows) {
      gaps.push((previous + sent) / 2 - row.at.getTime());
      last = Number(row.id);
    }
    previous = sent;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return summarize(gaps);
}

/** graphql-ws acknowledges no subscription: a message every console delivered proves them all live. */
export async function warmUp(ctx: LoadContext, consoles: LoadConsoles, server: BenchServer): Promise<void> {
  for (let attempt = 1; attempt <= 10; attempt++) {
    if ((await consoles.behind(await writeOne(ctx, server), 5000)) === 0) return;
  }
  throw new Error(`after 10 warm-up messages, some of the ${consoles.size} consoles still lag`);
}

export interface WindowResult {
  rate: number;
  consoles: number;
  seconds: number;
  write: WriteRun;
  expected: number;
  collected: Collected;
  /** Consoles still behind the last event 30 s after the writing ended. */
  lagging: number;
  /** Per server written to: CPU time / wall time while writing (1 = one core). */
  serverBusy: number[];
  /** Busy cores of the whole machine while writing (2 = both cores of a 2-core machine). */
  machineBusy: number;
  /** The embedded PostgreSQL's busy cores while writing (NaN on DATABASE_URL). */
  postgresBusy: number;
  writerStats: ProcessStats;
  /** The console processes, while writing. */
  loadStats: ProcessStats[];
  /** Per live server: the largest value of each numeric /healthz field while writing. */
  serverHealth: Array<Record<string, number>>;
}

export async function startWriting(ctx: LoadContext, endpoints: BenchServer[], rate: number, seconds: number): Promise<WriteRun> {
  return ctx.writer.call<WriteRun>('run', {
    endpoints: endpoints.map((s) => s.endpoint.href), token: ctx.adminToken, rate, seconds, newShare: NEW_SHARE, customers: CUSTOMERS,
  });
}

/**
 * Writes at `rate` for `seconds` through `endpoints` (open loop), waits until every console has
 * the last event, then checks every console's deliveries in the window against the log.
 * `during` runs alongside the writing (a fault, for instance).
 */
export async function measureWindow(
  ctx: LoadContext,
  consoles: LoadConsoles,
  options: { endpoints: BenchServer[]; rate: number; seconds: number; detail?: boolean; during?: () => Promise<void> },
): Promise<WindowResult> {
  const from = await headId(ctx.db);
  const t0 = nowMs();
  const cpuBefore = cpusOf(options.endpoints);
  const machine = machineCpu(os.cpus().length);
  const pgBefore = postgresCpuMs(ctx.database.dataDir);
  await Promise.all([...ctx.workers, ctx.writer].map((w) => w.call('resetStats')));
  const health = healthSampler(ctx.servers.map((s) => s.endpoint));
  const writing = startWriting(ctx, options.endpoints, options.rate, options.seconds);
  const [write] = await Promise.all([writing, options.during?.()]);
  const serverBusy = cpusOf(options.endpoints).map((ms, i) => (ms - cpuBefore[i]!) / (nowMs() - t0));
  const machineBusy = machine.stop();
  const pgAfter = postgresCpuMs(ctx.database.dataDir);
  // A cluster restarted in between (the outage) took its first life's CPU with it: not known.
  const postgresBusy = pgAfter.pid === pgBefore.pid ? (pgAfter.ms - pgBefore.ms) / (nowMs() - t0) : Number.NaN;
  const [writerStats, ...loadStats] = await Promise.all([ctx.writer, ...ctx.workers].map((w) => w.call<ProcessStats>('stats')));
  const serverHealth = await health.stop();
  const to = await headId(ctx.db);
  const lagging = await consoles.behind(to, 30_000);
  await new Promise((resolve) => setTimeout(resolve, 300)); // a late duplicate would show up here
  const expected = await threadEventIds(ctx.db, from, to);
  const collected = await consoles.collect({ from, to, expected, detail: options.detail ?? false, t0 });
  return { rate: options.rate, consoles: consoles.size, seconds: options.seconds, write, expected: expected.length, collected, lagging, serverBusy, machineBusy, serverHealth,
    postgresBusy, writerStats: writerStats!, loadStats };
}

/** CPU used so far (ms) by each server; NaN for one that is gone. */
function cpusOf(servers: BenchServer[]): number[] {
  return servers.map((s) => {
    try {
      return cpuMsOf(s.pid);
    } catch {
      return Number.NaN;
    }
  });
}

export interface DeliveryCheck {
  ok: boolean;
  missing: number;
  duplicates: number;
  outOfOrder: number;
  unexpected: number;
  /** Frames the server sent twice (the feed dropped them as stale). */
  repeats: number;
  perConsole: { min: number; max: number };
}

/** Every console got every expected event once, in order? */
export function checkDeliveries(result: WindowResult): DeliveryCheck {
  const sum = (pick: (c: ConsoleCheck) => number) => result.collected.checks.reduce((n, c) => n + pick(c), 0);
  const counts = result.collected.checks.map((c) => c.delivered - c.duplicates);
  const check = {
    missing: sum((c) => c.missing), duplicates: sum((c) => c.duplicates), outOfOrder: sum((c) => c.outOfOrder),
    unexpected: sum((c) => c.unexpected), repeats: sum((c) => c.repeats),
    perConsole: { min: Math.min(...counts), max: Math.max(...counts) },
  };
  return { ...check, ok: check.missing + check.duplicates + check.outOfOrder + check.unexpected === 0 && result.lagging === 0 };
}

export interface Ingest {
  ok: number;
  /** Answered OK per second, from the first due time to the last answer. */
  perSecond: number;
  request: Summary;
  /** The writer kept up: every request answered OK, the last within 1 s of its due time. */
  keptUp: boolean;
}

export function ingestOf(write: WriteRun): Ingest {
  const latencies: number[] = [];
  let last = Number.NEGATIVE_INFINITY;
  write.answered.forEach((answered, i) => {
    if (Number.isNaN(answered)) return;
    latencies.push(answered - write.due[i]!);
    last = Math.max(last, answered);
  });
  const first = write.due[0] ?? Number.NaN;
  const lastDue = write.due[write.offered - 1] ?? Number.NaN;
  const ok = latencies.length;
  return {
    ok,
    perSecond: ok / Math.max(0.001, (last - first) / 1000),
    request: summarize(latencies),
    keptUp: ok === write.offered && write.dropped === 0 && last - lastDue < 1000,
  };
}

export const latencyOf = (result: WindowResult): Summary => summarize(result.collected.latencies);
