import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { gql, REPO_ROOT } from '../support/built-server.js';
import { freePort } from '../support/postgres.js';

// `pnpm start` as a newcomer runs it: scripts/start.mjs with no configuration but a clean data
// folder and free ports (SWITCHBOARD_DEMO and HOST unset, so start.mjs's defaults apply). The
// issue's promise: waiting threads in the console and a moving board within 30 s.
const PASSWORD = 'switchboard';
/** The figure; everything else waits generously, since CI machines stall. */
const WITHIN_MS = 30_000;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-demo-start-'));
fs.chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as `postgres` and must reach pgdata/ inside it

interface Started {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

const started: Started[] = [];
let browser: Browser | undefined;

async function pnpmStart(): Promise<Started> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts/start.mjs')], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      PORT: String(await freePort()),
      SWITCHBOARD_PG_PORT: String(await freePort()),
      SWITCHBOARD_DATA_DIR: dataDir,
      // A customer a second, so the test needs no patience; the default is 6 a minute.
      SWITCHBOARD_DEMO_RATE: '60',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const run = { child, url: '', output: () => output, exited };
  started.push(run);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const running = /Switchboard is running at (http:\/\/\S+?)\/?\s/.exec(output);
    if (running && output.includes('Ctrl-C stops it')) return { ...run, url: running[1]! };
    if (child.exitCode !== null) throw new Error(`pnpm start exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`pnpm start printed no banner:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function signIn(url: string, email: string): Promise<Page> {
  const context = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${url}/`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-live-status="live"]').waitFor();
  return page;
}

function postmasterPid(): number | undefined {
  const file = path.join(dataDir, 'pgdata', 'postmaster.pid');
  return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').split('\n')[0]) : undefined;
}

/** Every process whose command line names this data folder (the postmaster and its workers). */
function postgresOfDataDir(): number[] {
  const pgdata = path.join(dataDir, 'pgdata');
  return fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number).filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(pgdata);
    } catch {
      return false; // gone meanwhile
    }
  });
}

async function ctrlC(run: Started): Promise<number | null> {
  run.child.kill('SIGINT');
  return run.exited;
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const run of started) if (run.child.exitCode === null && run.child.signalCode === null) await ctrlC(run);
  const pid = postmasterPid();
  if (pid) {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('pnpm start', () => {
  let firstThreadId = '';

  it('seeds a demo on a clean data folder: waiting threads and a moving board within 30 s, and Ctrl-C leaves nothing running', { timeout: 180_000 }, async () => {
    const run = await pnpmStart();
    const banner = run.output();
    expect(banner).toContain('demo seeded');
    expect(run.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const login of ['admin@example.com', 'supervisor@example.com', 'agent@example.com']) expect(banner).toContain(login);
    expect(banner).toContain('simulated agents working beside you');
    expect(banner).toContain(`"${PASSWORD}"`);
    expect(banner).toContain(`Data: ${dataDir}`);
    const since = Date.now();

    // An agent's queue: customers waiting (the simulator writes in, the bots answer some).
    const agent = await signIn(run.url, 'agent@example.com');
    const waiting = agent.locator('[data-thread-id]:has(.wait-clock:not([data-wait-clock="none"]))');
    await waiting.first().waitFor({ timeout: Math.max(1_000, WITHIN_MS - (Date.now() - since)) });
    firstThreadId = (await waiting.first().getAttribute('data-thread-id'))!;
    expect(firstThreadId).toMatch(/\S/);
    await agent.context().close();

    // The supervisor's board moves by itself: the counts change as customers write and bots answer.
    const supervisor = await signIn(run.url, 'supervisor@example.com');
    await supervisor.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Board' }).click();
    await supervisor.getByRole('table', { name: 'Channels' }).waitFor();
    const counts = () =>
      supervisor.locator('[data-figure="total-waiting"] dd, [data-figure="total-unassigned"] dd, [data-figure="waiting"], [data-figure="unassigned"]').allTextContents().then((texts) => texts.join(' '));
    const first = await counts();
    await expect.poll(counts, { timeout: WITHIN_MS, interval: 250 }).not.toBe(first);
    await supervisor.context().close();

    // Ctrl-C: the server drains, the database stops, and no PostgreSQL of this folder is left.
    const postmaster = postmasterPid();
    expect(postmaster).toBeDefined();
    expect(await ctrlC(run), run.output()).toBe(0);
    expect(postmasterPid()).toBeUndefined();
    expect(postgresOfDataDir()).toEqual([]);
  });

  it('never reseeds on the next start: the data of the first is kept', { timeout: 180_000 }, async () => {
    const run = await pnpmStart();
    expect(run.output()).toContain('demo: continuing the one in this data folder (never reseeded)');
    expect(run.output()).not.toContain('demo seeded');
    const login = await gql<{ login: { token: string } }>(run.url, 'mutation { login(email: "admin@example.com", password: "switchboard") { token } }');
    expect(login.errors).toBeUndefined();
    const found = await gql<{ thread: { id: string } | null }>(run.url, 'query($id: ID!) { thread(id: $id) { id } }', { id: firstThreadId }, login.data!.login.token);
    expect(found.errors).toBeUndefined();
    expect(found.data!.thread?.id).toBe(firstThreadId);
    expect(await ctrlC(run), run.output()).toBe(0);
    expect(postgresOfDataDir()).toEqual([]);
  });
});
