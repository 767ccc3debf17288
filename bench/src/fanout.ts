import { fork } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { closeHttpClient, graphql } from './http-client.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, cleanupRegistry, environmentRows, runBench, seed, startStack } from './setup.js';
import { ms, percentile, summarize, type Summary } from './stats.js';
import { cpuMsOf, fdLimit, LOOP_RESOLUTION_MS, loopDelayOf, nowMs, reexecWithMoreFiles, Rpc, rssOf, sleep, type LoopDelay, type ProcessStats } from './fanout-shared.js';

/**
 * `pnpm bench:fanout`: live fan-out latency, commit → frame received, for N graphql-ws consoles
 * on the built server, side by side with a floor (`fanout-floor.ts`: one INSERT in the same
 * PostgreSQL, then the same bytes to N raw WebSockets). Also the server's resident memory per
 * idle console and its responsiveness (GET /healthz round trips) during the fan-out.
 * Exit 1 if any console missed an event, got one twice, or anything broke.
 *
 * Environment (for quick runs): FANOUT_SIZES=100,1000,5000  FANOUT_EVENTS=30  FANOUT_WORKERS=2;
 * FANOUT_SERVER_NODE_ARGS adds node flags to the server only (e.g. --cpu-prof).
 */
const SIZES = listFromEnv('FANOUT_SIZES') ?? [100, 1000, 5000];
const MAX_N = Math.max(...SIZES);
const MEMORY_STEPS = [...new Set([0, ...[1000, 2500, 5000].filter((n) => n < MAX_N), MAX_N])].sort((a, b) => a - b);
const EVENTS = Number(process.env.FANOUT_EVENTS ?? 30);
const SPACING_MS = 200;
const AGENTS = 10;
const WORKERS = Number(process.env.FANOUT_WORKERS ?? 2);
const OPEN_CONCURRENCY = 100; // per load process
const SUBSCRIPTION = 'subscription { threadEvents(types: [CREATED]) { cursor at thread { id } } }';
const RECEIVE = 'mutation Receive($i: InboundMessageInput!) { receiveMessage(input: $i) { thread { id } } }';

const here = path.dirname(fileURLToPath(import.meta.url));

function listFromEnv(name: string): number[] | null {
  const raw = process.env[name]?.trim();
  if (!raw) return null;
  const list = raw.split(',').map((part) => Number(part.trim()));
  if (list.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`${name} must be a list of positive integers`);
  return list;
}

// Every console is one socket here and one in the server (or floor): raise the open-file limit.
const reexecCode = await reexecWithMoreFiles(MAX_N + 2048);
if (reexecCode !== null) process.exit(reexecCode);

const cleanups = cleanupRegistry();

const log = (line = '') => console.log(line);

// --- load processes ----------------------------------------------------------------------

interface Collected {
  consoles: number;
  times: Record<string, Float64Array>;
  ats: Record<string, string>;
  duplicates: number;
  unexpected: number;
  problems: string[];
  payloadBytes: number;
}

const split = (total: number, parts: number) =>
  Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));

class Consoles {
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

// --- one measured phase ----------------------------------------------------------------------

interface Fired {
  key: string;
  /** The reference: when the commit became visible to the bench's own poller (see CommitWatch). */
  visibleAt: number;
  /** When the writer learned of its commit (server: HTTP response at the bench; floor: INSERT returned). */
  ackAt: number;
}

/**
 * Sees commits from outside, independent of the writer's event loop: while a change is in
 * flight, the bench's own PostgreSQL session asks every ~1 ms for rows after the last it saw. A
 * row first seen by the query sent at t2 (and not by the one sent at t1) committed between t1 and
 * t2; its commit time is taken as (t1 + t2) / 2, within about ±0.7 ms.
 */
class CommitWatch {
  private last = '0';
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly db: pg.Client,
    /** Selects `id` (text) and `key` of rows with id > $1, in id order. */
    private readonly sql: string,
  ) {}

  async init(maxSql: string): Promise<void> {
    const { rows } = await this.db.query<{ id: string }>(maxSql);
    this.last = rows[0]?.id ?? '0';
  }

  /**
   * Runs `write` while polling, and stops polling at the first new row: the writes are one at a
   * time and nothing else writes these rows, so it is this write's (checked against its key once
   * it answers). Polling only until the commit keeps the poller off the CPU during the fan-out.
   */
  async around<T extends { key: string }>(write: () => Promise<T>): Promise<T & { visibleAt: number }> {
    let failed = false;
    const writing = write().catch((error: unknown) => {
      failed = true;
      throw error;
    });
    writing.catch(() => undefined);
    let previousSent = Number.NaN;
    const poll = async () => {
      const sent = nowMs();
      const { rows } = await this.db.query<{ id: string; key: string }>(this.sql, [this.last]);
      for (const row of rows) {
        this.seen.set(row.key, Number.isNaN(previousSent) ? sent : (previousSent + sent) / 2);
        this.last = row.id;
      }
      previousSent = sent;
      return rows.length > 0;
    };
    for (let polls = 0; !failed && !(await poll()); polls++) {
      if (polls > 30_000) throw new Error('no commit became visible within ~30 s');
      await sleep(1);
    }
    const value = await writing;
    while (!this.seen.has(value.key)) {
      // Not ours after all (another writer?): keep looking for ours.
      if (!(await poll())) await sleep(1);
    }
    const visibleAt = this.seen.get(value.key)!;
    this.seen.clear();
    return { ...value, visibleAt };
  }
}

interface PhaseResult {
  n: number;
  latencies: number[];
  /** Latency from the writer's acknowledgement (see Fired.ackAt). */
  fromAck: number[];
  /** Latency from the event's `at` (PostgreSQL now() in the writing transaction). */
  fromAt: number[];
  /** Per event: when the LAST console had it, from the reference. */
  lastConsole: number[];
  missing: number;
  duplicates: number;
  problems: string[];
  seconds: number;
  payloadBytes: number;
  /** How long after the commit the writer learned of it (server: HTTP response; floor: INSERT return). */
  ackLag: number[];
  /** Commit minus `at`: for the server, how long its transaction ran (`at` is its start). */
  visibleMinusAt: number[];
}

async function warmUp(consoles: Consoles, fire: (label: string) => Promise<Fired>): Promise<number> {
  // graphql-ws has no subscribe acknowledgement: a change that every console received proves
  // that every subscription is registered (later changes then reach them all).
  for (let attempt = 1; attempt <= 20; attempt++) {
    const { key } = await fire(`warm-up ${attempt}`);
    if ((await consoles.missing(key, 3000)) === 0) return attempt;
  }
  throw new Error(`after 20 warm-up changes, some of the ${consoles.size} consoles still received nothing`);
}

const previousDuplicates = new Map<string, number>();

async function measure(consoles: Consoles, fire: (label: string) => Promise<Fired>): Promise<PhaseResult> {
  const fired: Fired[] = [];
  const began = nowMs();
  for (let e = 0; e < EVENTS; e++) {
    const due = began + e * SPACING_MS;
    const wait = due - nowMs();
    if (wait > 0) await sleep(wait);
    fired.push(await fire(`event ${e + 1}`));
  }
  const seconds = (nowMs() - began) / 1000;
  // Everything in order: once the last event has reached everyone, the earlier ones had their chance.
  await consoles.missing(fired.at(-1)!.key, 15_000);
  await sleep(500); // a late duplicate would show up here
  const parts = await consoles.collect(fired.map((f) => f.key));

  const result: PhaseResult = {
    n: consoles.size, latencies: [], fromAck: [], fromAt: [], lastConsole: [], missing: 0, duplicates: 0, problems: [], seconds, payloadBytes: 0,
    ackLag: [], visibleMinusAt: [],
  };
  parts.forEach((part, w) => {
    const mark = `${consoles.kind}:${w}`;
    result.duplicates += part.duplicates - (previousDuplicates.get(mark) ?? 0);
    previousDuplicates.set(mark, part.duplicates);
    result.problems.push(...part.problems);
    result.payloadBytes ||= part.payloadBytes;
  });
  for (const { key, visibleAt: refAt, ackAt } of fired) {
    const at = parts.map((p) => p.ats[key]).find(Boolean);
    const atMs = at ? Date.parse(at) : Number.NaN;
    if (at) result.visibleMinusAt.push(refAt - atMs);
    result.ackLag.push(ackAt - refAt);
    let last = Number.NEGATIVE_INFINITY;
    for (const part of parts) {
      for (const received of part.times[key] ?? []) {
        if (Number.isNaN(received)) {
          result.missing++;
          continue;
        }
        result.latencies.push(received - refAt);
        result.fromAck.push(received - ackAt);
        if (at) result.fromAt.push(received - atMs);
        last = Math.max(last, received - refAt);
      }
    }
    result.lastConsole.push(last);
  }
  return result;
}

// --- /healthz prober and memory --------------------------------------------------------------

function startHealthProbe(base: URL): { stop(): Promise<number[]> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const samples: number[] = [];
  let running = true;
  const url = new URL('/healthz', base);
  const probing = (async () => {
    while (running) {
      const started = nowMs();
      await new Promise<void>((resolve) => {
        http.get(url, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve());
          res.on('error', () => resolve());
        }).on('error', () => resolve());
      });
      samples.push(nowMs() - started);
      const wait = 50 - (nowMs() - started);
      if (wait > 0) await sleep(wait);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await probing;
      agent.destroy();
      return samples;
    },
  };
}

/** Median of 5 VmRSS readings 200 ms apart, after 2 s to settle. */
async function settledRss(pid: number): Promise<number> {
  await sleep(2000);
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    readings.push(rssOf(pid));
    await sleep(200);
  }
  return readings.sort((a, b) => a - b)[2]!;
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxy / sxx;
}

// --- main ----------------------------------------------------------------------------------------

interface Row {
  n: number;
  server: PhaseResult;
  floor: PhaseResult;
  health: number[];
  serverCpuMs: number;
  floorCpuMs: number;
  serverLoadStats: ProcessStats[];
  floorLoadStats: ProcessStats[];
  floorStats: ProcessStats;
  floorWriteMs: number[];
  benchLoop: LoopDelay;
}

async function main(): Promise<number> {
  const began = nowMs();
  const files = fdLimit();
  if (files < MAX_N + 1024) throw new Error(`open-file limit ${files} is too low for ${MAX_N} consoles; raise it (ulimit -n) and run again`);

  log(`open-file limit ${files}`);
  // FANOUT_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"): to look inside the server.
  const { database, server, db } = await startStack(cleanups, log, process.env.FANOUT_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []);
  const seeded = await seed(db, server.endpoint, { agents: AGENTS, threads: 0 });
  const tokens = seeded.agents.map((agent) => agent.token);
  const admin = await graphql<{ login: { token: string } }>(
    server.endpoint,
    'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
    { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
  );
  const adminToken = admin.data?.login.token;
  if (!adminToken) throw new Error(`admin login failed: ${JSON.stringify(admin.errors)}`);
  log(`seeded ${AGENTS} signed-in agents (role AGENT, queue General); consoles are spread over them`);

  const workers = await Promise.all(
    Array.from({ length: WORKERS }, (_, i) =>
      Rpc.start(`load process ${i + 1}`, fork(path.join(here, 'fanout-clients.js'), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })),
    ),
  );
  cleanups.add(async () => void (await Promise.all(workers.map((w) => w.stop()))));
  const floor = await Rpc.start(
    'floor',
    fork(path.join(here, 'fanout-floor.js'), [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, FANOUT_FLOOR_DATABASE_URL: database.url },
    }),
  );
  cleanups.add(() => floor.stop());
  const floorPort = await floor.call<number>('port');
  log(`floor: ws://127.0.0.1:${floorPort}/floor, pid ${floor.child.pid}; ${WORKERS} load processes`);

  const serverCommits = new CommitWatch(db, `SELECT id::text AS id, thread_id AS key FROM event WHERE id > $1::bigint AND type = 'CREATED' ORDER BY id`);
  await serverCommits.init(`SELECT coalesce(max(id), 0)::text AS id FROM event`);
  let sequence = 0;
  const fireServer = (label: string): Promise<Fired> =>
    serverCommits.around(async () => {
      const n = ++sequence;
      const res = await graphql<{ receiveMessage: { thread: { id: string } } }>(
        server.endpoint,
        RECEIVE,
        { i: { channelKind: 'SMS', from: `+1666${String(n).padStart(7, '0')}`, body: `fan-out bench: ${label}`, externalId: `fanout-${process.pid}-${n}` } },
        adminToken,
      );
      const ackAt = nowMs();
      const key = res.data?.receiveMessage.thread.id;
      if (!key) throw new Error(`receiveMessage failed: ${JSON.stringify(res.errors ?? res)}`);
      return { key, ackAt };
    });
  let serverPayloadBytes = 0;
  const floorWrites: number[] = [];
  // The floor's table exists once the floor is up; its keys are 'flr_' + the zero-padded id.
  const floorCommits = new CommitWatch(db, `SELECT id::text AS id, id::text AS key FROM bench_floor WHERE id > $1::bigint ORDER BY id`);
  await floorCommits.init(`SELECT coalesce(max(id), 0)::text AS id FROM bench_floor`);
  const fireFloor = async (label: string): Promise<Fired> => {
    const fired = await floorCommits.around(async () => {
      const reply = await floor.call<{ id: string; key: string; committedAt: number; writeMs: number }>('fire', {
        payloadBytes: serverPayloadBytes, body: `fan-out bench: ${label}`,
      });
      return { key: reply.id, frameKey: reply.key, committedAt: reply.committedAt, writeMs: reply.writeMs };
    });
    floorWrites.push(fired.writeMs);
    return { key: fired.frameKey, visibleAt: fired.visibleAt, ackAt: fired.committedAt };
  };

  const benchLoop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  benchLoop.enable();

  // 1. The server: consoles connect in steps, 0 → MAX_N. At each step, once every console has
  // received a warm-up change, the server's VmRSS with them idle; at each N of SIZES, then the
  // measured changes. Ascending, so no mass disconnect (and its garbage) precedes a measurement.
  const serverConsoles = new Consoles(workers, 'server', server.endpoint.href.replace(/^http/, 'ws'), tokens);
  for (let i = 0; i < 3; i++) await fireServer('before consoles'); // the write path is warm at 0 too
  const memory: Array<[number, number]> = [];
  const rows = new Map<number, Partial<Row>>();
  for (const step of [...new Set([...MEMORY_STEPS, ...SIZES])].sort((a, b) => a - b)) {
    const opening = nowMs();
    if (step > 0) {
      await serverConsoles.resize(step);
      await warmUp(serverConsoles, fireServer);
    }
    const rss = await settledRss(server.pid);
    memory.push([step, rss]);
    log(`memory: ${String(step).padStart(5)} idle consoles → server VmRSS ${(rss / 2 ** 20).toFixed(1)} MiB` +
      (step > 0 ? ` (connected and subscribed in ${((nowMs() - opening) / 1000).toFixed(1)} s)` : ''));
    if (!SIZES.includes(step)) continue;
    await Promise.all(workers.map((w) => w.call('resetStats')));
    benchLoop.reset();
    const cpuBefore = cpuMsOf(server.pid);
    const probe = startHealthProbe(server.endpoint);
    const result = await measure(serverConsoles, fireServer);
    const health = await probe.stop();
    const serverCpuMs = cpuMsOf(server.pid) - cpuBefore;
    const serverLoadStats = await Promise.all(workers.map((w) => w.call<ProcessStats>('stats')));
    serverPayloadBytes ||= result.payloadBytes;
    rows.set(step, { n: step, server: result, health, serverCpuMs, serverLoadStats, benchLoop: loopDelayOf(benchLoop) });
    const s = summarize(result.latencies);
    log(`server   N=${String(step).padStart(5)}: p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)}; missing ${result.missing}, duplicates ${result.duplicates}`);
  }
  await serverConsoles.resize(0);
  await sleep(2000); // the server's goodbyes (presence, sockets) settle before the floor runs

  // 2. The floor, at the same N.
  const floorConsoles = new Consoles(workers, 'floor', `ws://127.0.0.1:${floorPort}/floor`, []);
  for (const n of [...SIZES].sort((a, b) => a - b)) {
    await floorConsoles.resize(n);
    await warmUp(floorConsoles, fireFloor);
    await Promise.all([...workers.map((w) => w.call('resetStats')), floor.call('resetStats')]);
    floorWrites.length = 0;
    const cpuBefore = cpuMsOf(floor.child.pid!);
    const result = await measure(floorConsoles, fireFloor);
    const floorCpuMs = cpuMsOf(floor.child.pid!) - cpuBefore;
    const floorLoadStats = await Promise.all(workers.map((w) => w.call<ProcessStats>('stats')));
    const floorStats = await floor.call<ProcessStats>('stats');
    Object.assign(rows.get(n)!, { floor: result, floorCpuMs, floorLoadStats, floorStats, floorWriteMs: [...floorWrites] });
    const s = summarize(result.latencies);
    log(`floor    N=${String(n).padStart(5)}: p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)}; missing ${result.missing}, duplicates ${result.duplicates}`);
  }
  await floorConsoles.resize(0);
  closeHttpClient();
  const { rows: [pgVersion] } = await db.query<{ server_version: string }>('SHOW server_version');

  // --- report ----------------------------------------------------------------------------------
  const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
  const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}x` : 'n/a');
  const line = (label: string, value: string | number) => log(`  ${label.padEnd(44)} ${value}`);
  log('\n=== Switchboard live fan-out benchmark ===');
  for (const [label, value] of environmentRows()) line(label, value);
  line('postgresql', `${pgVersion?.server_version ?? 'unknown'} (${database.origin.startsWith('DATABASE_URL') ? 'DATABASE_URL' : 'embedded'})`);
  line('consoles', `graphql-ws clients over ${AGENTS} AGENT tokens, in ${WORKERS} load processes`);
  line('subscription', SUBSCRIPTION);
  line('events per N', `${EVENTS}, one every ${SPACING_MS} ms (receiveMessage → one CREATED each)`);
  line('payload bytes (server / floor)', `${serverPayloadBytes} / ${rows.get(SIZES[0]!)?.floor?.payloadBytes ?? 'n/a'}`);
  log('\nlatency, commit → frame parsed in the console (ms), every console x every event');
  log('  commit = when the row became visible to the bench\'s own PostgreSQL session (polled every ~1 ms, ±0.7 ms),');
  log('  the same way for both: `event` CREATED row for the server, `bench_floor` row for the floor');
  log('      N | server p50    p99    max | floor p50    p99    max | ratio p50  p99 | goals');
  let ok = true;
  const goals: string[] = [];
  for (const n of [...SIZES].sort((a, b) => a - b)) {
    const row = rows.get(n)!;
    const s = summarize(row.server!.latencies);
    const f = summarize(row.floor!.latencies);
    const r50 = s.p50 / f.p50;
    const r99 = s.p99 / f.p99;
    const marks = [`p50 ≤ 2x floor: ${r50 <= 2 ? 'MET' : 'MISSED'}`];
    if (n === 1000) marks.push(`p99 < 100 ms: ${s.p99 < 100 ? 'MET' : 'MISSED'}`);
    if (n === 5000) marks.push(`held: ${row.server!.missing === 0 && row.server!.problems.length === 0 ? 'MET' : 'MISSED'}`);
    goals.push(`N=${n}: ${marks.join(', ')}`);
    log(`  ${String(n).padStart(5)} | ${fmt(s.p50).padStart(10)} ${fmt(s.p99).padStart(6)} ${fmt(s.max).padStart(6)} | ${fmt(f.p50).padStart(9)} ${fmt(f.p99).padStart(6)} ${fmt(f.max).padStart(6)} | ${x(r50).padStart(9)} ${x(r99).padStart(6)} | ${marks.join('; ')}`);
  }
  log('\ndetails per N');
  for (const n of [...SIZES].sort((a, b) => a - b)) {
    const row = rows.get(n)! as Row;
    const sAt = summarize(row.server.fromAt);
    const fAt = summarize(row.floor.fromAt);
    const sAckd = summarize(row.server.fromAck);
    const fAckd = summarize(row.floor.fromAck);
    const sLast = summarize(row.server.lastConsole);
    const fLast = summarize(row.floor.lastConsole);
    const health = summarize(row.health);
    const sLag = summarize(row.server.ackLag);
    const fLag = summarize(row.floor.ackLag);
    const sTx = summarize(row.server.visibleMinusAt);
    const pair = (a: Summary, b: Summary, what: 'p99' | 'max' = 'p99') => `server ${ms(a.p50)} / ${ms(a[what])}; floor ${ms(b.p50)} / ${ms(b[what])}`;
    log(`  N=${n}`);
    line('  last console reached, per event p50 / max', pair(sLast, fLast, 'max'));
    line('  from the writer\'s ack p50 / p99 (†)', pair(sAckd, fAckd));
    line('  writer\'s ack after commit p50 / max (†)', pair(sLag, fLag, 'max'));
    line('  from `at` p50 / p99 (‡)', pair(sAt, fAt));
    line('  server: commit − `at` p50 / max (‡)', `${ms(sTx.p50)} / ${ms(sTx.max)}`);
    line('  CPU per event: server* / floor process', `${(row.serverCpuMs / EVENTS).toFixed(1)} ms / ${(row.floorCpuMs / EVENTS).toFixed(1)} ms`);
    line('  floor: write loop per event p50 / max', `${ms(percentile([...row.floorWriteMs].sort((a, b) => a - b), 50))} / ${ms(Math.max(...row.floorWriteMs))}`);
    line('  GET /healthz round trip p50 / p99 / max', `${ms(health.p50)} / ${ms(health.p99)} / ${ms(health.max)} (n=${health.count})`);
    const load = (stats: ProcessStats[]) => stats.map((st) => `${ms(st.loop.p99)} (busy ${(st.busy * 100).toFixed(0)}%)`).join(', ');
    line('  load processes: loop delay p99, server run', load(row.serverLoadStats));
    line('  load processes: loop delay p99, floor run', load(row.floorLoadStats));
    line('  floor process: loop delay p99', `${ms(row.floorStats.loop.p99)} (busy ${(row.floorStats.busy * 100).toFixed(0)}%)`);
    line('  bench coordinator loop delay p99', ms(row.benchLoop.p99));
    line(`  wall time of the ${EVENTS} events: server / floor`, `${row.server.seconds.toFixed(2)} s / ${row.floor.seconds.toFixed(2)} s`);
    for (const [which, result] of [['server', row.server], ['floor', row.floor]] as const) {
      if (result.missing || result.duplicates || result.problems.length) {
        ok = false;
        log(`  FAIL ${which} N=${n}: ${result.missing} missing receipts, ${result.duplicates} duplicates`);
        for (const text of result.problems.slice(0, 10)) log(`    - ${text}`);
      }
    }
  }
  log('  (* server CPU includes the mutation itself and the /healthz probe; /proc counts 10 ms ticks)');
  log('  († the writer\'s ack: server = receiveMessage\'s HTTP response reaching the bench, floor = its INSERT returning)');
  log('  (‡ `at` is the event row\'s created_at, stamped by append_events() with clock_timestamp(), just before COMMIT)');
  const perConsole = slope(memory);
  log('\nserver resident memory (VmRSS, idle subscribed consoles; median of 5 readings after 2 s)');
  for (const [n, rss] of memory) line(`  ${n} consoles`, `${(rss / 2 ** 20).toFixed(1)} MiB`);
  line('slope (least squares)', `${(perConsole / 1024).toFixed(1)} KB per console: goal < 50 KB ${perConsole / 1024 < 50 ? 'MET' : 'MISSED'}`);
  log('\nevent-loop delay (the server exposes none: see below)');
  log('      N | server /healthz p50    p99    max | floor loop delay p99 | load processes p99');
  let worstBound = 0;
  for (const n of [...SIZES].sort((a, b) => a - b)) {
    const row = rows.get(n)! as Row;
    const health = summarize(row.health);
    worstBound = Math.max(worstBound, health.p99);
    const loads = row.serverLoadStats.map((st) => fmt(st.loop.p99)).join(', ');
    log(`  ${String(n).padStart(5)} | ${fmt(health.p50).padStart(19)} ${fmt(health.p99).padStart(6)} ${fmt(health.max).padStart(6)} | ${fmt(row.floorStats.loop.p99).padStart(20)} | ${loads}`);
  }
  log('  (server: a GET /healthz every 50 ms from the bench; each includes a SELECT 1 on the server\'s pool, so');
  log('   its p99 is an UPPER BOUND on the server\'s loop delay. floor and load processes: monitorEventLoopDelay.)');
  goals.push(`memory per idle console < 50 KB: ${perConsole / 1024 < 50 ? 'MET' : 'MISSED'} (${(perConsole / 1024).toFixed(1)} KB)`);
  goals.push(`server event-loop delay p99 < 20 ms: ${worstBound < 20 ? 'MET (bound under 20 ms)' : `NOT SHOWN (the /healthz bound reaches ${worstBound.toFixed(0)} ms)`}`);
  log('\ngoals');
  for (const goal of goals) log(`  ${goal}`);
  line('total bench time', `${((nowMs() - began) / 1000).toFixed(1)} s`);
  log(ok ? '\nPASS: every console received every event exactly once' : '\nFAIL: see above');
  return ok ? 0 : 1;
}

await runBench(main, cleanups);
