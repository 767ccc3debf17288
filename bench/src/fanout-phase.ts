import type { Consoles } from './fanout-consoles.js';
import { EVENTS, SPACING_MS } from './fanout-options.js';
import { nowMs, sleep } from './fanout-shared.js';

// One measured phase: warm the consoles up, fire EVENTS changes, and gather who got what when.

export interface Fired {
  key: string;
  /** The reference: when the commit became visible to the bench's own poller (see CommitWatch). */
  visibleAt: number;
  /** When the writer learned of its commit (server: HTTP response at the bench; floor: INSERT returned). */
  ackAt: number;
}

export interface PhaseResult {
  n: number;
  latencies: number[];
  /** Latency from the writer's acknowledgement (see Fired.ackAt). */
  fromAck: number[];
  /** Latency from the event's `at` (PostgreSQL now() in the writing transaction). */
  fromAt: number[];
  /** Per event: when the LAST console had it, from the reference. */
  lastConsole: number[];
  missing: number;
  duplicates: number;
  problems: string[];
  seconds: number;
  payloadBytes: number;
  /** How long after the commit the writer learned of it (server: HTTP response; floor: INSERT return). */
  ackLag: number[];
  /** Commit minus `at`: for the server, how long its transaction ran (`at` is its start). */
  visibleMinusAt: number[];
}

export async function warmUp(consoles: Consoles, fire: (label: string) => Promise<Fired>): Promise<number> {
  // graphql-ws has no subscribe acknowledgement: a change that every console received proves
  // that every subscription is registered (later changes then reach them all).
  for (let attempt = 1; attempt <= 20; attempt++) {
    const { key } = await fire(`warm-up ${attempt}`);
    if ((await consoles.missing(key, 3000)) === 0) return attempt;
  }
  throw new Error(`after 20 warm-up changes, some of the ${consoles.size} consoles still received nothing`);
}

const previousDuplicates = new Map<string, number>();

export async function measure(consoles: Consoles, fire: (label: string) => Promise<Fired>): Promise<PhaseResult> {
  const fired: Fired[] = [];
  const began = nowMs();
  for (let e = 0; e < EVENTS; e++) {
    const due = began + e * SPACING_MS;
    const wait = due - nowMs();
    if (wait > 0) await sleep(wait);
    fired.push(await fire(`event ${e + 1}`));
  }
  const seconds = (nowMs() - began) / 1000;
  // Everything in order: once the last event has reached everyone, the earlier ones had their chance.
  await consoles.missing(fired.at(-1)!.key, 15_000);
  await sleep(500); // a late duplicate would show up here
  const parts = await consoles.collect(fired.map((f) => f.key));

  const result: PhaseResult = {
    n: consoles.size, latencies: [], fromAck: [], fromAt: [], lastConsole: [], missing: 0, duplicates: 0, problems: [], seconds, payloadBytes: 0,
    ackLag: [], visibleMinusAt: [],
  };
  parts.forEach((part, w) => {
    const mark = `${consoles.kind}:${w}`;
    result.duplicates += part.duplicates - (previousDuplicates.get(mark) ?? 0);
    previousDuplicates.set(mark, part.duplicates);
    result.problems.push(...part.problems);
    result.payloadBytes ||= part.payloadBytes;
  });
  for (const { key, visibleAt: refAt, ackAt } of fired) {
    const at = parts.map((p) => p.ats[key]).find(Boolean);
    const atMs = at ? Date.parse(at) : Number.NaN;
    if (at) result.visibleMinusAt.push(refAt - atMs);
    result.ackLag.push(ackAt - refAt);
    let last = Number.NEGATIVE_INFINITY;
    for (const part of parts) {
      for (const received of part.times[key] ?? []) {
        if (Number.isNaN(received)) {
          result.missing++;
          continue;
        }
        result.latencies.push(received - refAt);
        result.fromAck.push(received - ackAt);
        if (at) result.fromAt.push(received - atMs);
        last = Math.max(last, received - refAt);
      }
    }
    result.lastConsole.push(last);
  }
  return result;
}
