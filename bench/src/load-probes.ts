import fs from 'node:fs';
import path from 'node:path';
import { sleep } from './fanout-shared.js';

// What the machine and the servers say about themselves while a load window runs.

/** Busy and total jiffies of all cores so far (/proc/stat's first line). */
function cpuTimes(): { busy: number; total: number } {
  const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/** Measures how busy the whole machine is from now: `stop()` gives busy cores (2.0 = both cores busy). */
export function machineCpu(cores: number): { stop(): number } {
  const before = cpuTimes();
  return {
    stop: () => {
      const after = cpuTimes();
      return ((after.busy - before.busy) / Math.max(1, after.total - before.total)) * cores;
    },
  };
}

/**
 * Polls each server's `/healthz` every 500 ms and keeps, per numeric field of its JSON (flattened,
 * e.g. `liveLagMs`, `eventLoopDelayMs.p99`), the largest value seen, and the worst status.
 */
export function healthSampler(bases: URL[]): { stop(): Promise<Array<Record<string, number>>> } {
  const maxima = bases.map(() => ({} as Record<string, number>));
  let running = true;
  const loops = bases.map(async (base, i) => {
    while (running) {
      try {
        const res = await fetch(new URL('/healthz', base), { signal: AbortSignal.timeout(2000) });
        const body = (await res.json()) as unknown;
        keepMaxima(maxima[i]!, { status: res.status, body });
      } catch {
        keepMaxima(maxima[i]!, { unanswered: 1 });
      }
      await sleep(500);
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return maxima;
    },
  };
}

function keepMaxima(into: Record<string, number>, value: unknown, prefix = ''): void {
  if (typeof value === 'number') into[prefix] = Math.max(into[prefix] ?? Number.NEGATIVE_INFINITY, value);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) keepMaxima(into, inner, prefix ? `${prefix}.${key}`.replace(/^body\./, '') : key);
  }
}

/** `liveLagMs 2400, liveQueuedEvents 310, …` for the report. */
export function formatMaxima(maxima: Record<string, number>): string {
  return Object.entries(maxima).map(([key, value]) => `${key} ${Math.round(value * 10) / 10}`).join(', ');
}

/** utime + stime (+ cutime + cstime: children it has reaped) of a process, in ms (10 ms ticks). */
function cpuWithChildrenMs(pid: number, children: boolean): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  const ticks = fields[11]! + fields[12]! + (children ? fields[13]! + fields[14]! : 0);
  return ticks * 10;
}

/**
 * CPU used so far (ms) by the embedded cluster: its postmaster with the backends it has reaped
 * (`postmaster.pid` names it), plus every child alive now. `pid` tells a restarted cluster apart.
 * NaN without a data folder (DATABASE_URL) or while it is down.
 */
export function postgresCpuMs(dataDir: string | undefined): { pid: number; ms: number } {
  if (!dataDir) return { pid: 0, ms: Number.NaN };
  try {
    const postmaster = Number(fs.readFileSync(path.join(dataDir, 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0]);
    let total = cpuWithChildrenMs(postmaster, true);
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === postmaster) total += cpuWithChildrenMs(Number(entry), false);
      } catch {
        // gone meanwhile
      }
    }
    return { pid: postmaster, ms: total };
  } catch {
    return { pid: 0, ms: Number.NaN }; // stopped (an outage)
  }
}
