import { performance } from 'node:perf_hooks';
import { claimStormLines, runClaimStorms, STORM_CLAIMERS } from './claim-storm-run.js';
import { closeHttpClient } from './http-client.js';
import { QUICK_MODE, reportResult } from './results.js';
import { cleanupRegistry, environmentRows, runBench, seed, startStack } from './setup.js';

/**
 * `node bench/dist/claim-storm.js [--quick] [--json] [--smoke]`: claim storms and the open-loop claim ramp alone,
 * on their own throw-away stack. Exit 1 if a storm had other than exactly one winner.
 */
const AGENTS = 100;

const cleanups = cleanupRegistry();
const log = (line = '') => console.log(line);

async function main(): Promise<number> {
  const began = performance.now();
  const quick = QUICK_MODE;
  // A check that it runs, not a measurement.
  const smoke = process.argv.includes('--smoke') ? { storms: 5, ramp: { rates: [20, 40], seconds: 1, refinements: 0 } } : {};
  const { server, db } = await startStack(cleanups, log);
  cleanups.add(async () => closeHttpClient());
  const seeded = await seed(db, server.endpoint, { agents: 'storms' in smoke ? STORM_CLAIMERS : Math.max(AGENTS, STORM_CLAIMERS), threads: 0 });
  log(`seeded ${seeded.agents.length} signed-in agents in General`);

  const result = await runClaimStorms({ quick, log, endpoint: server.endpoint, db, agents: seeded.agents, queueId: seeded.queueId, ...smoke });
  const { rows: [pgVersion] } = await db.query<{ server_version: string }>('SHOW server_version');

  log('\n=== Switchboard claim storms ===');
  const rows: Array<[string, string]> = [...environmentRows(), ['postgresql', pgVersion?.server_version ?? 'unknown']];
  for (const [label, value] of rows) log(`  ${label.padEnd(34)} ${value}`);
  for (const line of claimStormLines(result)) log(line);
  log(`  ${'total bench time'.padEnd(34)} ${((performance.now() - began) / 1000).toFixed(1)} s`);
  if (process.argv.includes('--json')) log(JSON.stringify(result));
  const { storms, ramp } = result;
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  reportResult({
    name: 'claim storms', quick, details: result,
    figures: [
      { figure: `storms: ${storms.claimersPerStorm} agents claim one new thread, ${storms.count} times; winner p50 / p99`, value: `${ms(storms.winner.p50)} / ${ms(storms.winner.p99)}` },
      { figure: 'storms: loser p50 / p99', value: `${ms(storms.loser.p50)} / ${ms(storms.loser.p99)}`, goal: `loser p99 < ${storms.loserGoalMs} ms`, met: storms.loserGoalMet },
      { figure: `storms: the same ${storms.claimersPerStorm} agents' simplest signed-in request ({ me { id } }) at once, beside each storm: p50 / p99`, value: `${ms(storms.floor.p50)} / ${ms(storms.floor.p99)} (losers ${(storms.loser.p99 / storms.floor.p99).toFixed(2)}x at p99)` },
      { figure: 'storms: exactly one winner each', value: storms.exactlyOneWinner ? 'yes' : `NO (${storms.violations})`, goal: 'always', met: storms.exactlyOneWinner },
      { figure: `open-loop claim ramp: highest rate with p99 < ${ramp.thresholdMs} ms`, value: ramp.highestRate === null ? 'none' : `${ramp.highestRate} claims/s${ramp.boundedByTop ? ' (the ramp\'s top)' : ''}` },
    ],
  });
  log(result.ok ? '\nPASS: every storm had exactly one winner' : '\nFAIL: a storm had other than exactly one winner');
  return result.ok ? 0 : 1;
}

await runBench(main, cleanups);
