#!/usr/bin/env node
// `pnpm start`: the whole product for a newcomer. Builds what is missing or out of date, starts
// the server (embedded PostgreSQL unless DATABASE_URL is set), and prints readable logs.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

const packages = [
  { name: '@switchboard/schema', sources: ['packages/schema/src', 'packages/schema/operations', 'packages/schema/schema.graphql'], output: 'packages/schema/dist/index.js' },
  { name: '@switchboard/server', sources: ['apps/server/src'], output: 'apps/server/dist/main.js' },
  { name: '@switchboard/console', sources: ['apps/console/src', 'apps/console/index.html', 'apps/console/graphiql.html'], output: 'apps/console/dist/index.html' },
];

function newestMtime(target) {
  const full = path.join(root, target);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(full).map((entry) => newestMtime(path.join(target, entry))));
}

let rebuiltUpstream = false;
for (const pkg of packages) {
  const output = path.join(root, pkg.output);
  const stale = !fs.existsSync(output) || pkg.sources.some((source) => newestMtime(source) > fs.statSync(output).mtimeMs);
  if (stale || rebuiltUpstream) {
    console.log(`building ${pkg.name} ...`);
    const result = spawnSync('pnpm', ['--filter', pkg.name, 'build'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
    rebuiltUpstream = true;
  }
}

const env = { ...process.env };
let defaultAdmin = false;
if (!env.SWITCHBOARD_ADMIN_EMAIL && !env.SWITCHBOARD_ADMIN_PASSWORD) {
  env.SWITCHBOARD_ADMIN_EMAIL = 'admin@example.com';
  env.SWITCHBOARD_ADMIN_PASSWORD = 'switchboard';
  defaultAdmin = true;
}

const child = spawn(process.execPath, [path.join(root, 'apps/server/dist/main.js')], { cwd: root, env, stdio: ['inherit', 'pipe', 'inherit'] });

const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
readline.createInterface({ input: child.stdout }).on('line', (line) => {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    console.log(line);
    return;
  }
  const { level, time, msg, service: _service, ...rest } = entry;
  const extra = Object.keys(rest).filter((key) => key !== 'pid' && key !== 'hostname');
  const details = extra.length ? ` ${extra.map((key) => `${key}=${JSON.stringify(rest[key])}`).join(' ')}` : '';
  console.log(`${new Date(time).toLocaleTimeString()} ${LEVELS[level] ?? level} ${msg}${details}`);
  if (typeof msg === 'string' && msg.startsWith('Switchboard is running at') && defaultAdmin) {
    console.log(`\n  Sign in as admin@example.com with password "switchboard"`);
    console.log('  (set SWITCHBOARD_ADMIN_EMAIL and SWITCHBOARD_ADMIN_PASSWORD to choose your own)\n');
  }
});

// Pass signals on (a terminal's Ctrl-C reaches both; a second one is harmless): the server drains,
// stops its database, and this script exits with its code.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
