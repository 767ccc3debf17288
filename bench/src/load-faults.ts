import fs from 'node:fs';
import type pg from 'pg';
import { nowMs, sleep } from './fanout-shared.js';
import {
  headId, LoadConsoles, measureWindow, warmUp, writeOne, type LoadContext, type WindowResult,
} from './load-phase.js';
import { CONSOLES, FAILOVER_GAP_MS, FAILOVER_SECONDS, OUTAGE_RATE, OUTAGE_SECONDS, QUICK, RATE } from './load-options.js';
import { benchClient, healthStatus, startServer, type BenchServer } from './setup.js';
import { summarize, type Summary } from './stats.js';

// The fault runs of the load bench: a replica killed under load, and the database stopped.

const wsUrl = (server: BenchServer) => server.endpoint.href.replace(/^http/, 'ws');

/** Starts replicas until `n` are live (quiet logs: a fault run would print a warning a second). */
export async function ensureReplicas(ctx: LoadContext, n: number, cleanups: { add(step: () => Promise<void>): void }): Promise<void> {
  while (ctx.servers.length < n) {
    const server = await startServer(ctx.database.url, [], { LOG_LEVEL: 'error' });
    cleanups.add(server.stop);
    ctx.servers.push(server);
  }
}

export interface FailoverResult {
  window: WindowResult;
  killedPid: number;
  /** Per console: events committed before it was back, delivered after (the catch-up). */
  missed: Summary;
  /** Per console: from its reconnect to the last of those events. */
  catchUp: Summary;
  /** Per console: from the kill to being caught up. */
  sinceKill: Summary;
  /** Per console: from the kill to its reconnect (the planned gap + the handshake). */
  reconnect: Summary;
  /** Arrival − `at` of events committed after the console's reconnect, until it was caught up. */
  liveDuringCatchUp: Summary;
  /** … and of every event committed after its reconnect. */
  liveAfterReconnect: Summary;
  consolesNotReconnected: number;
}

/**
 * Two replicas on one database, every console on A; customers write through B; A is killed
 * (SIGKILL) mid-run. Each console waits FAILOVER_GAP_MS, reconnects to B and its live feed
 * resumes from its last cursor.
 */
export async function runFailover(ctx: LoadContext, cleanups: { add(step: () => Promise<void>): void }): Promise<FailoverResult> {
  await ensureReplicas(ctx, 2, cleanups);
  const [a, b] = ctx.servers as [BenchServer, BenchServer];
  const consoles = new LoadConsoles(ctx, [wsUrl(a), wsUrl(b)], false);
  await consoles.resize(CONSOLES, String(await headId(ctx.db)));
  await warmUp(ctx, consoles, b);
  await consoles.retryGap(FAILOVER_GAP_MS);
  let killAt = Number.NaN;
  const window = await measureWindow(ctx, consoles, {
    endpoints: [b], rate: RATE, seconds: 2 + FAILOVER_SECONDS, detail: true,
    during: async () => {
      await sleep(2000);
      killAt = nowMs();
      process.kill(a.pid, 'SIGKILL');
    },
  });
  await a.stop(); // reaps it (already dead)
  ctx.servers.splice(ctx.servers.indexOf(a), 1);
  await consoles.retryGap(0);

  const missed: number[] = [];
  const catchUp: number[] = [];
  const sinceKill: number[] = [];
  const reconnect: number[] = [];
  const duringCatchUp: number[] = [];
  const afterReconnect: number[] = [];
  let notReconnected = 0;
  for (const check of window.collected.checks) {
    const back = check.connects.find((t) => t > killAt);
    if (back === undefined) {
      notReconnected++;
      continue;
    }
    reconnect.push(back - killAt);
    const { ids, ats, arrivals } = check as Required<typeof check>;
    let replayed = 0;
    let caughtUp = back;
    for (let k = 0; k < ids.length; k++) {
      if (arrivals[k]! >= back && ats[k]! < back) {
        replayed++;
        caughtUp = Math.max(caughtUp, arrivals[k]!);
      }
    }
    missed.push(replayed);
    catchUp.push(caughtUp - back);
    sinceKill.push(caughtUp - killAt);
    for (let k = 0; k < ids.length; k++) {
      if (ats[k]! < back) continue;
      afterReconnect.push(arrivals[k]! - ats[k]!);
      if (ats[k]! <= caughtUp) duringCatchUp.push(arrivals[k]! - ats[k]!);
    }
  }
  await consoles.resize(0, '0');
  return {
    window, killedPid: a.pid, missed: summarize(missed), catchUp: summarize(catchUp), sinceKill: summarize(sinceKill),
    reconnect: summarize(reconnect), liveDuringCatchUp: summarize(duringCatchUp), liveAfterReconnect: summarize(afterReconnect),
    consolesNotReconnected: notReconnected,
  };
}

export interface OutageResult {
  window: WindowResult;
  stopMs: number;
  /** From the start of PostgreSQL to it accepting connections. */
  databaseStartMs: number;
  /** Per replica: from PostgreSQL accepting connections to its first /healthz 200. */
  healthyAfterMs: number[];
  /** From PostgreSQL accepting connections to every console having a message written after it. */
  caughtUpAfterMs: number;
  /** Listener sessions ('switchboard-listener') per replica pid, and all sessions per pid. */
  listeners: Array<{ pid: number; listeners: number; sessions: number }>;
  consolesClosed: number;
}

/**
 * Two replicas, consoles spread over them, customers writing through both; the bench's embedded
 * PostgreSQL is stopped for OUTAGE_SECONDS and started again on the same folder and port.
 */
export async function runOutage(ctx: LoadContext, cleanups: { add(step: () => Promise<void>): void }): Promise<OutageResult | string> {
  const outage = ctx.database.outage;
  if (!outage) return 'skipped: DATABASE_URL is not the bench\'s own cluster, which it will not stop';
  await ensureReplicas(ctx, 2, cleanups);
  const replicas = ctx.servers.slice(-2);
  const consoles = new LoadConsoles(ctx, replicas.map(wsUrl), true);
  await consoles.resize(CONSOLES, String(await headId(ctx.db)));
  await warmUp(ctx, consoles, replicas[0]!);
  const after = QUICK ? 10 : 15;
  const timing = { stopMs: 0, databaseStartMs: 0, healthyAfterMs: [] as number[], caughtUpAfterMs: Number.NaN };
  const window = await measureWindow(ctx, consoles, {
    endpoints: replicas, rate: OUTAGE_RATE, seconds: 3 + OUTAGE_SECONDS + after,
    during: async () => {
      await sleep(3000);
      const stopping = nowMs();
      await ctx.db.end().catch(() => undefined);
      await outage.stop();
      timing.stopMs = nowMs() - stopping;
      await sleep(Math.max(0, OUTAGE_SECONDS * 1000 - (nowMs() - stopping)));
      const starting = nowMs();
      await outage.start();
      const ready = nowMs();
      timing.databaseStartMs = ready - starting;
      ctx.db = await reconnect(ctx.database.url);
      timing.healthyAfterMs = await Promise.all(replicas.map(async (server) => {
        for (let i = 0; i < 1200 && (await healthStatus(server.endpoint)) !== 200; i++) await sleep(50);
        return nowMs() - ready;
      }));
      // Caught up: a message written now (after both answer again) has reached every console.
      let head = Number.NaN;
      for (let i = 0; i < 100 && Number.isNaN(head); i++) head = await writeOne(ctx, replicas[0]!).catch(() => sleep(100).then(() => Number.NaN));
      await consoles.behind(head, 60_000);
      timing.caughtUpAfterMs = nowMs() - ready;
    },
  });
  await sleep(2000); // reconnect loops settle before the sessions are counted
  const listeners = await sessionsByReplica(ctx.db, replicas.map((s) => s.pid));
  const consolesClosed = window.collected.checks.filter((c) => c.closes.length > 0).length;
  await consoles.resize(0, '0');
  return { window, ...timing, listeners, consolesClosed };
}

async function reconnect(url: string): Promise<pg.Client> {
  const client = benchClient(url);
  await client.connect();
  return client;
}

/**
 * PostgreSQL sessions per replica: pg_stat_activity's client port, matched to the process that
 * owns that loopback socket (/proc/net/tcp* and /proc/<pid>/fd).
 */
export async function sessionsByReplica(db: pg.Client, pids: number[]): Promise<Array<{ pid: number; listeners: number; sessions: number }>> {
  const { rows } = await db.query<{ port: number; app: string }>(
    `SELECT client_port AS port, application_name AS app FROM pg_stat_activity WHERE backend_type = 'client backend' AND client_port IS NOT NULL`);
  const inodeOwner = new Map<string, number>();
  for (const pid of pids) {
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
      const link = (() => {
        try {
          return fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          return '';
        }
      })();
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode) inodeOwner.set(inode, pid);
    }
  }
  const portOwner = new Map<number, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1];
      const owner = cols[9] === undefined ? undefined : inodeOwner.get(cols[9]);
      if (local && owner !== undefined) portOwner.set(parseInt(local.split(':')[1]!, 16), owner);
    }
  }
  return pids.map((pid) => {
    const mine = rows.filter((row) => portOwner.get(row.port) === pid);
    return { pid, listeners: mine.filter((row) => row.app === 'switchboard-listener').length, sessions: mine.length };
  });
}
