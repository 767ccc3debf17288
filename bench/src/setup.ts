import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbeddedPostgres } from '@switchboard/server/db/embedded-postgres.js';
import { newId } from '@switchboard/server/ids.js';
import { createLogger } from '@switchboard/server/logger.js';
import { hashPassword } from '@switchboard/server/modules/auth/passwords.js';
import { graphql } from './http-client.js';

/** Cleanups run last-in first-out, on success, on error and on SIGINT alike. */
export type Cleanup = () => Promise<void>;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface BenchDatabase {
  url: string;
  /** Where it came from, for the report. */
  origin: string;
  cleanup: Cleanup;
  /** The embedded cluster only: its data folder (`pgdata/postmaster.pid` names its pid). */
  dataDir?: string;
  /** The embedded cluster only: stop it and start it again on the same folder and port (an outage). */
  outage?: { stop(): Promise<void>; start(): Promise<void> };
}

/**
 * A throw-away database: a fresh `sb_bench_<pid>` in DATABASE_URL's server, or an embedded
 * PostgreSQL in a fresh temporary folder. Never the developer's own data.
 */
export async function startDatabase(): Promise<BenchDatabase> {
  const external = process.env.DATABASE_URL?.trim();
  if (external) {
    const name = `sb_bench_${process.pid}`;
    await adminQuery(external, `CREATE DATABASE ${name}`);
    const url = new URL(external);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      origin: `DATABASE_URL (database ${name})`,
      cleanup: () => adminQuery(external, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-'));
  // Running as root, PostgreSQL runs as `postgres`, which must be able to enter this folder.
  fs.chmodSync(dataDir, 0o755);
  const removeDirSync = () => fs.rmSync(dataDir, { recursive: true, force: true });
  const removeDir = async () => {
    removeDirSync();
    process.off('exit', removeDirSync);
  };
  try {
    const port = await freePort();
    const start = () => startEmbeddedPostgres({ dataDir, port, logger: createLogger('warn') });
    let embedded: Awaited<ReturnType<typeof start>> | undefined = await start();
    const url = embedded.url;
    // Last resort if the process dies before its cleanups ran; registered after the cluster's
    // own exit hook (which stops it), so the folder goes after the database.
    process.once('exit', removeDirSync);
    return {
      url,
      origin: `embedded PostgreSQL in ${dataDir}`,
      dataDir,
      cleanup: async () => {
        await embedded?.stop();
        await removeDir();
      },
      outage: {
        stop: async () => {
          await embedded?.stop();
          embedded = undefined;
        },
        start: async () => {
          embedded ??= await start();
        },
      },
    };
  } catch (error) {
    await removeDir();
    throw error;
  }
}

/** A pg client whose connection may be cut (a shutdown, Ctrl-C) without crashing the bench. */
export function benchClient(url: string): pg.Client {
  const client = new pg.Client({ connectionString: url });
  client.on('error', (error) => console.error(`bench: database connection lost: ${error.message}`));
  return client;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = benchClient(url);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface BenchServer {
  endpoint: URL;
  /** For the fan-out bench's /proc readings (memory, CPU). */
  pid: number;
  stop: Cleanup;
}

export const ADMIN_EMAIL = 'bench@example.com';
export const ADMIN_PASSWORD = 'bench-password';

/** The BUILT server, as production runs it: its own process, its own migrations. */
export async function startServer(databaseUrl: string, nodeArgs: string[] = [], env: Record<string, string> = {}): Promise<BenchServer> {
  const port = await freePort();
  // The workspace dependency's entry point is apps/server/dist/main.js (resolved, not imported).
  const mainJs = fileURLToPath(import.meta.resolve('@switchboard/server'));
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server under any benchmark.
  const extraArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const base = `http://127.0.0.1:${port}`;
  const { pid, stop } = await startService('the server', [...extraArgs, ...nodeArgs, mainJs], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SWITCHBOARD_ADMIN_EMAIL: ADMIN_EMAIL,
      SWITCHBOARD_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ...env,
    },
    output: 'inherit',
    graceMs: 30_000, // the graceful path: drain HTTP, close the pool
    ready: async () => (await healthStatus(base)) === 200,
  });
  return { endpoint: new URL('/graphql', base), pid, stop };
}

export interface ServiceOptions {
  env?: NodeJS.ProcessEnv;
  /** `inherit`: its output goes to the bench's; `keep`: its last 4,000 characters go into a failure's message. */
  output: 'inherit' | 'keep';
  /** After SIGTERM, how long before SIGKILL. */
  graceMs: number;
  /** Whether it answers yet (polled every 100 ms, for up to 60 s). */
  ready(): Promise<boolean>;
}

/**
 * A node process the bench runs beside itself (our server, PostGraphile): started, awaited until
 * it answers, killed if the bench dies without cleaning up, and stopped with SIGTERM (SIGKILL after
 * `graceMs`).
 */
export async function startService(name: string, args: string[], options: ServiceOptions): Promise<{ pid: number; stop: Cleanup }> {
  const child = spawn(process.execPath, args, { env: options.env ?? process.env, stdio: ['ignore', options.output === 'inherit' ? 'inherit' : 'pipe', options.output === 'inherit' ? 'inherit' : 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString('utf8')).slice(-4000));
  child.stdout?.on('data', keep); // read continuously, so the pipes never fill
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), options.graceMs);
      await exited;
      clearTimeout(force);
    })());

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before it answered${output ? `:\n${output}` : ''}`);
    if (await options.ready()) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} did not answer within 60 s${output ? `:\n${output}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { pid: child.pid!, stop };
}

/** The HTTP status of `GET <base>/healthz`, or 0 when nothing answered. */
export async function healthStatus(base: string | URL): Promise<number> {
  try {
    const res = await fetch(new URL('/healthz', base), { signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0; // not listening (yet), or no answer within 5 s
  }
}

const LOGIN = 'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token } }';

/** Signs in through the API; returns the session token. */
export async function login(endpoint: URL, email: string, password: string): Promise<string> {
  const res = await graphql<{ login: { token: string } }>(endpoint, LOGIN, { email, password });
  const token = res.data?.login.token;
  if (!token) throw new Error(`login failed for ${email}: ${JSON.stringify(res.errors ?? res)}`);
  return token;
}

export interface BenchStack {
  database: BenchDatabase;
  server: BenchServer;
  /** The bench's own connection to the database, for seeding and checks. */
  db: pg.Client;
}

/** The throw-away database, the built server on it and a client, each registered for cleanup. */
export async function startStack(
  cleanups: { add(step: Cleanup): void },
  log: (line: string) => void,
  serverNodeArgs: string[] = [],
  serverEnv: Record<string, string> = {},
): Promise<BenchStack> {
  const began = Date.now();
  const database = await startDatabase();
  cleanups.add(database.cleanup);
  log(`database: ${database.origin}`);
  const server = await startServer(database.url, serverNodeArgs, serverEnv);
  cleanups.add(server.stop);
  log(`server: ${server.endpoint.origin}, pid ${server.pid} (healthy after ${((Date.now() - began) / 1000).toFixed(1)} s)`);
  const db = benchClient(database.url);
  await db.connect();
  cleanups.add(() => db.end());
  return { database, server, db };
}

/** The first lines of every report: when, and on what. */
export function environmentRows(): Array<[string, string]> {
  const cpus = os.cpus();
  return [
    ['date', new Date().toISOString()],
    ['machine', `${cpus.length} x ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ['node', process.version],
  ];
}

/**
 * Cleanup steps run in reverse on success, error, SIGINT and SIGTERM, so no server, database or
 * temporary folder outlives a bench.
 */
export function cleanupRegistry(): { add(step: Cleanup): void; run(): Promise<void>; readonly started: boolean } {
  const steps: Cleanup[] = [];
  let running: Promise<void> | undefined;
  const run = () =>
    (running ??= (async () => {
      for (const step of steps.splice(0).reverse()) {
        await step().catch((error: unknown) => console.error(`bench: cleanup failed: ${String(error)}`));
      }
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\nbench: ${signal}, cleaning up`);
      void run().finally(() => process.exit(130));
    });
  }
  return {
    add: (step) => void steps.push(step),
    run,
    get started() {
      return running !== undefined;
    },
  };
}

export interface SeededAgent {
  id: string;
  email: string;
  token: string;
}

export interface Seed {
  agents: SeededAgent[];
  threadIds: string[];
  queueId: string;
}

export const AGENT_PASSWORD = 'agent-password';

/**
 * Agents, customers and OPEN unowned threads, written with a few multi-row statements (unnest):
 * the API would spend minutes on what SQL does in milliseconds, and seeding is not measured.
 */
export async function seed(db: pg.Client, endpoint: URL, counts: { agents: number; threads: number }): Promise<Seed> {
  const queueId = await one<string>(db, `SELECT id FROM queue WHERE name = 'General'`);
  const smsChannelId = await one<string>(db, `SELECT id FROM channel WHERE kind = 'SMS' ORDER BY created_at, id LIMIT 1`);

  // One argon2 hash for everyone: hashing 200 times would only slow the seed.
  const passwordHash = await hashPassword(AGENT_PASSWORD);
  const agentIds = Array.from({ length: counts.agents }, () => newId('agt'));
  const emails = agentIds.map((_, i) => `agent${String(i + 1).padStart(3, '0')}@bench.example.com`);
  await db.query(
    `INSERT INTO agent (id, name, email, password_hash, role, capacity)
     SELECT id, 'Bench agent ' || n, email, $3, 'AGENT', 1000
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(id, email, n)`,
    [agentIds, emails, passwordHash],
  );
  await db.query(`INSERT INTO agent_queue (agent_id, queue_id) SELECT unnest($1::text[]), $2`, [agentIds, queueId]);

  const customerIds = Array.from({ length: counts.threads }, () => newId('cus'));
  const threadIds = Array.from({ length: counts.threads }, () => newId('thr'));
  await db.query(
    `INSERT INTO customer (id, name) SELECT id, 'Bench customer ' || n FROM unnest($1::text[]) WITH ORDINALITY AS t(id, n)`,
    [customerIds],
  );
  await db.query(
    `INSERT INTO customer_identity (customer_id, channel_kind, address)
     SELECT id, 'SMS', '+1555' || lpad(n::text, 7, '0') FROM unnest($1::text[]) WITH ORDINALITY AS t(id, n)`,
    [customerIds],
  );
  // Staggered arrivals, one every 3 s over the last ~50 min, each due 5 min (the SMS target)
  // after it arrived: a realistic queue where some are breached and some are not yet.
  await db.query(
    `INSERT INTO thread (id, customer_id, queue_id, channel_id, status, priority, owner_id,
                         waiting_since, response_due_at, wait_channel_id, last_inbound_at, version)
     SELECT t.id, t.customer_id, $3, $4, 'OPEN', 1, NULL,
            arrived, arrived + interval '5 minutes', $4, arrived, 1
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(id, customer_id, n),
            LATERAL (SELECT now() - make_interval(secs => 3 * ($5 - t.n))) AS a(arrived)`,
    [threadIds, customerIds, queueId, smsChannelId, counts.threads],
  );
  await db.query('ANALYZE');

  // Real sessions through the API, 10 at a time (each login is an argon2 verify on the server).
  const agents: SeededAgent[] = [];
  for (let i = 0; i < agentIds.length; i += 10) {
    const batch = agentIds.slice(i, i + 10).map(async (id, j) => {
      const email = emails[i + j]!;
      return { id, email, token: await login(endpoint, email, AGENT_PASSWORD) };
    });
    agents.push(...(await Promise.all(batch)));
  }
  return { agents, threadIds, queueId };
}

async function one<T>(db: pg.Client, sql: string): Promise<T> {
  const { rows } = await db.query(sql);
  const value = rows[0] ? (Object.values(rows[0])[0] as T) : undefined;
  if (value === undefined) throw new Error(`no row for: ${sql}`);
  return value;
}

/** Runs a bench's `main`, cleans up whatever happens, and exits with its code. */
export async function runBench(main: () => Promise<number>, cleanups: { run(): Promise<void>; readonly started: boolean }): Promise<never> {
  let exitCode = 1;
  try {
    exitCode = await main();
  } catch (error) {
    // After Ctrl-C the run fails as its connections close: that is not news.
    if (!cleanups.started) console.error('bench: failed:', error);
  } finally {
    await cleanups.run();
  }
  process.exit(exitCode);
}
