import type pg from 'pg';
import { runRamp, type RampPlan, type RampStep } from './claim-storm-ramp.js';
import { runStorms, type StormRun } from './claim-storm-storms.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, login, type SeededAgent } from './setup.js';
import { ms, summarize, type Summary } from './stats.js';

/**
 * Claims as an agent feels them (issue 16): storms of simultaneous clicks on one new thread,
 * then an open-loop ramp of claims over many threads. The closed-loop race in claims.ts stays;
 * it measures Little's law at saturation, these measure a click.
 */

export const STORM_CLAIMERS = 50;
export const LOSER_GOAL_MS = 50;
export const RAMP_THRESHOLD_MS = 100;

const FULL = { storms: 200, ramp: { rates: [50, 100, 200, 400, 800, 1600], seconds: 5, refinements: 2, thresholdMs: RAMP_THRESHOLD_MS } };
const QUICK = { storms: 40, ramp: { rates: [100, 200, 400, 800], seconds: 3, refinements: 1, thresholdMs: RAMP_THRESHOLD_MS } };

export interface ClaimStormOptions {
  quick: boolean;
  log: (line: string) => void;
  endpoint: URL;
  /** The bench's own connection: storm checks, ramp threads, capacity. */
  db: pg.Client;
  /** Signed-in agents of `queueId` (from setup.seed); at least STORM_CLAIMERS. */
  agents: SeededAgent[];
  queueId: string;
  /** For receiveMessage; signs in as the bench's ADMIN when absent. */
  adminToken?: string;
  /** Overrides of the mode's plan (a smoke run). */
  storms?: number;
  ramp?: Partial<RampPlan>;
}

type Latency = Pick<Summary, 'count' | 'p50' | 'p95' | 'p99' | 'max'>;

/** Plain JSON (a NaN, when a list is empty, becomes null in the results file). */
export interface ClaimStormResult {
  /** 'custom' when the plan was overridden. */
  mode: 'quick' | 'full' | 'custom';
  /** The storms' counts as runStorms kept them (StormRun), with latencies instead of samples. */
  storms: Omit<StormRun, 'storms' | 'winnerMs' | 'loserMs' | 'floorMs'> & {
    count: number;
    winner: Latency;
    loser: Latency;
    /** The same agents' `{ me { id } }` at once, after each storm: the machine's floor for 50 simultaneous requests. */
    floor: Latency;
    loserGoalMs: number;
    loserGoalMet: boolean;
    /** Every storm: one winner, the others THREAD_ALREADY_CLAIMED naming it, one CLAIMED event, the winner owns it. */
    exactlyOneWinner: boolean;
  };
  ramp: {
    stepSeconds: number;
    thresholdMs: number;
    steps: Array<Omit<RampStep, 'firstErrors'>>;
    firstErrors: string[];
    highestRate: number | null;
    boundedByTop: boolean;
    seconds: number;
  };
  /** False when a storm did not have exactly one winner: the run fails. */
  ok: boolean;
}

const latency = (samples: number[]): Latency => {
  const { count, p50, p95, p99, max } = summarize(samples);
  return { count, p50, p95, p99, max };
};

export async function runClaimStorms(options: ClaimStormOptions): Promise<ClaimStormResult> {
  const { log, endpoint, db, agents, queueId } = options;
  if (agents.length < STORM_CLAIMERS) throw new Error(`claim storms need ${STORM_CLAIMERS} agents, got ${agents.length}`);
  const base = options.quick ? QUICK : FULL;
  const mode = { storms: options.storms ?? base.storms, ramp: { ...base.ramp, ...options.ramp } };
  const adminToken = options.adminToken ?? (await login(endpoint, ADMIN_EMAIL, ADMIN_PASSWORD));

  log(`\nclaim storms: ${mode.storms} new threads, ${STORM_CLAIMERS} agents click Claim on each at once`);
  const storms = await runStorms(endpoint, db, { storms: mode.storms, claimers: agents.slice(0, STORM_CLAIMERS), queueId, adminToken }, log);
  const loser = latency(storms.loserMs);
  const { storms: _count, winnerMs: _won, loserMs: _lost, floorMs: _floor, ...counts } = storms;

  log(`\nclaim ramp (open loop): ${mode.ramp.rates.join(', ')} claims/s, ${mode.ramp.seconds} s each, ` +
    `until p99 reaches ${RAMP_THRESHOLD_MS} ms; ${agents.length} agents`);
  const ramp = await runRamp(endpoint, db, agents, queueId, mode.ramp, log);

  return {
    mode: options.storms !== undefined || options.ramp !== undefined ? 'custom' : options.quick ? 'quick' : 'full',
    storms: {
      ...counts,
      count: storms.storms,
      winner: latency(storms.winnerMs),
      loser,
      floor: latency(storms.floorMs),
      loserGoalMs: LOSER_GOAL_MS,
      loserGoalMet: loser.p99 < LOSER_GOAL_MS,
      exactlyOneWinner: storms.violations === 0,
    },
    ramp: {
      stepSeconds: ramp.plan.seconds,
      thresholdMs: ramp.plan.thresholdMs,
      steps: ramp.steps.map(({ firstErrors: _, ...step }) => step),
      firstErrors: ramp.steps.flatMap((s) => s.firstErrors).slice(0, 5),
      highestRate: ramp.highestRate,
      boundedByTop: ramp.boundedByTop,
      seconds: ramp.seconds,
    },
    ok: storms.violations === 0,
  };
}

/** The report's lines, for the runner's table and the standalone bench alike. */
export function claimStormLines(result: ClaimStormResult): string[] {
  const { storms, ramp } = result;
  const row = (label: string, value: string | number) => `  ${label.padEnd(34)} ${value}`;
  const line = (s: Latency) => `${ms(s.p50)} / ${ms(s.p99)} / ${ms(s.max)}`;
  const lines = [
    `claim storms (${result.mode}): ${storms.count} x ${storms.claimersPerStorm} simultaneous clicks on a new thread`,
    row(`winner (n=${storms.winner.count}) p50/p99/max`, line(storms.winner)),
    row(`loser  (n=${storms.loser.count}) p50/p99/max`, line(storms.loser)),
    row(`floor: { me { id } } (n=${storms.floor.count})`, line(storms.floor)),
    row('loser / floor', `${(storms.loser.p50 / storms.floor.p50).toFixed(2)}x p50, ${(storms.loser.p99 / storms.floor.p99).toFixed(2)}x p99`),
    row('goal', `loser p99 < ${storms.loserGoalMs} ms: ${storms.loserGoalMet ? 'MET' : 'MISSED'}`),
    row('exactly one winner, every storm', storms.exactlyOneWinner ? 'yes' : `NO (${storms.violations} storms)`),
    ...storms.firstViolations.map((v) => `    - ${v}`),
    row('distinct winners', `${storms.distinctWinners} of ${storms.claimersPerStorm} agents`),
    row('release spread / new connections', `${storms.releaseSpreadMaxMs.toFixed(2)} ms max / ${storms.freshConnections}`),
    row('storm phase time', `${storms.seconds.toFixed(1)} s`),
    `claim ramp (open loop, ${ramp.stepSeconds} s a step, timed from each claim's due time)`,
    `  ${'rate/s'.padStart(7)} ${'sent'.padStart(6)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ${'max'.padStart(9)} ${'errors'.padStart(6)} ${'answered/s'.padStart(10)}  p99 < ${ramp.thresholdMs} ms`,
    ...ramp.steps.map((s) => `  ${String(s.rate).padStart(7)} ${String(s.sent).padStart(6)} ${ms(s.p50).padStart(9)} ${ms(s.p99).padStart(9)} ` +
      `${ms(s.max).padStart(9)} ${String(s.errors).padStart(6)} ${s.achievedPerSecond.toFixed(0).padStart(10)}  ${s.held ? 'held' : 'MISSED'}`),
    ...ramp.firstErrors.map((e) => `    - ${e}`),
    row(`highest rate with p99 < ${ramp.thresholdMs} ms`, ramp.highestRate === null
      ? 'none (the lowest step missed)'
      : `${ramp.highestRate} claims/s${ramp.boundedByTop ? ' (the ramp\'s top: the ceiling is higher)' : ''}`),
    row('ramp phase time', `${ramp.seconds.toFixed(1)} s`),
  ];
  return lines;
}
