#!/usr/bin/env node
// `pnpm bench [--quick]`: builds what is stale, compiles the benchmarks, and runs them all
// (bench/src/bench-all.ts): a table at the end and bench/results/<date>.json.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildIfStale } from './build-if-stale.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
buildIfStale({ log: console.log });
const compiled = spawnSync('pnpm', ['--filter', '@switchboard/bench', 'compile'], { cwd: root, stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
const run = spawnSync(process.execPath, [path.join(root, 'bench/dist/bench-all.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
