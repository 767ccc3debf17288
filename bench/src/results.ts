import fs from 'node:fs';

/** One figure a benchmark reports: what it is, its value, and the goal it has if any. */
export interface Figure {
  figure: string;
  value: string;
  goal?: string;
  /** Whether the goal was met (absent: no goal). */
  met?: boolean;
}

/** What one benchmark hands to `pnpm bench` (bench-all.ts): a few headline figures and its details. */
export interface BenchResult {
  name: string;
  quick: boolean;
  figures: Figure[];
  /** Everything else it measured, as plain JSON (kept in bench/results/<date>.json). */
  details?: unknown;
}

/** The environment variable bench-all.ts sets to collect a benchmark's result. */
export const RESULT_FILE_ENV = 'BENCH_RESULT_FILE';

/** Writes the result where `pnpm bench` collects it; run alone, a benchmark only prints. */
export function reportResult(result: BenchResult): void {
  const file = process.env[RESULT_FILE_ENV];
  if (file) fs.writeFileSync(file, JSON.stringify(result, null, 2));
}

/** `--quick` on the command line (bench-all.ts passes it on). */
export const QUICK_MODE = process.argv.includes('--quick');
