import http from 'node:http';
import { nowMs, rssOf, sleep } from './fanout-shared.js';

// The server's responsiveness (GET /healthz round trips) and its resident memory.

export function startHealthProbe(base: URL): { stop(): Promise<number[]> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const samples: number[] = [];
  let running = true;
  const url = new URL('/healthz', base);
  const probing = (async () => {
    while (running) {
      const started = nowMs();
      await new Promise<void>((resolve) => {
        http.get(url, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve());
          res.on('error', () => resolve());
        }).on('error', () => resolve());
      });
      samples.push(nowMs() - started);
      const wait = 50 - (nowMs() - started);
      if (wait > 0) await sleep(wait);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await probing;
      agent.destroy();
      return samples;
    },
  };
}

/** Median of 5 VmRSS readings 200 ms apart, after 2 s to settle. */
export async function settledRss(pid: number): Promise<number> {
  await sleep(2000);
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    readings.push(rssOf(pid));
    await sleep(200);
  }
  return readings.sort((a, b) => a - b)[2]!;
}
