import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { startEmbeddedPostgres, type RunningPostgres } from '../../apps/server/src/db/embedded-postgres.js';
import { freePort, withDatabase } from './postgres.js';

/**
 * A PostgreSQL cluster of one test file's own, which the test may stop and start again (same
 * port, same data) to fault the servers on it. Never the run's shared cluster: stopping that one
 * would fail every other file. Destroy it in afterAll.
 */
export interface OwnPostgres {
  /** A superuser URL of the `postgres` database. */
  adminUrl: string;
  /** A URL of `database` on this cluster. */
  url(database: string): string;
  /** Fast shutdown (every session gets 57P01 and is closed); keeps the data. */
  stop(): Promise<void>;
  /** Starts it again on the same port, resolving once it accepts sessions. */
  start(): Promise<void>;
  /**
   * Freezes every process of the cluster (SIGSTOP): sessions stay open and connections are
   * accepted, but nothing answers, as in a network partition. Call `resume` to thaw it.
   */
  hang(): { resume(): void };
  /** Runs `work` with a superuser session on `database` (default `postgres`). */
  admin<T>(work: (client: pg.Client) => Promise<T>, database?: string): Promise<T>;
  /** Stops the cluster and deletes its folder. */
  destroy(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-fault-'));
  fs.chmodSync(dataDir, 0o755); // as root the `postgres` user runs the cluster and must reach pgdata/
  const port = await freePort();
  const launch = () => startEmbeddedPostgres({ dataDir, port, logger: pino({ level: 'warn' }) });
  let running: RunningPostgres | undefined = await launch();
  const adminUrl = running.url;
  return {
    adminUrl,
    url: (database) => withDatabase(adminUrl, database),
    stop: async () => {
      await running?.stop();
      running = undefined;
    },
    start: async () => {
      running ??= await launch();
    },
    hang: () => {
      const postmaster = Number(fs.readFileSync(path.join(dataDir, 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0]);
      const processes = [postmaster, ...childrenOf(postmaster)];
      for (const pid of processes) process.kill(pid, 'SIGSTOP');
      return { resume: () => processes.forEach((pid) => process.kill(pid, 'SIGCONT')) };
    },
    admin: async (work, database = 'postgres') => {
      const client = new pg.Client({ connectionString: withDatabase(adminUrl, database) });
      await client.connect();
      try {
        return await work(client);
      } finally {
        await client.end();
      }
    },
    destroy: async () => {
      await running?.stop();
      running = undefined;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The pids whose parent is `parent`, from /proc (Linux). */
function childrenOf(parent: number): number[] {
  return fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).flatMap((entry) => {
    try {
      // "pid (comm) state ppid …": comm may hold spaces, so read after its closing parenthesis.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent ? [Number(entry)] : [];
    } catch {
      return []; // exited while we looked
    }
  });
}
