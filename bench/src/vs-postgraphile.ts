import { cleanupRegistry, runBench } from './setup.js';
import { runListingComparison } from './vs-postgraphile-compare.js';
import { printListing } from './vs-postgraphile-report.js';
import { QUICK_MODE, reportResult } from './results.js';

/**
 * `node bench/dist/vs-postgraphile.js [--quick]`: the queue listing against PostGraphile 4 alone
 * (100,000 threads and 1,000,000 messages; --quick: 10,000 and 100,000, shorter phases).
 * Exit 1 when the goal is missed (ours no slower at p50 and p99, at most 3 SQL statements).
 */
const cleanups = cleanupRegistry();
const log = (line = '') => console.log(line);

async function main(): Promise<number> {
  const result = await runListingComparison({ quick: QUICK_MODE, log, cleanups });
  printListing(result, log);
  const { ours, postgraphile: peer, ratios, goal } = result;
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  reportResult({
    name: 'listing', quick: QUICK_MODE, details: result,
    figures: [
      { figure: `p50 ours / PostGraphile at ${result.rate}/s (${result.dataset.threads} threads)`, value: `${ms(ours.p50Ms)} / ${ms(peer.p50Ms)} (${ratios.p50.toFixed(2)}x)`, goal: 'no slower', met: goal.p50NoSlower },
      { figure: 'p99 ours / PostGraphile', value: `${ms(ours.p99Ms)} / ${ms(peer.p99Ms)} (${ratios.p99.toFixed(2)}x)`, goal: 'no slower', met: goal.p99NoSlower },
      { figure: 'capacity ours / PostGraphile (4 in flight)', value: `${ours.capacityPerSecond.toFixed(0)} / ${peer.capacityPerSecond.toFixed(0)} per s` },
      { figure: 'SQL statements per request ours / PostGraphile', value: `${ours.sqlStatementsPerRequest} / ${peer.sqlStatementsPerRequest}`, goal: 'at most 3', met: goal.atMost3Statements },
      { figure: 'rows identical', value: result.rowsIdentical ? `yes (${result.rowsCompared})` : 'NO' },
    ],
  });
  // Missing a speed goal is reported, not a failure: the run fails only when the rows differ (which throws).
  return 0;
}

await runBench(main, cleanups);
