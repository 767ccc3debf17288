import { execSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/**
 * Helpers shared by the fan-out bench (`fanout.ts`), its floor (`fanout-floor.ts`) and its client
 * processes (`fanout-clients.ts`): one clock, the file-descriptor limit, and a tiny RPC over the
 * IPC channel of a forked child.
 */

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `total` split into `parts` nearly equal shares (the first ones get the remainder). */
export const split = (total: number, parts: number): number[] =>
  Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));

/** The soft limit of open files, as the shell sees it (Node 20 has no getrlimit). */
export function fdLimit(): number {
  const text = execSync('ulimit -n', { shell: '/bin/bash' }).toString().trim();
  return text === 'unlimited' ? Number.POSITIVE_INFINITY : Number(text);
}

/**
 * When the soft limit is under `needed`, runs this same script again under
 * `bash -c 'ulimit -n 65536 || ulimit -n <hard limit>; exec node …'` and returns its exit code
 * (children inherit the limit: the server, the floor and the client processes). Returns null when
 * the limit is already enough, or when this already is the re-executed process.
 */
export async function reexecWithMoreFiles(needed: number): Promise<number | null> {
  if (process.env.SB_FANOUT_REEXEC === '1' || fdLimit() >= needed) return null;
  const script = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"';
  const child = spawn('/bin/bash', ['-c', script, process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, SB_FANOUT_REEXEC: '1' },
  });
  // Ctrl-C reaches the child too (same process group): it cleans up; we only wait for it.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1))));
}

/** Resident memory of a process, in bytes (VmRSS in /proc/<pid>/status). */
export function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** CPU time (user + system) a process has used so far, in ms (/proc/<pid>/stat, 10 ms ticks). */
export function cpuMsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ", field 3 (state) is index 0, so utime (14) is index 11 and stime (15) 12.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // CLK_TCK is 100 on Linux
}

// --- RPC over a forked child's IPC channel -------------------------------------------------

export interface RpcRequest {
  seq: number;
  op: string;
  [key: string]: unknown;
}

export interface RpcReply {
  seq: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** The parent's side: `call(op, args)` resolves with the child's answer. */
export class Rpc {
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private exited: Error | undefined;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.on('message', (message: RpcReply) => {
      const waiter = this.pending.get(message.seq);
      if (!waiter) return;
      this.pending.delete(message.seq);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`${name}: ${message.error}`));
    });
    child.once('exit', (code, signal) => {
      this.exited = new Error(`${name} exited (${signal ?? `code ${code}`})`);
      for (const waiter of this.pending.values()) waiter.reject(this.exited);
      this.pending.clear();
    });
  }

  call<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    const seq = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(seq, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ ...args, seq, op } satisfies RpcRequest);
    });
  }

  /** Resolves when the child has set up its side (its first message). */
  static async start(name: string, child: ChildProcess): Promise<Rpc> {
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${name} exited with code ${code} while starting`));
      child.once('exit', onExit);
      child.once('message', () => {
        child.off('exit', onExit);
        resolve();
      });
    });
    return new Rpc(name, child);
  }

  /** SIGTERM, then SIGKILL after 5 s; resolves when it is gone. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const force = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(force);
  }
}

/** The child's side: answers each request with `handle`; exits when the parent goes away. */
export function serveRpc(handle: (request: RpcRequest) => Promise<unknown>): void {
  process.on('message', (request: RpcRequest) => {
    handle(request).then(
      (result) => process.send?.({ seq: request.seq, ok: true, result } satisfies RpcReply),
      (error: unknown) => process.send?.({ seq: request.seq, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies RpcReply),
    );
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready: true });
  // The parent cleans up on Ctrl-C and stops us with SIGTERM.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => process.exit(0));
}

/**
 * A load process's side: `ops` by name (each gets the request as its arguments), plus
 * `resetStats` and `stats` (this process's own load, see `processMeter`) for every process.
 */
export function serveOps(ops: Record<string, (args: never) => unknown>): void {
  const meter = processMeter();
  serveRpc(async (request) => {
    if (request.op === 'resetStats') return meter.reset();
    if (request.op === 'stats') return meter.stats();
    const op = ops[request.op];
    if (!op) throw new Error(`unknown op ${request.op}`);
    return op(request as never);
  });
}

/** Event-loop delay of this process, from a `monitorEventLoopDelay` histogram (ns), in ms. */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/** The sampling interval of every `monitorEventLoopDelay` in the bench. */
export const LOOP_RESOLUTION_MS = 10;

/** The histogram holds whole timer intervals (≥ the resolution): the delay is what exceeds it. */
export function loopDelayOf(histogram: { percentile(p: number): number; max: number }): LoopDelay {
  const delay = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);
  return { p50: delay(histogram.percentile(50)), p99: delay(histogram.percentile(99)), max: delay(histogram.max) };
}

/** What a load process reports about itself for one run. */
export interface ProcessStats {
  loop: LoopDelay;
  cpuMs: number;
  /** Event-loop utilization, 0..1: how busy the process was. */
  busy: number;
}

/** This process's own load since the last `reset()`: event-loop delay, CPU and busy share. */
export function processMeter(): { reset(): void; stats(): ProcessStats } {
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  let cpuMark = process.cpuUsage();
  let eluMark = performance.eventLoopUtilization();
  return {
    reset() {
      loop.reset();
      cpuMark = process.cpuUsage();
      eluMark = performance.eventLoopUtilization();
    },
    stats() {
      const cpu = process.cpuUsage(cpuMark);
      const busy = performance.eventLoopUtilization(eluMark).utilization;
      return { loop: loopDelayOf(loop), cpuMs: (cpu.user + cpu.system) / 1000, busy };
    },
  };
}
