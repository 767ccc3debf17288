import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './postgres.js';
import { tcpLocalPorts } from './processes.js';

export const REPO_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const MAIN = path.join(REPO_ROOT, 'apps/server/dist/main.js');

export interface BuiltServer {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/**
 * Runs the BUILT server (`node apps/server/dist/main.js`), as `pnpm serve` does. A free port is
 * picked here and handed to the child, so another process may take it in between (other test
 * files, a benchmark on the same machine): the child then exits with EADDRINUSE, and it is started
 * again on another port. `/healthz` counts only once this child is the one listening.
 */
export async function startBuiltServer(env: Record<string, string>, { waitForHealth = true } = {}): Promise<BuiltServer> {
  for (let attempt = 1; ; attempt++) {
    const server = spawnBuiltServer(env, env.PORT ?? String(await freePort()));
    if (!waitForHealth) return server;
    try {
      await waitForHealthy(server);
      return server;
    } catch (error) {
      if (env.PORT !== undefined || attempt === 3 || !server.output().includes('EADDRINUSE')) throw error;
    }
  }
}

function spawnBuiltServer(env: Record<string, string>, port: string): BuiltServer {
  const child = spawn(process.execPath, [MAIN], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: port, HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let stopping = false;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => {
    // A server that dies on its own mid-test says why, in the test's output.
    if (!stopping && signal === null && code !== 0) process.stderr.write(`built server on port ${port} exited with ${code}:\n${output.slice(-4000)}\n`);
    resolve(code);
  }));
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    exited,
    stop: async (signal = 'SIGTERM') => {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function waitForHealthy(server: BuiltServer, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const port = Number(new URL(server.url).port);
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`server exited (${server.child.exitCode}):\n${server.output()}`);
    try {
      const response = await fetch(`${server.url}/healthz`);
      // Another process on the port may answer too: only this child listening there counts.
      if (response.status === 200 && tcpLocalPorts(server.child.pid!).has(port)) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not become healthy:\n${server.output()}`);
}

export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{ data?: T | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as never;
}
