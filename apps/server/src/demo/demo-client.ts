import { setMaxListeners } from 'node:events';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * The demo's traffic speaks to the server as any third party would: GraphQL over HTTP with a
 * bearer token, and graphql-ws on the same path. Shared by the simulator (a gateway) and the bots
 * (agents' consoles), so neither reaches into the server's internals.
 */

/** A GraphQL error, a refused HTTP request or an unreachable server, with the code to branch on. */
export class DemoApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get retryAfterSeconds(): number | undefined {
    return typeof this.extensions.retryAfterSeconds === 'number' ? this.extensions.retryAfterSeconds : undefined;
  }
}

/** Codes that say "try again later" rather than "this action is wrong". */
const TRANSIENT = new Set(['NETWORK', 'SERVICE_UNAVAILABLE', 'RATE_LIMITED', 'INTERNAL_SERVER_ERROR', 'HTTP']);
export const isTransient = (error: unknown): boolean => error instanceof DemoApiError && TRANSIENT.has(error.code);

export interface DemoClient {
  /** POST /graphql; resolves with `data`, rejects with a DemoApiError on any error. */
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  setToken(token: string | null): void;
  /** A graphql-ws subscription on one shared socket that reconnects by itself (except after 4403). */
  subscribe<T>(query: string, variables: Record<string, unknown>, onNext: (data: T) => void, onError?: (error: unknown) => void): () => void;
  /** Waits for requests in flight, then closes the socket. */
  close(): Promise<void>;
}

interface GraphqlResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export function createDemoClient(options: { url: string; token?: string }): DemoClient {
  let token = options.token ?? null;
  let socket: Client | null = null;
  const inFlight = new Set<Promise<unknown>>();

  async function send<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${options.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new DemoApiError('NETWORK', `server unreachable: ${(error as Error).message}`);
    }
    let body: GraphqlResponse<T>;
    try {
      body = (await response.json()) as GraphqlResponse<T>;
    } catch {
      throw new DemoApiError('HTTP', `HTTP ${response.status} without a GraphQL body`);
    }
    const first = body.errors?.[0];
    if (first) throw new DemoApiError(String(first.extensions?.code ?? 'HTTP'), first.message, first.extensions);
    if (!body.data) throw new DemoApiError('HTTP', `HTTP ${response.status} without data`);
    return body.data;
  }

  return {
    request<T>(query: string, variables: Record<string, unknown> = {}) {
      const pending = send<T>(query, variables);
      inFlight.add(pending);
      void pending.then(() => inFlight.delete(pending), () => inFlight.delete(pending));
      return pending;
    },
    setToken(next) {
      token = next;
    },
    subscribe<T>(query: string, variables: Record<string, unknown>, onNext: (data: T) => void, onError?: (error: unknown) => void) {
      socket ??= createClient({
        url: `${options.url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: () => ({ authorization: `Bearer ${token ?? ''}` }),
        lazy: false,
        retryAttempts: Infinity,
        shouldRetry: (event) => (event as { code?: number }).code !== 4403,
        // An unreachable server is expected while it restarts: keep trying quietly.
        onNonLazyError: () => undefined,
      });
      return socket.subscribe<T>({ query, variables }, {
        next: (value) => {
          if (value.data) onNext(value.data as T);
          else if (value.errors) onError?.(value.errors);
        },
        error: (error) => onError?.(error),
        complete: () => undefined,
      });
    },
    async close() {
      await Promise.allSettled([...inFlight]);
      await socket?.dispose();
      socket = null;
    },
  };
}

/** A stop signal that many sleeps wait on at once (every scheduled customer answer is one). */
export function stopSignal(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects: loops check their own flag). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener('abort', done, { once: true });
  });
}

/** How long to wait after a failure: the server's Retry-After when it gave one, else doubling from 1 s up to 30 s. */
export function backoffMs(error: unknown, failures: number, random: () => number): number {
  if (error instanceof DemoApiError && error.retryAfterSeconds) return error.retryAfterSeconds * 1000;
  return Math.min(30_000, 1000 * 2 ** Math.min(failures, 5)) * (0.5 + random() / 2);
}

export const between = (random: () => number, low: number, high: number): number => low + (high - low) * random();
export const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length) % items.length]!;
export const chance = (random: () => number, probability: number): boolean => random() < probability;

/** Picks a key with probability proportional to its weight. */
export function weighted<K extends string>(random: () => number, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as Array<[K, number]>;
  let roll = random() * entries.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [key, weight] of entries) {
    roll -= weight;
    if (roll < 0) return key;
  }
  return entries[entries.length - 1]![0];
}

/** A small deterministic random source (mulberry32): the seeded day, and tests that replay a run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
