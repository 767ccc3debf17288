import http from 'node:http';
import { performance } from 'node:perf_hooks';

// Load for the listing comparison: one POST per request on kept-alive sockets, a closed-loop
// capacity probe, and open-loop phases whose latencies count from each request's scheduled send
// (a slow answer delays no later request, so stalls are not hidden: no coordinated omission).

export interface Target {
  name: string;
  endpoint: URL;
  token?: string;
  query: string;
}

export interface Sender {
  target: Target;
  /** Resolves with the body; rejects on a transport error, a non-200 status or GraphQL errors. */
  send(): Promise<string>;
  close(): void;
}

export function sender(target: Target): Sender {
  // Plenty of sockets: an open loop must never wait for one (that would be the client's queue).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const body = JSON.stringify({ query: target.query });
  const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  const send = () =>
    new Promise<string>((resolve, reject) => {
      const req = http.request(target.endpoint, { method: 'POST', agent, headers, timeout: 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200 || text.includes('"errors"')) reject(new Error(`${res.statusCode}: ${text.slice(0, 300)}`));
          else resolve(text);
        });
      });
      req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
      req.on('error', reject);
      req.end(body);
    });
  return { target, send, close: () => agent.destroy() };
}

/** Requests one after another. */
export async function sequential(s: Sender, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await s.send();
}

/** Completed requests per second with `concurrency` requests always in flight, for `seconds`. */
export async function capacity(s: Sender, concurrency: number, seconds: number): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  const worker = async () => {
    while (performance.now() < end) {
      await s.send();
      done++;
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / ((performance.now() - began) / 1000);
}

export interface PhaseResult {
  /** Latencies (ms) of the successful requests, from their scheduled send. */
  latencies: number[];
  sent: number;
  failed: number;
  /** From the first scheduled send to the last answer. */
  seconds: number;
  /** How late the client itself sent, at worst (ms): large values mean the load generator lagged. */
  maxSendLagMs: number;
  firstError?: string;
}

/** Open loop: request i is due at start + i / rate; it is sent then, whatever the others are doing. */
export async function openLoop(s: Sender, rate: number, seconds: number): Promise<PhaseResult> {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const inFlight: Array<Promise<void>> = [];
  let failed = 0;
  let firstError: string | undefined;
  let maxSendLagMs = 0;
  let lastAnswer = 0;
  const start = performance.now() + 5;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        const scheduled = start + next * interval;
        maxSendLagMs = Math.max(maxSendLagMs, now - scheduled);
        inFlight.push(s.send().then(
          () => void latencies.push((lastAnswer = performance.now()) - scheduled),
          (error: unknown) => {
            failed++;
            lastAnswer = performance.now();
            firstError ??= String(error);
          },
        ));
        next++;
      }
      if (next < total) setTimeout(tick, Math.max(0, Math.min(1, start + next * interval - performance.now())));
      else resolve();
    };
    setTimeout(tick, 5);
  });
  await Promise.all(inFlight);
  return { latencies, sent: total, failed, seconds: (lastAnswer - start) / 1000, maxSendLagMs, firstError };
}
