import { print } from 'graphql';
import { ReportDocument } from '@switchboard/schema';
import { cpuMsOf, nowMs, sleep } from './fanout-shared.js';
import { summarize, type Summary } from './stats.js';
import { closePosts, post } from './bench-shared.js';

// The report bench's HTTP side (bench/src/report.ts): the console's own Report document, timed.

/** The console's document (packages/schema/operations/reports/report.graphql): every field of the report. */
export const REPORT_QUERY = print(ReportDocument);

/** Closes the kept-alive sockets of the report requests. */
export function closeReportHttp(): void {
  closePosts();
}

export interface Figures {
  answeredCount: number;
  answeredInTargetCount: number;
  serviceLevel: number | null;
  medianResponseSeconds: number | null;
  p90ResponseSeconds: number | null;
  breachedCount: number;
  resolvedCount: number;
}

export interface ReportView {
  from: string;
  to: string;
  total: Figures;
  channels: Array<{ channel: { kind: string }; figures: Figures }>;
  queues: Array<{ queue: { id: string }; figures: Figures }>;
  agents: Array<{ agent: { id: string }; figures: Figures; firstResponseCount: number }>;
}

/** One report over [from, to) through the API; throws on an HTTP or GraphQL error. */
export async function fetchReport(endpoint: URL, token: string, from: Date, to: Date): Promise<{ report: ReportView; bytes: number }> {
  const res = await post(endpoint, token, REPORT_QUERY, { from: from.toISOString(), to: to.toISOString() });
  const parsed = JSON.parse(res.text) as { data?: { report?: ReportView }; errors?: unknown };
  if (res.status !== 200 || parsed.errors || !parsed.data?.report) throw new Error(`report: HTTP ${res.status} ${res.text.slice(0, 300)}`);
  return { report: parsed.data.report, bytes: Buffer.byteLength(res.text) };
}

export interface Timed {
  label: string;
  latency: Summary;
  bytes: number;
  serverCpuMsPerRequest: number;
  /** The last response, for its figures. */
  last: ReportView;
}

export interface TimingPlan {
  warmUp: number;
  requests: number;
  budgetMs: number;
}

/**
 * `warmUp` requests, then up to `requests` one after another, or as many as fit in `budgetMs`;
 * each over the window `window()` gives at the moment it is sent (a period ending now).
 */
export async function timeReport(label: string, endpoint: URL, serverPid: number, token: string,
  window: () => [Date, Date], plan: TimingPlan): Promise<Timed> {
  let bytes = 0;
  let last: ReportView | undefined;
  const once = async () => {
    const [from, to] = window();
    const result = await fetchReport(endpoint, token, from, to);
    bytes = result.bytes;
    last = result.report;
  };
  const warming = nowMs();
  for (let i = 0; i < plan.warmUp && nowMs() - warming < plan.budgetMs / 2; i++) await once();
  const samples: number[] = [];
  const cpuBefore = cpuMsOf(serverPid);
  const began = nowMs();
  while (samples.length < plan.requests && (samples.length === 0 || nowMs() - began < plan.budgetMs)) {
    const t = performance.now();
    await once();
    samples.push(performance.now() - t);
  }
  return { label, latency: summarize(samples), bytes, serverCpuMsPerRequest: (cpuMsOf(serverPid) - cpuBefore) / samples.length, last: last! };
}

/**
 * Waits until the server process used under `thresholdMs` of CPU in each of two consecutive
 * 500 ms windows (its event feed reads the seeded history once), at most `maxMs`. Returns how long it took.
 */
export async function waitIdle(pid: number, maxMs = 60_000, thresholdMs = 60): Promise<number> {
  const began = nowMs();
  let quiet = 0;
  while (quiet < 2 && nowMs() - began < maxMs) {
    const before = cpuMsOf(pid);
    await sleep(500);
    quiet = cpuMsOf(pid) - before < thresholdMs ? quiet + 1 : 0;
  }
  return nowMs() - began;
}
