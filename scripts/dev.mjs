#!/usr/bin/env node
// `pnpm dev`: the server recompiled and restarted on change (tsc --watch + node --watch, which
// keep decorator metadata), and the console on Vite's dev server with hot reload.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });

if (run('pnpm', ['--filter', '@switchboard/schema', 'build']).status !== 0) process.exit(1);
if (run('pnpm', ['--filter', '@switchboard/server', 'build']).status !== 0) process.exit(1);

const children = [
  spawn('pnpm', ['exec', 'tsc', '-w', '-p', 'tsconfig.build.json', '--preserveWatchOutput'], { cwd: path.join(root, 'apps/server'), stdio: 'inherit' }),
  spawn(process.execPath, ['--watch-path=apps/server/dist', 'apps/server/dist/main.js'], {
    cwd: root,
    stdio: 'inherit',
    env: { SWITCHBOARD_ADMIN_EMAIL: 'admin@example.com', SWITCHBOARD_ADMIN_PASSWORD: 'switchboard', LOG_LEVEL: 'debug', ...process.env },
  }),
  spawn('pnpm', ['exec', 'vite'], { cwd: path.join(root, 'apps/console'), stdio: 'inherit' }),
];
console.log('\n  console (hot reload): http://localhost:5173/   API: http://localhost:4000/graphql\n');

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGINT');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', () => { stop(); if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(0); });
