import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT, waitForHealthy, type BuiltServer } from '../support/built-server.js';
import { createTestDatabase, freePort } from '../support/postgres.js';

// What a container build does, in a fresh copy of the working tree (no node_modules, no dist):
// full install, build, then production dependencies only; the built server must still start.
// A runtime import of a devDependency passes every other test and fails only here.
// About 15 s in all on a warm pnpm store (2 cores); a cold store downloads every package.
const STEP_TIMEOUT_MS = 8 * 60_000; // per pnpm step, then its whole process group is killed
const SETUP_TIMEOUT_MS = 25 * 60_000; // the hook; afterAll still kills a running step

let copy: string;
let step: ChildProcess | undefined;
let server: BuiltServer | undefined;
let database: { url: string; drop(): Promise<void> } | undefined;

/** This environment without what vitest adds (NODE_ENV=test, VITEST*, TEST), as a shell has it. */
function shellEnv(): NodeJS.ProcessEnv {
  const added = /^(VITEST.*|TEST|NODE_ENV)$/;
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !added.test(key)));
}

/** A process in the copy, its stdout and stderr kept. `detached`: its own process group. */
function launch(command: string, args: string[], env: NodeJS.ProcessEnv, detached = false): Pick<BuiltServer, 'child' | 'output' | 'exited'> {
  const child = spawn(command, args, { cwd: copy, env, detached, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => chunks.push(chunk));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => Buffer.concat(chunks).toString(), exited };
}

/** Runs a pnpm step; on timeout kills its whole process group (pnpm, tsc, vite). */
async function run(args: string[]): Promise<void> {
  const started = Date.now();
  const { child, output, exited } = launch('pnpm', args, shellEnv(), true);
  step = child;
  const timer = setTimeout(() => killGroup(child), STEP_TIMEOUT_MS);
  const code = await exited;
  clearTimeout(timer);
  step = undefined;
  const line = `pnpm ${args.join(' ')}`;
  if (code !== 0) throw new Error(`\`${line}\` exited with ${code ?? 'a signal (timed out?)'}:\n${output().slice(-4000)}`);
  console.log(`production install: \`${line}\` took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Tracked and untracked-but-not-ignored files, as a clean clone plus the uncommitted work has them. */
function copyWorkingTree(from: string, to: string): void {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: from, maxBuffer: 64 * 2 ** 20 });
  for (const file of new Set(listed.toString().split('\0').filter(Boolean))) {
    const source = path.join(from, file);
    const stat = fs.lstatSync(source, { throwIfNoEntry: false });
    if (!stat) continue; // deleted in the working tree, not yet in the index
    fs.mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    if (stat.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(source), path.join(to, file));
    else fs.copyFileSync(source, path.join(to, file));
  }
}

function removeNodeModules(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const full = path.join(dir, entry.name);
    if (entry.name === 'node_modules') fs.rmSync(full, { recursive: true, force: true });
    else removeNodeModules(full);
  }
}

beforeAll(async () => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-production-install-'));
  copyWorkingTree(REPO_ROOT, copy);
  await run(['install', '--frozen-lockfile']);
  await run(['build']);
  removeNodeModules(copy);
  await run(['install', '--frozen-lockfile', '--prod']);

  // An empty database (from PostgreSQL's template1): the server migrates it, as in production.
  const { adminUrl } = inject('postgres');
  database = await createTestDatabase(adminUrl, 'template1');
  const port = String(await freePort());
  // What `pnpm serve` runs; a production image starts node itself, without pnpm.
  const serve = launch(process.execPath, ['apps/server/dist/main.js'], {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    HOST: '127.0.0.1',
    PORT: port,
  });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    serve.child.kill(signal); // a no-op once it has exited
    return serve.exited;
  };
  server = { url: `http://127.0.0.1:${port}`, ...serve, stop };
  await waitForHealthy(server);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  if (step) killGroup(step);
  if (server) {
    const force = setTimeout(() => server!.child.kill('SIGKILL'), 15_000);
    await server.stop('SIGTERM');
    clearTimeout(force);
  }
  await database?.drop();
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
}, 60_000);

describe('a production install (pnpm install --frozen-lockfile --prod after pnpm build)', () => {
  it('installs no devDependencies', () => {
    expect(fs.existsSync(path.join(copy, 'apps/server/node_modules/pino'))).toBe(true);
    expect(fs.existsSync(path.join(copy, 'apps/server/node_modules/typescript'))).toBe(false);
    expect(fs.existsSync(path.join(copy, 'node_modules/vitest'))).toBe(false);
  });

  it('starts the built server, which migrates an empty database and answers /healthz with 200', async () => {
    const health = await fetch(`${server!.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'up' });
  });

  it('ships no benchmark code: none in the server build, and `pnpm build` compiles none', () => {
    expect(fs.existsSync(path.join(copy, 'apps/server/dist/main.js'))).toBe(true);
    expect(fs.existsSync(path.join(copy, 'apps/server/dist/bench'))).toBe(false);
    expect(fs.existsSync(path.join(copy, 'bench/dist'))).toBe(false);
  });

  it('drains and exits 0 on SIGTERM', async () => {
    expect(await server!.stop('SIGTERM')).toBe(0);
  });
});
