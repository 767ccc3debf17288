import type { FailoverResult, OutageResult } from './load-faults.js';
import { formatMaxima } from './load-probes.js';
import { GOAL_CATCH_UP_MS, GOAL_INGEST_RATE, GOAL_P50_MS, GOAL_P99_MS } from './load-options.js';
import { checkDeliveries, ingestOf, latencyOf, type WindowResult } from './load-phase.js';
import type { AppendRates } from './event-append.js';
import { ms, type Summary } from './stats.js';
import type { WaitProfile } from './waits.js';

// The load bench's report: a block per run as it ends, then the goals.

type Log = (line?: string) => void;

const line = (log: Log, label: string, value: string | number) => log(`  ${label.padEnd(46)} ${value}`);
const met = (ok: boolean) => (ok ? 'MET' : 'MISSED');
const triple = (s: Summary) => `${ms(s.p50)} / ${ms(s.p99)} / ${ms(s.max)}`;

/** Collects the goal lines and whether every delivery check passed. */
export class Verdict {
  readonly goals: string[] = [];
  ok = true;

  goal(text: string, reached: boolean): void {
    this.goals.push(`${text}: ${met(reached)}`);
  }

  /** Prints the delivery check of a window; a failed one fails the bench. */
  deliveries(log: Log, result: WindowResult): boolean {
    const check = checkDeliveries(result);
    line(log, 'every console every event once, in order', check.ok ? 'yes' : 'NO');
    line(log, '  missing / duplicates / out of order / unexpected', `${check.missing} / ${check.duplicates} / ${check.outOfOrder} / ${check.unexpected}`);
    line(log, '  events per console, min / max (expected)', `${check.perConsole.min} / ${check.perConsole.max} (${result.expected})`);
    line(log, '  frames the server sent twice (dropped by the feed)', check.repeats);
    if (result.lagging) line(log, '  consoles behind the last event after 30 s', result.lagging);
    for (const text of result.collected.problems.slice(0, 5)) log(`    - ${text}`);
    if (!check.ok) this.ok = false;
    return check.ok;
  }
}

/** The writer's side of a window: offered, answered, and how long receiveMessage took from its due time. */
export function printIngest(log: Log, result: WindowResult): void {
  const ingest = ingestOf(result.write);
  const { write } = result;
  line(log, 'messages offered / answered OK / errors / dropped', `${write.offered} / ${ingest.ok} / ${write.errors} / ${write.dropped}`);
  line(log, 'answered per second (offered)', `${ingest.perSecond.toFixed(1)} (${result.rate})`);
  line(log, 'receiveMessage from its due time p50 / p99 / max', triple(ingest.request));
  line(log, 'writer: latest send after its due time', ms(write.sendLagMaxMs));
  const cores = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
  const wall = result.seconds * 1000;
  line(log, 'busy cores while writing: machine', `${cores(result.machineBusy)} = server(s) ${result.serverBusy.map(cores).join(' + ')}, PostgreSQL ${cores(result.postgresBusy)}, ` +
    `consoles ${result.loadStats.map((s) => cores(s.cpuMs / wall)).join(' + ')}, writer ${cores(result.writerStats.cpuMs / wall)}, ` +
    `other ${cores(result.machineBusy - result.serverBusy.reduce((a, b) => a + b, 0) - (result.postgresBusy || 0) -
      [...result.loadStats, result.writerStats].reduce((a, s) => a + s.cpuMs / wall, 0))} (bench, kernel, the rest)`);
  result.serverHealth.forEach((maxima, i) => line(log, `server ${i + 1} /healthz while writing, max`, formatMaxima(maxima)));
  for (const text of write.firstErrors.slice(0, 3)) log(`    - ${text}`);
}

export function printSustained(log: Log, verdict: Verdict, result: WindowResult, reference: Summary, waits: WaitProfile): void {
  const latency = latencyOf(result);
  log(`\n1. sustained: ${result.consoles} consoles x ${result.rate} msg/s x ${result.seconds} s`);
  printIngest(log, result);
  line(log, 'thread events committed (per second)', `${result.expected} (${(result.expected / result.seconds).toFixed(1)})`);
  line(log, 'deliveries measured', latency.count);
  line(log, 'commit → console p50 / p95 / p99 / max', `${ms(latency.p50)} / ${ms(latency.p95)} / ${ms(latency.p99)} / ${ms(latency.max)}`);
  line(log, 'reference check: commit seen by a poller − `at`', `p50 ${ms(reference.p50)}, p99 ${ms(reference.p99)} (n=${reference.count}, first 3 s)`);
  line(log, 'worst latency per second of commit', result.collected.worstByCommit.map((v) => v.toFixed(0)).join(' '));
  line(log, 'frames arrived per second (all consoles)', result.collected.arrivedBySecond.join(' '));
  verdict.deliveries(log, result);
  line(log, 'console processes: loop delay p99 (busy)', result.loadStats.map((s) => `${ms(s.loop.p99)} (${(s.busy * 100).toFixed(0)}%)`).join(', '));
  log(`  server pool connections during the run (average of ${waits.samples} samples every 25 ms):`);
  for (const { state, connections } of waits.states.slice(0, 6)) log(`    ${connections.toFixed(2).padStart(6)}  ${state}`);
  verdict.goal(`p99 < ${GOAL_P99_MS} ms at ${result.consoles} consoles x ${result.rate} msg/s (${ms(latency.p99)})`, latency.p99 < GOAL_P99_MS);
  verdict.goal(`p50 < ${GOAL_P50_MS} ms at ${result.consoles} consoles x ${result.rate} msg/s (${ms(latency.p50)})`, latency.p50 < GOAL_P50_MS);
}

/** A ramp step is good when its p99 is under the goal and every console got every event. */
export const stepGood = (result: WindowResult) => latencyOf(result).p99 < GOAL_P99_MS && checkDeliveries(result).ok;

export function printRamp(log: Log, verdict: Verdict, rates: WindowResult[], sizes: WindowResult[], append: AppendRates | undefined): void {
  log('\n2. ramp');
  log(`  by rate, ${rates[0]?.consoles ?? 0} consoles:`);
  log('    msg/s | events/s | p50     p99     max     | every event once | answered/s  request p99 | kept up');
  for (const r of rates) {
    const s = latencyOf(r);
    const ingest = ingestOf(r.write);
    log(`    ${String(r.rate).padStart(5)} | ${(r.expected / r.seconds).toFixed(0).padStart(8)} | ${fmt(s.p50)} ${fmt(s.p99)} ${fmt(s.max)} | ${(checkDeliveries(r).ok ? 'yes' : 'NO').padStart(16)} | ${ingest.perSecond.toFixed(0).padStart(10)} ${fmt(ingest.request.p99)} | ${ingest.keptUp ? 'yes' : 'no'}`);
  }
  log(`  by consoles, ${sizes[0]?.rate ?? 0} msg/s:`);
  log('    consoles | p50     p99     max     | every event once | deliveries/s');
  for (const r of sizes) {
    const s = latencyOf(r);
    log(`    ${String(r.consoles).padStart(8)} | ${fmt(s.p50)} ${fmt(s.p99)} ${fmt(s.max)} | ${(checkDeliveries(r).ok ? 'yes' : 'NO').padStart(16)} | ${(s.count / r.seconds).toFixed(0)}`);
  }
  for (const r of [...rates, ...sizes]) if (!checkDeliveries(r).ok) verdict.ok = false;
  const bestRate = Math.max(0, ...rates.filter(stepGood).map((r) => r.rate));
  const bestSize = Math.max(0, ...sizes.filter(stepGood).map((r) => r.consoles));
  const ingestCeiling = Math.max(0, ...rates.filter((r) => ingestOf(r.write).keptUp).map((r) => r.rate));
  line(log, `highest rate with p99 < ${GOAL_P99_MS} ms (${rates[0]?.consoles ?? 0} consoles)`, `${bestRate} msg/s`);
  line(log, `most consoles with p99 < ${GOAL_P99_MS} ms (${sizes[0]?.rate ?? 0} msg/s)`, bestSize);
  line(log, 'ingest: highest rate receiveMessage kept up with', `${ingestCeiling} msg/s`);
  if (append) {
    line(log, 'event-append ceiling: append_events, 3 trips', `${append.serialized.perSecond.toFixed(0)} commits/s`);
    line(log, 'event-append ceiling: append + COMMIT, 1 trip', `${append.serializedOneTrip.perSecond.toFixed(0)} commits/s`);
    line(log, 'event-append ceiling: plain insert, no lock', `${append.unserialized.perSecond.toFixed(0)} commits/s`);
  }
  const steps = (list: WindowResult[]) => list.length > 0;
  if (steps(rates)) verdict.goal(`ingest >= ${GOAL_INGEST_RATE} msg/s kept up (${ingestCeiling} msg/s)`, ingestCeiling >= GOAL_INGEST_RATE);
}

export function printFailover(log: Log, verdict: Verdict, f: FailoverResult): void {
  log(`\n3. failover: ${f.window.consoles} consoles on replica A, customers writing ${f.window.rate} msg/s through B; A killed (SIGKILL, pid ${f.killedPid})`);
  printIngest(log, f.window);
  line(log, 'consoles that never reconnected', f.consolesNotReconnected);
  line(log, 'kill → console reconnected to B p50 / p99 / max', triple(f.reconnect));
  line(log, 'missed events replayed per console p50 / min / max', `${f.missed.p50} / ${f.missed.min} / ${f.missed.max}`);
  line(log, 'reconnect → caught up p50 / p99 / max', triple(f.catchUp));
  line(log, 'kill → caught up p50 / p99 / max (all caught up)', triple(f.sinceKill));
  line(log, 'live on B during the catch-up p50 / p99 / max', triple(f.liveDuringCatchUp));
  line(log, 'live on B after the reconnect p50 / p99 / max', triple(f.liveAfterReconnect));
  verdict.deliveries(log, f.window);
  verdict.goal(`failover: ${f.missed.p50} missed events each caught up within ${GOAL_CATCH_UP_MS} ms of reconnect (worst ${ms(f.catchUp.max)})`,
    f.consolesNotReconnected === 0 && f.catchUp.max < GOAL_CATCH_UP_MS);
}

export function printOutage(log: Log, verdict: Verdict, o: OutageResult | string, seconds: number): void {
  log(`\n4. database outage: PostgreSQL stopped ${seconds} s under two replicas with consoles`);
  if (typeof o === 'string') {
    log(`  ${o}`);
    return;
  }
  printIngest(log, o.window);
  line(log, 'stopping PostgreSQL took', ms(o.stopMs));
  line(log, 'starting it again, until it accepts connections', ms(o.databaseStartMs));
  line(log, 'then: /healthz 200 again, per replica', o.healthyAfterMs.map(ms).join(', '));
  line(log, 'then: a new message reached every console', ms(o.caughtUpAfterMs));
  line(log, 'consoles whose socket closed during the run', o.consolesClosed);
  for (const r of o.listeners) line(log, `replica pid ${r.pid}: listener sessions (all sessions)`, `${r.listeners} (${r.sessions})`);
  verdict.deliveries(log, o.window);
  verdict.goal(`outage: one 'switchboard-listener' session per replica afterwards (${o.listeners.map((r) => r.listeners).join(', ')})`,
    o.listeners.every((r) => r.listeners === 1));
}

export function printGoals(log: Log, verdict: Verdict, seconds: number): void {
  log('\ngoals');
  for (const goal of verdict.goals) log(`  ${goal}`);
  line(log, 'total bench time', `${seconds.toFixed(1)} s`);
  log(verdict.ok ? '\nPASS: every console received every event exactly once, in order, in every run' : '\nFAIL: see above');
}

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a').padStart(7);

