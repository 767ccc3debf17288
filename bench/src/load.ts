import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureEventAppend, type AppendRates } from './event-append.js';
import { fdLimit, nowMs, reexecWithMoreFiles, Rpc } from './fanout-shared.js';
import { closeHttpClient } from './http-client.js';
import { runFailover, runOutage } from './load-faults.js';
import {
  AGENTS, CONSOLES, CUSTOMERS, FAILOVER_GAP_MS, NEW_SHARE, OUTAGE_SECONDS, PHASES, QUEUE_SUBSCRIPTION, QUICK, RAMP_CONSOLE_RATE, RAMP_CONSOLES, RAMP_RATES,
  RATE, STEP_SECONDS, SUSTAINED_SECONDS, WORKERS,
} from './load-options.js';
import { commitMinusAt, headId, ingestOf, latencyOf, LoadConsoles, measureWindow, startWriting, warmUp, type LoadContext, type WindowResult } from './load-phase.js';
import { printFailover, printGoals, printOutage, printRamp, printSustained, stepGood, Verdict } from './load-report.js';
import { reportLoad, type LoadRuns } from './load-result.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, cleanupRegistry, environmentRows, login, runBench, seed, startStack } from './setup.js';
import { ms, type Summary } from './stats.js';
import { startWaitSampler } from './waits.js';

/**
 * `pnpm bench:load` (issue #10, "Live under load and faults"): graphql-ws consoles on the built
 * server while customers write through `receiveMessage` at a fixed rate (open loop):
 * 1. sustained: commit → console latency at CONSOLES x RATE, every event checked on every console;
 * 2. ramp: the highest rate and the most consoles that keep p99 under 100 ms, and the ingest
 *    ceiling next to the event log's append ceiling;
 * 3. failover: two replicas, every console on A, A killed; consoles resume on B from their cursors;
 * 4. outage: the bench's PostgreSQL stopped under two replicas, then started again.
 * Exit 1 if any console missed an event, got one twice or out of order, or anything broke.
 * Knobs: see load-options.ts and docs/benchmarks.md; `--quick` shortens every duration.
 */

if (process.env.BENCH_SKIP_LOAD === '1') {
  console.log('load benchmark: skipped (BENCH_SKIP_LOAD=1)');
  process.exit(0);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const MAX_CONSOLES = Math.max(CONSOLES, ...(PHASES.has('ramp') ? RAMP_CONSOLES : []));

// Every console is one socket here and one in a server: raise the open-file limit (STACK.md trap 13).
const reexecCode = await reexecWithMoreFiles(MAX_CONSOLES + 2048);
if (reexecCode !== null) process.exit(reexecCode);

const cleanups = cleanupRegistry();
const log = (line = '') => console.log(line);
const ADMIN_SESSIONS = 5;

async function startProcess(file: string, name: string): Promise<Rpc> {
  const child = fork(path.join(here, file), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const rpc = await Rpc.start(name, child);
  cleanups.add(() => rpc.stop());
  return rpc;
}

async function main(): Promise<number> {
  const began = nowMs();
  if (fdLimit() < MAX_CONSOLES + 1024) throw new Error(`open-file limit ${fdLimit()} is too low for ${MAX_CONSOLES} consoles; raise it (ulimit -n)`);
  const stack = await startStack(cleanups, log);
  const server = stack.server;
  const seeded = await seed(stack.db, server.endpoint, { agents: AGENTS, threads: CUSTOMERS });
  const admins = await Promise.all(Array.from({ length: ADMIN_SESSIONS }, () => login(server.endpoint, ADMIN_EMAIL, ADMIN_PASSWORD)));
  const tokens: string[] = [];
  const roles: string[] = [];
  for (let k = 0; k < Math.max(AGENTS, ADMIN_SESSIONS); k++) {
    tokens.push(seeded.agents[k % AGENTS]!.token, admins[k % ADMIN_SESSIONS]!);
    roles.push('AGENT', 'ADMIN');
  }
  const workers = await Promise.all(Array.from({ length: WORKERS }, (_, i) => startProcess('load-consoles.js', `load process ${i + 1}`)));
  const writer = await startProcess('load-writer.js', 'writer');
  const ctx: LoadContext = { database: stack.database, db: stack.db, servers: [server], workers, writer, adminToken: admins[0]!, tokens, roles };
  cleanups.add(async () => void (ctx.db !== stack.db && (await ctx.db.end().catch(() => undefined))));

  log('\n=== Switchboard load benchmark ===');
  for (const [label, value] of [...environmentRows(), ['mode', QUICK ? 'quick (--quick)' : 'full'] as const]) log(`  ${label.padEnd(46)} ${value}`);
  log(`  ${'processes'.padEnd(46)} server(s), PostgreSQL, ${WORKERS} console processes and 1 writer share ${os.cpus().length} cores`);
  log(`  ${'consoles'.padEnd(46)} half AGENT (${AGENTS} members of General), half ADMIN; startLiveFeed over graphql-ws`);
  log(`  ${'messages'.padEnd(46)} ${Math.round(NEW_SHARE * 100)}% from a new number (CREATED + MESSAGE_RECEIVED), else one of ${CUSTOMERS} open threads`);
  log(`  ${'subscription'.padEnd(46)} ${QUEUE_SUBSCRIPTION.replace(/\s+/g, ' ')}`);
  log('  latency = arrival in the console (parsed) − the event\'s `at` (clock_timestamp() in append_events, just before COMMIT)');

  const verdict = new Verdict();
  const rates: WindowResult[] = [];
  const sizes: WindowResult[] = [];
  const runs: Omit<LoadRuns, 'ok' | 'goals' | 'seconds'> = { rates, sizes };
  if (PHASES.has('sustained') || PHASES.has('ramp')) {
    const consoles = new LoadConsoles(ctx, [server.endpoint.href.replace(/^http/, 'ws')], false);
    await consoles.resize(CONSOLES, String(await headId(ctx.db)));
    await warmUp(ctx, consoles, server);
    // Unmeasured: the server's JIT and pools warm up on a few seconds of light load first.
    await startWriting(ctx, [server], 50, QUICK ? 2 : 5);
    await warmUp(ctx, consoles, server);
    log(`\n${CONSOLES} consoles connected and live (after ${QUICK ? 2 : 5} s of unmeasured writing at 50 msg/s)`);
    if (PHASES.has('sustained')) {
      const sampler = await startWaitSampler(ctx.database.url);
      cleanups.add(async () => void (await sampler.stop()));
      let reference: Summary | undefined;
      const result = await measureWindow(ctx, consoles, {
        endpoints: [server], rate: RATE, seconds: SUSTAINED_SECONDS,
        during: async () => void (reference = await commitMinusAt(ctx.db, Math.min(3, SUSTAINED_SECONDS))),
      });
      const waits = await sampler.stop();
      printSustained(log, verdict, result, reference!, waits);
      runs.sustained = { result, reference: reference!, waits };
    }
    if (PHASES.has('ramp')) {
      log(`\nramp by rate (${CONSOLES} consoles, ${STEP_SECONDS} s a step), until receiveMessage no longer keeps up`);
      for (const rate of RAMP_RATES) {
        await warmUp(ctx, consoles, server);
        const result = await measureWindow(ctx, consoles, { endpoints: [server], rate, seconds: STEP_SECONDS });
        rates.push(result);
        const ingest = ingestOf(result.write);
        log(`  ${rate} msg/s: p50 ${ms(latencyOf(result).p50)}, p99 ${ms(latencyOf(result).p99)}; answered ${ingest.perSecond.toFixed(0)}/s, kept up: ${ingest.keptUp}`);
        if (!ingest.keptUp) break;
      }
      log(`ramp by consoles (${RAMP_CONSOLE_RATE} msg/s, ${STEP_SECONDS} s a step), until p99 reaches 100 ms`);
      for (const n of RAMP_CONSOLES) {
        await consoles.resize(n, String(await headId(ctx.db)));
        await warmUp(ctx, consoles, server);
        const result = await measureWindow(ctx, consoles, { endpoints: [server], rate: RAMP_CONSOLE_RATE, seconds: STEP_SECONDS });
        sizes.push(result);
        log(`  ${n} consoles: p50 ${ms(latencyOf(result).p50)}, p99 ${ms(latencyOf(result).p99)}`);
        if (!stepGood(result)) break;
      }
    }
    await consoles.resize(0, '0');
  }
  if (PHASES.has('failover')) {
    log(`\nfailover: consoles reconnect ${FAILOVER_GAP_MS} ms (+0–25 %) after replica A dies`);
    runs.failover = await runFailover(ctx, cleanups);
    printFailover(log, verdict, runs.failover);
  }
  if (PHASES.has('outage')) {
    log(`\noutage: stopping PostgreSQL for ${OUTAGE_SECONDS} s`);
    runs.outage = { result: await runOutage(ctx, cleanups), seconds: OUTAGE_SECONDS };
    printOutage(log, verdict, runs.outage.result, OUTAGE_SECONDS);
  }
  closeHttpClient();
  if (PHASES.has('ramp')) {
    // The ceiling of the log alone, servers stopped (their listeners would read the BENCH events).
    await Promise.all(ctx.servers.splice(0).map((s) => s.stop()));
    const append: AppendRates = await measureEventAppend(ctx.database.url, { clients: 16, seconds: QUICK ? 2 : 5 });
    printRamp(log, verdict, rates, sizes, append);
    runs.append = append;
  }
  const seconds = (nowMs() - began) / 1000;
  printGoals(log, verdict, seconds);
  reportLoad({ ...runs, ok: verdict.ok, goals: verdict.goals, seconds });
  return verdict.ok ? 0 : 1;
}

await runBench(main, cleanups);
