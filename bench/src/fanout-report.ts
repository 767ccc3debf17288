import { AGENTS, EVENTS, SIZES, SPACING_MS, SUBSCRIPTION, WORKERS } from './fanout-options.js';
import type { PhaseResult } from './fanout-phase.js';
import { nowMs, type LoopDelay, type ProcessStats } from './fanout-shared.js';
import { environmentRows } from './setup.js';
import type { Figure } from './results.js';
import { ms, percentile, summarize, type Summary } from './stats.js';

// The fan-out bench's final report: tables, details per N, memory, loop delay and the goals.

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxy / sxx;
}

export interface Row {
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

export interface ReportInput {
  /** One row per N of SIZES, filled in by the server run and then the floor run. */
  rows: Map<number, Partial<Row>>;
  /** [idle consoles, server VmRSS in bytes] at each memory step. */
  memory: Array<[number, number]>;
  pgVersion: { server_version: string } | undefined;
  databaseOrigin: string;
  serverPayloadBytes: number;
  /** When the bench began (nowMs), for the total time. */
  began: number;
}

/** Prints the report; returns whether every console received every event exactly once. */
export function printReport(
  { rows, memory, pgVersion, databaseOrigin, serverPayloadBytes, began }: ReportInput,
  log: (line?: string) => void,
  figures: Figure[] = [],
): boolean {
  const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
  const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}x` : 'n/a');
  const line = (label: string, value: string | number) => log(`  ${label.padEnd(44)} ${value}`);
  log('\n=== Switchboard live fan-out benchmark ===');
  for (const [label, value] of environmentRows()) line(label, value);
  line('postgresql', `${pgVersion?.server_version ?? 'unknown'} (${databaseOrigin.startsWith('DATABASE_URL') ? 'DATABASE_URL' : 'embedded'})`);
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
    figures.push({ figure: `N=${n}: commit → console p50 / p99, server vs floor`, value: `${fmt(s.p50)} / ${fmt(s.p99)} ms vs ${fmt(f.p50)} / ${fmt(f.p99)} ms (${x(r50)})`, goal: 'p50 ≤ 2x floor', met: r50 <= 2 });
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
  return ok;
}
