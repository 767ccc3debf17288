import type { AppendRates } from './event-append.js';
import type { FailoverResult, OutageResult } from './load-faults.js';
import { FAILOVER_GAP_MS, GOAL_CATCH_UP_MS, GOAL_INGEST_RATE, GOAL_P50_MS, GOAL_P99_MS, QUICK } from './load-options.js';
import { checkDeliveries, ingestOf, latencyOf, type WindowResult } from './load-phase.js';
import { stepGood } from './load-report.js';
import { reportResult, type Figure } from './results.js';
import { ms, type Summary } from './stats.js';
import type { WaitProfile } from './waits.js';

// The load bench's headline figures for `pnpm bench` (bench-all.ts), and its details as plain JSON.

export interface LoadRuns {
  sustained?: { result: WindowResult; reference: Summary; waits: WaitProfile };
  rates: WindowResult[];
  sizes: WindowResult[];
  append?: AppendRates;
  failover?: FailoverResult;
  outage?: { result: OutageResult | string; seconds: number };
  /** Verdict.ok: every console got every event once, in order, in every run. */
  ok: boolean;
  /** Verdict.goals, as printed. */
  goals: string[];
  seconds: number;
}

const pair = (s: Summary) => `${Number.isFinite(s.p50) ? s.p50.toFixed(1) : 'n/a'} / ${ms(s.p99)}`;

/** A window without its raw samples (a sustained run has a million latencies). */
function windowDetails(w: WindowResult) {
  const ingest = ingestOf(w.write);
  const { due: _due, answered: _answered, ...write } = w.write;
  return {
    rate: w.rate, consoles: w.consoles, seconds: w.seconds, threadEvents: w.expected, latency: latencyOf(w), deliveries: checkDeliveries(w),
    lagging: w.lagging, ingest: { ok: ingest.ok, perSecond: ingest.perSecond, request: ingest.request, keptUp: ingest.keptUp }, write,
    busyCores: { machine: w.machineBusy, servers: w.serverBusy, postgres: w.postgresBusy, writer: w.writerStats, consoles: w.loadStats },
    serverHealthMax: w.serverHealth, worstByCommit: w.collected.worstByCommit, arrivedBySecond: w.collected.arrivedBySecond,
    problems: w.collected.problems.slice(0, 5),
  };
}

/** Sums the delivery checks of every window measured. */
function deliveryTotals(windows: WindowResult[]) {
  const total = { windows: windows.length, missing: 0, duplicates: 0, outOfOrder: 0, unexpected: 0, lagging: 0 };
  for (const w of windows) {
    const check = checkDeliveries(w);
    total.missing += check.missing;
    total.duplicates += check.duplicates;
    total.outOfOrder += check.outOfOrder;
    total.unexpected += check.unexpected;
    total.lagging += w.lagging;
  }
  return total;
}

export function reportLoad(runs: LoadRuns): void {
  const { sustained, rates, sizes, append, failover, outage } = runs;
  const outageResult = outage && typeof outage.result !== 'string' ? outage.result : undefined;
  const windows = [sustained?.result, ...rates, ...sizes, failover?.window, outageResult?.window].filter((w): w is WindowResult => w !== undefined);
  const totals = deliveryTotals(windows);
  const figures: Figure[] = [];

  if (sustained) {
    const s = latencyOf(sustained.result);
    figures.push({
      figure: `sustained: ${sustained.result.consoles} consoles x ${sustained.result.rate} msg/s x ${sustained.result.seconds} s, commit → console p50 / p99`,
      value: pair(s), goal: `p50 < ${GOAL_P50_MS} ms, p99 < ${GOAL_P99_MS} ms`, met: s.p50 < GOAL_P50_MS && s.p99 < GOAL_P99_MS,
    });
  }
  figures.push({
    figure: `every console got every event once, in order (${totals.windows} runs): lost / duplicated`,
    value: runs.ok ? `yes (${totals.missing} / ${totals.duplicates})` : `NO (${totals.missing} / ${totals.duplicates}, ${totals.outOfOrder} out of order, ${totals.lagging} consoles lagging)`,
    goal: '0 / 0', met: runs.ok,
  });
  if (rates.length > 0 || sizes.length > 0) {
    const bestRate = Math.max(0, ...rates.filter(stepGood).map((r) => r.rate));
    const bestSize = Math.max(0, ...sizes.filter(stepGood).map((r) => r.consoles));
    figures.push({
      figure: `ramp: highest rate (${rates[0]?.consoles ?? 0} consoles) / most consoles (${sizes[0]?.rate ?? 0} msg/s) with p99 < ${GOAL_P99_MS} ms`,
      value: `${bestRate} msg/s / ${bestSize} consoles`,
    });
  }
  if (rates.length > 0) {
    const ceiling = Math.max(0, ...rates.filter((r) => ingestOf(r.write).keptUp).map((r) => r.rate));
    figures.push({
      figure: 'ramp: highest rate receiveMessage kept up with' + (append ? ' (append_events ceiling)' : ''),
      value: `${ceiling} msg/s` + (append ? ` (${append.serialized.perSecond.toFixed(0)} commits/s)` : ''),
      goal: `>= ${GOAL_INGEST_RATE} msg/s`, met: ceiling >= GOAL_INGEST_RATE,
    });
  }
  if (failover) {
    figures.push({
      figure: `failover: replica killed, ${failover.window.consoles} consoles ~${failover.missed.p50} events behind; reconnect → caught up p50 / max`,
      value: `${pair({ ...failover.catchUp, p99: failover.catchUp.max })} (kill → all caught up ${(failover.sinceKill.max / 1000).toFixed(1)} s, ` +
        `incl. the ${FAILOVER_GAP_MS / 1000} s reconnect gap)` + (failover.consolesNotReconnected ? `; ${failover.consolesNotReconnected} never reconnected` : ''),
      goal: `all caught up < ${GOAL_CATCH_UP_MS} ms`, met: failover.consolesNotReconnected === 0 && failover.catchUp.max < GOAL_CATCH_UP_MS,
    });
  }
  if (outage) {
    const o = outage.result;
    figures.push(typeof o === 'string'
      ? { figure: `database outage (${outage.seconds} s)`, value: o }
      : {
        figure: `database outage (${outage.seconds} s): PostgreSQL back → /healthz 200 (slowest replica), → every console caught up`,
        value: `${ms(Math.max(...o.healthyAfterMs))}, ${ms(o.caughtUpAfterMs)}`,
        goal: 'one listener session per replica afterwards', met: o.listeners.every((r) => r.listeners === 1),
      });
  }

  reportResult({
    name: 'live under load and faults', quick: QUICK,
    figures,
    details: {
      seconds: runs.seconds, ok: runs.ok, goals: runs.goals, deliveries: totals,
      sustained: sustained && { ...windowDetails(sustained.result), commitMinusAt: sustained.reference, poolWaits: sustained.waits },
      rampByRate: rates.map(windowDetails), rampByConsoles: sizes.map(windowDetails), append,
      failover: failover && (({ window, ...rest }) => ({ ...rest, window: windowDetails(window) }))(failover),
      outage: outage && (typeof outage.result === 'string'
        ? { seconds: outage.seconds, skipped: outage.result }
        : (({ window, ...rest }) => ({ seconds: outage.seconds, ...rest, window: windowDetails(window) }))(outage.result)),
    },
  });
}
