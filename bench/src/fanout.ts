import { fork } from 'node:child_process';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CommitWatch } from './fanout-commit-watch.js';
import { Consoles } from './fanout-consoles.js';
import { AGENTS, MAX_N, MEMORY_STEPS, RECEIVE, SIZES, WORKERS } from './fanout-options.js';
import { measure, warmUp, type Fired } from './fanout-phase.js';
import { settledRss, startHealthProbe } from './fanout-probes.js';
import { printReport, type Row } from './fanout-report.js';
import { QUICK_MODE, reportResult, type Figure } from './results.js';
import { cpuMsOf, fdLimit, LOOP_RESOLUTION_MS, loopDelayOf, nowMs, reexecWithMoreFiles, Rpc, sleep, type ProcessStats } from './fanout-shared.js';
import { closeHttpClient, graphql } from './http-client.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, cleanupRegistry, login, runBench, seed, startStack } from './setup.js';
import { ms, summarize } from './stats.js';

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

const here = path.dirname(fileURLToPath(import.meta.url));

// Every console is one socket here and one in the server (or floor): raise the open-file limit.
const reexecCode = await reexecWithMoreFiles(MAX_N + 2048);
if (reexecCode !== null) process.exit(reexecCode);

const cleanups = cleanupRegistry();

const log = (line = '') => console.log(line);

async function main(): Promise<number> {
  const began = nowMs();
  const files = fdLimit();
  if (files < MAX_N + 1024) throw new Error(`open-file limit ${files} is too low for ${MAX_N} consoles; raise it (ulimit -n) and run again`);

  log(`open-file limit ${files}`);
  // FANOUT_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"): to look inside the server.
  // Up to 500 consoles share each of the 10 sessions here (a real floor has one or two per
  // session): at 5,000, their subscribes would spend a session's request budget in seconds.
  const { database, server, db } = await startStack(cleanups, log, process.env.FANOUT_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [], {
    SWITCHBOARD_RATE_SESSION_PER_SECOND: '1000000', SWITCHBOARD_RATE_SESSION_BURST: '1000000',
  });
  const seeded = await seed(db, server.endpoint, { agents: AGENTS, threads: 0 });
  const tokens = seeded.agents.map((agent) => agent.token);
  const adminToken = await login(server.endpoint, ADMIN_EMAIL, ADMIN_PASSWORD);
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

  const figures: Figure[] = [];
  const ok = printReport({ rows, memory, pgVersion, databaseOrigin: database.origin, serverPayloadBytes, began }, log, figures);
  figures.push({ figure: 'every console got every event once', value: ok ? 'yes' : 'NO', goal: 'exactly once', met: ok });
  reportResult({ name: 'fanout', quick: QUICK_MODE, figures });
  return ok ? 0 : 1;
}

await runBench(main, cleanups);
