import fc from 'fast-check';

/**
 * How much to fuzz and from where. `pnpm test` runs a modest, fixed-seed pass (the same inputs
 * every time: CI never turns red by luck); `pnpm fuzz` raises FUZZ_RUNS and draws a fresh seed
 * unless FUZZ_SEED is given. A failure prints the seed and path that replay it exactly.
 */
export const FUZZ = {
  runs: positive(process.env.FUZZ_RUNS) ?? 20,
  seed: process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.FUZZ_RUNS ? Date.now() % 2 ** 31 : 20_261_122,
  path: process.env.FUZZ_PATH,
};

/** A test timeout that grows with the number of runs (a call is a few milliseconds, a shrink many calls). */
export function fuzzTimeout(runs: number, msPerRun = 250): number {
  return 30_000 + runs * msPerRun;
}

/** Runs `property` `runs` times from `seedOffset` past the base seed; a failure names the input and the command that replays it. */
export async function checkProperty<T>(name: string, property: fc.IAsyncProperty<T>, runs: number, seedOffset = 0): Promise<void> {
  const seed = FUZZ.seed + seedOffset;
  const details = await fc.check(property, { numRuns: runs, seed, ...(FUZZ.path ? { path: FUZZ.path } : {}) });
  if (!details.failed) return;
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const base = `FUZZ_SEED=${seed - seedOffset} FUZZ_RUNS=${runs}`;
  throw new Error([
    cause, '', fc.defaultReportMessage(details), '',
    // The whole file again from the same seed: the world the property ran in is rebuilt the same way.
    `Replay: ${base} npx vitest run test/api/fuzz`,
    `Or only this counterexample: ${base} FUZZ_PATH=${details.counterexamplePath ?? ''} npx vitest run test/api/fuzz -t '${name}'`,
  ].join('\n'));
}

function positive(raw: string | undefined): number | undefined {
  const value = Number(raw);
  return raw !== undefined && Number.isInteger(value) && value > 0 ? value : undefined;
}
