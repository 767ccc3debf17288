#!/usr/bin/env node
// `pnpm screenshots`: the README's pictures of the demo, taken as a newcomer would see them. Starts
// the product as `pnpm start` does, on a temporary data folder and free ports, lets the demo run
// so the board moves, then signs in with Chromium (playwright-core; /usr/bin/chromium or
// CHROMIUM_PATH) and writes docs/screenshots/demo-{queue,thread,board,reports}.png.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const OUT = path.join(root, 'docs/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1440, height: 900 };
const PASSWORD = 'switchboard';
/** Long enough for threads to pile up, bots to claim and answer, and the board's chart to move. */
const SETTLE_MS = Number(process.env.SCREENSHOTS_SETTLE_MS ?? 20_000);

// playwright-core is a dependency of the test package, not of the root.
const { chromium } = createRequire(path.join(root, 'test/package.json'))('playwright-core');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `node scripts/start.mjs` until its banner names the URL; its output is echoed with a prefix. */
async function startProduct(dataDir) {
  const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      SWITCHBOARD_DATA_DIR: dataDir,
      PORT: String(await freePort()),
      SWITCHBOARD_PG_PORT: String(await freePort()),
      SWITCHBOARD_DEMO: 'on',
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const url = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split('\n')) if (line.trim()) process.stdout.write(`  [pnpm start] ${line}\n`);
      const found = /Switchboard is running at (http\S+?)\/?(?:\s|$)/.exec(output);
      if (found) resolve(found[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`pnpm start exited (${code}) before it was running`)));
  });
  return { child, url: await url, output: () => output, exited };
}

async function signIn(browser, url, email, pathname = '/') {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${url}/`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-live-status="live"]').waitFor();
  if (pathname !== '/') {
    const label = pathname === '/board' ? 'Board' : 'Reports';
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: label }).click();
  }
  return page;
}

async function shoot(page, name) {
  // Let live updates and the wait clocks settle for a frame or two.
  await sleep(1_000);
  const file = path.join(OUT, name);
  await page.screenshot({ path: file });
  console.log(`wrote ${path.relative(root, file)}`);
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it, or set CHROMIUM_PATH`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-screenshots-'));
  fs.chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as `postgres` and must reach pgdata/
  let product;
  let browser;
  try {
    product = await startProduct(dataDir);
    if (!/demo seeded/.test(product.output())) throw new Error('the demo was not seeded: is SWITCHBOARD_DEMO supported by this build?');
    console.log(`letting the demo run for ${Math.round(SETTLE_MS / 1000)} s…`);
    await sleep(SETTLE_MS);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });

    const agent = await signIn(browser, product.url, 'agent@example.com');
    await agent.locator('[data-thread-id]').first().waitFor();
    await shoot(agent, 'demo-queue.png');
    // The longest wait first: the row at the top of the queue.
    await agent.locator('[data-thread-id] .queue-row__open').first().click();
    await agent.locator('.thread[role="region"]').waitFor();
    await shoot(agent, 'demo-thread.png');

    const board = await signIn(browser, product.url, 'supervisor@example.com', '/board');
    await board.getByRole('table', { name: 'Channels' }).waitFor();
    await shoot(board, 'demo-board.png');

    const reports = await signIn(browser, product.url, 'supervisor@example.com', '/reports');
    await reports.locator('.report-summary').waitFor();
    await shoot(reports, 'demo-reports.png');
  } finally {
    await browser?.close();
    if (product && product.child.exitCode === null) {
      product.child.kill('SIGINT');
      const code = await product.exited;
      if (code !== 0) process.exitCode = 1;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`screenshots failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
