import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { RESULT_FILE_ENV, type BenchResult } from './results.js';

/**
 * `pnpm bench [--quick]`: the benchmarks one after another, each in a process of its own (its own
 * throw-away PostgreSQL and server), then one table of their headline figures and goals, written
 * with every detail to bench/results/<date>.json. `--quick` runs the short versions of the
 * comparisons (under 3 minutes; CI prints them, asserts nothing); the full run takes about half an
 * hour. Each figure that compares is a ratio measured side by side in the same process, since
 * these machines are noisy: compare ratios across runs, not milliseconds.
 */
interface Step {
  name: string;
  file: string;
  /** Runs in `--quick` too (with `--quick` passed on, and `quickEnv`). */
  quick: boolean;
  quickEnv?: Record<string, string>;
}

const STEPS: readonly Step[] = [
  { name: 'queue listing vs PostGraphile', file: 'vs-postgraphile.js', quick: true },
  { name: 'claim storms and ramp', file: 'claim-storm.js', quick: true },
  { name: 'live fan-out', file: 'fanout.js', quick: true, quickEnv: { FANOUT_SIZES: '100,1000', FANOUT_EVENTS: '20' } },
  { name: 'closed-loop claim race and event append', file: 'run.js', quick: false },
  { name: 'live under load and faults', file: 'load.js', quick: false },
  { name: 'supervisor board', file: 'board.js', quick: false },
  { name: 'reports', file: 'report.js', quick: false },
  { name: 'console frames', file: 'console-frames.js', quick: false },
];

const DIST = path.dirname(new URL(import.meta.url).pathname);
const RESULTS_DIR = path.resolve(DIST, '../results');

function runStep(step: Step, quick: boolean, resultFile: string): Promise<number> {
  const args = [path.join(DIST, step.file), ...(quick ? ['--quick'] : [])];
  const env = { ...process.env, ...(quick ? step.quickEnv : {}), [RESULT_FILE_ENV]: resultFile };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  const quick = process.argv.includes('--quick');
  const began = performance.now();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-'));
  const runs: Array<{ step: Step; exitCode: number; seconds: number; result: BenchResult | null }> = [];
  for (const step of STEPS.filter((candidate) => candidate.quick || !quick)) {
    console.log(`\n##### ${step.name}${quick ? ' (quick)' : ''}\n`);
    const resultFile = path.join(scratch, `${path.basename(step.file, '.js')}.json`);
    const stepBegan = performance.now();
    const exitCode = await runStep(step, quick, resultFile);
    const result = fs.existsSync(resultFile) ? (JSON.parse(fs.readFileSync(resultFile, 'utf8')) as BenchResult) : null;
    runs.push({ step, exitCode, seconds: (performance.now() - stepBegan) / 1000, result });
  }
  fs.rmSync(scratch, { recursive: true, force: true });

  const total = (performance.now() - began) / 1000;
  const cpu = os.cpus();
  const machine = { cpus: cpu.length, model: cpu[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
  console.log(`\n===== Switchboard benchmarks (${quick ? 'quick' : 'full'}), ${new Date().toISOString()} =====`);
  console.log(`machine: ${machine.cpus} x ${machine.model}, ${machine.memoryGiB} GiB, Node ${machine.node}`);
  const rows: string[][] = [['benchmark', 'figure', 'value', 'goal']];
  for (const { step, exitCode, seconds, result } of runs) {
    if (!result) rows.push([step.name, `exit ${exitCode}, ${seconds.toFixed(0)} s`, '(see its own report above)', '']);
    for (const figure of result?.figures ?? []) {
      rows.push([step.name, figure.figure, figure.value, figure.goal ? `${figure.goal}: ${figure.met ? 'MET' : 'MISSED'}` : '']);
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
  console.log(`total: ${total.toFixed(0)} s`);

  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${new Date().toISOString().slice(0, 10)}${quick ? '-quick' : ''}.json`);
  fs.writeFileSync(file, `${JSON.stringify({
    date: new Date().toISOString(), mode: quick ? 'quick' : 'full', machine, seconds: Math.round(total),
    benchmarks: runs.map(({ step, exitCode, seconds, result }) => ({ name: step.name, exitCode, seconds: Math.round(seconds), ...result })),
  }, null, 2)}\n`);
  console.log(`written to ${path.relative(process.cwd(), file)}`);
  return runs.some((run) => run.exitCode !== 0) ? 1 : 0;
}

process.exitCode = await main();
