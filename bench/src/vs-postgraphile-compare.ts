import { performance } from 'node:perf_hooks';
import { seedListing } from './listing-seed.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, login, startServer, startStack, type Cleanup } from './setup.js';
import { summarize } from './stats.js';
import { capacity, openLoop, sender, sequential, type PhaseResult, type Sender } from './vs-postgraphile-load.js';
import { compareRows, ourRows, OUR_QUERY, PEER_QUERY, peerRows, POSTGRAPHILE_FLAGS, startPostGraphile } from './vs-postgraphile-peer.js';
import { shortSql, startStatementTap } from './vs-postgraphile-sql.js';

// Issue 16, "Queue listing vs PostGraphile": the same 50 waiting threads, longest waiting first,
// from the built Switchboard server and from PostGraphile 4 on the same database, side by side.

export interface ListingOptions {
  quick: boolean;
  log: (line: string) => void;
  cleanups: { add(step: Cleanup): void };
}

export interface SystemFigures {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Successful answers per second over the measured phases. */
  throughputPerSecond: number;
  sent: number;
  failed: number;
  firstError: string | null;
  /** Closed-loop probe (4 requests in flight), before the fixed-rate phases. */
  capacityPerSecond: number;
  /** Median over 10 requests, counted at the PostgreSQL wire protocol. */
  sqlStatementsPerRequest: number;
  statements: string[];
  /** The load generator's worst lateness in sending (ms): large means the client, not the server, lagged. */
  maxSendLagMs: number;
}

export interface ListingResult {
  mode: 'quick' | 'full';
  dataset: Record<string, number>;
  seedSeconds: number;
  /** Fixed request rate of every measured phase (requests/s), half the slower system's capacity. */
  rate: number;
  phaseSeconds: number;
  /** A/B phases per system, alternating which goes first. */
  phasesPerSystem: number;
  rowsCompared: number;
  rowsIdentical: boolean;
  ours: SystemFigures;
  postgraphile: SystemFigures & { version: string; flags: string[] };
  /** Ours divided by PostGraphile's: below 1 is faster (latency), above 1 is more (throughput). */
  ratios: { p50: number; p99: number; throughput: number };
  goal: { p50NoSlower: boolean; p99NoSlower: boolean; atMost3Statements: boolean; met: boolean };
  postgresql: string;
  totalSeconds: number;
}

const MODES = {
  quick: { threads: 10_000, messages: 100_000, probeSeconds: 2, warmSeconds: 2, phaseSeconds: 5, pairs: 2, warmRequests: 10 },
  full: { threads: 100_000, messages: 1_000_000, probeSeconds: 5, warmSeconds: 5, phaseSeconds: 20, pairs: 4, warmRequests: 20 },
} as const;

const PROBE_CONCURRENCY = 4;
const COUNTED_REQUESTS = 10;

/** The statements one request costs: a second instance of the system, through the tap, median of 10. */
async function countStatements(
  databaseUrl: string,
  start: (url: string) => Promise<{ endpoint: URL; stop(): Promise<void> }>,
  target: (endpoint: URL) => Sender,
): Promise<{ count: number; statements: string[] }> {
  const tap = await startStatementTap(databaseUrl);
  try {
    const instance = await start(tap.url);
    const s = target(instance.endpoint);
    try {
      await sequential(s, 3);
      const runs: string[][] = [];
      for (let i = 0; i < COUNTED_REQUESTS; i++) {
        tap.record();
        await s.send();
        runs.push(tap.take());
      }
      runs.sort((a, b) => a.length - b.length);
      const median = runs[Math.floor(runs.length / 2)]!;
      return { count: median.length, statements: median.map(shortSql) };
    } finally {
      s.close();
      await instance.stop();
    }
  } finally {
    await tap.close();
  }
}

interface Totals {
  latencies: number[];
  sent: number;
  failed: number;
  seconds: number;
  maxSendLagMs: number;
  firstError: string | null;
}

const add = (totals: Totals, phase: PhaseResult) => {
  for (const latency of phase.latencies) totals.latencies.push(latency);
  totals.sent += phase.sent;
  totals.failed += phase.failed;
  totals.seconds += phase.seconds;
  totals.maxSendLagMs = Math.max(totals.maxSendLagMs, phase.maxSendLagMs);
  totals.firstError ??= phase.firstError ?? null;
};

export async function runListingComparison({ quick, log, cleanups }: ListingOptions): Promise<ListingResult> {
  const began = performance.now();
  const mode = quick ? MODES.quick : MODES.full;
  const { database, server, db } = await startStack(cleanups, log);

  log(`seeding ${mode.threads.toLocaleString('en')} threads, ${mode.messages.toLocaleString('en')} messages`);
  const seeded = await seedListing(db, { threads: mode.threads, messages: mode.messages });
  log(`  ${seeded.seconds.toFixed(1)} s (${seeded.steps.map(([step, s]) => `${step} ${s.toFixed(1)} s`).join(', ')})`);
  const waiting = seeded.counts['waiting threads'] ?? 0;

  const token = await login(server.endpoint, ADMIN_EMAIL, ADMIN_PASSWORD);
  const ourTarget = (endpoint: URL) => sender({ name: 'Switchboard', endpoint, token, query: OUR_QUERY });
  const peerTarget = (endpoint: URL) => sender({ name: 'PostGraphile', endpoint, query: PEER_QUERY });

  const peer = await startPostGraphile(database.url);
  cleanups.add(peer.stop);
  log(`PostGraphile ${peer.version}: ${peer.endpoint.origin}, pid ${peer.pid} (flags: ${POSTGRAPHILE_FLAGS.join(' ')})`);
  const ours = ourTarget(server.endpoint);
  const theirs = peerTarget(peer.endpoint);
  cleanups.add(async () => {
    ours.close();
    theirs.close();
  });

  // The same rows, or no figures at all.
  const expected = Math.min(50, waiting);
  compareRows(ourRows(await ours.send()), peerRows(await theirs.send()), expected);
  log(`rows: both return the same ${expected} threads, field by field`);

  const ourSql = await countStatements(database.url, (url) => startServer(url), ourTarget);
  const peerSql = await countStatements(database.url, startPostGraphile, peerTarget);
  log(`SQL statements per request: Switchboard ${ourSql.count}, PostGraphile ${peerSql.count}`);
  for (const sql of ourSql.statements) log(`  ours: ${sql}`);
  for (const sql of peerSql.statements) log(`  PostGraphile: ${sql}`);

  await sequential(ours, mode.warmRequests);
  await sequential(theirs, mode.warmRequests);
  const ourCapacity = await capacity(ours, PROBE_CONCURRENCY, mode.probeSeconds);
  const peerCapacity = await capacity(theirs, PROBE_CONCURRENCY, mode.probeSeconds);
  const half = Math.min(ourCapacity, peerCapacity) / 2;
  const rate = half >= 10 ? Math.floor(half) : Math.max(0.1, Math.floor(half * 10) / 10);
  log(`capacity (${PROBE_CONCURRENCY} in flight): Switchboard ${ourCapacity.toFixed(0)}/s, PostGraphile ${peerCapacity.toFixed(0)}/s; fixed rate ${rate}/s`);
  await openLoop(ours, rate, mode.warmSeconds);
  await openLoop(theirs, rate, mode.warmSeconds);

  const totals = new Map<Sender, Totals>([ours, theirs].map((s) => [s, { latencies: [], sent: 0, failed: 0, seconds: 0, maxSendLagMs: 0, firstError: null }]));
  for (let pair = 0; pair < mode.pairs; pair++) {
    for (const s of pair % 2 === 0 ? [ours, theirs] : [theirs, ours]) {
      const phase = await openLoop(s, rate, mode.phaseSeconds);
      add(totals.get(s)!, phase);
      const summary = summarize(phase.latencies);
      log(`  phase ${pair + 1} ${s.target.name.padEnd(12)} p50 ${summary.p50.toFixed(1)} ms  p99 ${summary.p99.toFixed(1)} ms  failed ${phase.failed}`);
    }
  }

  // Nothing wrote in between: still the same rows (the figures are of equal work).
  compareRows(ourRows(await ours.send()), peerRows(await theirs.send()), expected);

  const figures = (s: Sender, probe: number, sql: { count: number; statements: string[] }): SystemFigures => {
    const t = totals.get(s)!;
    const summary = summarize(t.latencies);
    return {
      p50Ms: summary.p50, p99Ms: summary.p99, maxMs: summary.max, throughputPerSecond: t.latencies.length / t.seconds,
      sent: t.sent, failed: t.failed, firstError: t.firstError, capacityPerSecond: probe,
      sqlStatementsPerRequest: sql.count, statements: sql.statements, maxSendLagMs: t.maxSendLagMs,
    };
  };
  const our = figures(ours, ourCapacity, ourSql);
  const their = figures(theirs, peerCapacity, peerSql);
  const { rows: [pgVersion] } = await db.query<{ server_version: string }>('SHOW server_version');
  const ratios = { p50: our.p50Ms / their.p50Ms, p99: our.p99Ms / their.p99Ms, throughput: our.throughputPerSecond / their.throughputPerSecond };
  const goal = { p50NoSlower: ratios.p50 <= 1, p99NoSlower: ratios.p99 <= 1, atMost3Statements: our.sqlStatementsPerRequest <= 3 };
  return {
    mode: quick ? 'quick' : 'full',
    dataset: seeded.counts,
    seedSeconds: seeded.seconds,
    rate,
    phaseSeconds: mode.phaseSeconds,
    phasesPerSystem: mode.pairs,
    rowsCompared: expected,
    rowsIdentical: true,
    ours: our,
    postgraphile: { ...their, version: peer.version, flags: POSTGRAPHILE_FLAGS },
    ratios,
    goal: { ...goal, met: goal.p50NoSlower && goal.p99NoSlower && goal.atMost3Statements && our.failed === 0 },
    postgresql: pgVersion?.server_version ?? 'unknown',
    totalSeconds: (performance.now() - began) / 1000,
  };
}
