import { environmentRows } from './setup.js';
import { ms } from './stats.js';
import type { ListingResult } from './vs-postgraphile-compare.js';

/** The listing comparison as a table (bench/src/vs-postgraphile.ts, and the lead's runner). */
export function printListing(result: ListingResult, print: (line: string) => void): void {
  const row = (label: string, ours: string, peer: string, ratio = '') =>
    print(`  ${label.padEnd(30)} ${ours.padStart(14)} ${peer.padStart(14)} ${ratio.padStart(10)}`);
  const { ours, postgraphile: pg, ratios } = result;
  print(`\n=== Queue listing vs PostGraphile ${pg.version} (${result.mode}) ===`);
  for (const [label, value] of environmentRows()) print(`  ${label.padEnd(30)} ${value}`);
  print(`  ${'postgresql'.padEnd(30)} ${result.postgresql}`);
  print(`  ${'data'.padEnd(30)} ${Object.entries(result.dataset).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')}`);
  print(`  ${'load'.padEnd(30)} ${result.rate}/s open loop, ${result.phasesPerSystem} x ${result.phaseSeconds} s per system, alternating`);
  print(`  ${'rows'.padEnd(30)} ${result.rowsIdentical ? 'identical' : 'DIFFERENT'} (${result.rowsCompared} compared field by field)`);
  print(`  ${'PostGraphile flags'.padEnd(30)} ${pg.flags.join(' ') || '(none)'}`);
  row('', 'Switchboard', 'PostGraphile', 'ours/pg');
  row('p50', ms(ours.p50Ms), ms(pg.p50Ms), ratios.p50.toFixed(2));
  row('p99', ms(ours.p99Ms), ms(pg.p99Ms), ratios.p99.toFixed(2));
  row('max', ms(ours.maxMs), ms(pg.maxMs));
  row('throughput achieved', `${ours.throughputPerSecond.toFixed(1)}/s`, `${pg.throughputPerSecond.toFixed(1)}/s`, ratios.throughput.toFixed(2));
  row('capacity probe (4 in flight)', `${ours.capacityPerSecond.toFixed(0)}/s`, `${pg.capacityPerSecond.toFixed(0)}/s`,
    (ours.capacityPerSecond / pg.capacityPerSecond).toFixed(2));
  row('requests sent / failed', `${ours.sent} / ${ours.failed}`, `${pg.sent} / ${pg.failed}`);
  row('client send lag, worst', ms(ours.maxSendLagMs), ms(pg.maxSendLagMs));
  row('SQL statements per request', String(ours.sqlStatementsPerRequest), String(pg.sqlStatementsPerRequest));
  for (const sql of ours.statements) print(`    ours: ${sql}`);
  for (const sql of pg.statements) print(`    PostGraphile: ${sql}`);
  for (const [name, error] of [['ours', ours.firstError], ['PostGraphile', pg.firstError]] as const) {
    if (error) print(`  first error (${name}): ${error}`);
  }
  const { goal } = result;
  const mark = (ok: boolean) => (ok ? 'MET' : 'MISSED');
  print(`  goal: p50 no slower ${mark(goal.p50NoSlower)}, p99 no slower ${mark(goal.p99NoSlower)}, <= 3 statements ${mark(goal.atMost3Statements)}`);
  print(`  ${'seed / total time'.padEnd(30)} ${result.seedSeconds.toFixed(1)} s / ${result.totalSeconds.toFixed(1)} s`);
}
