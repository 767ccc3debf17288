import fc from 'fast-check';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { callArbitrary, describeCall, loadSchema, rootFields, type FuzzCall } from '../../support/fuzz-schema.js';
import { checkProperty, FUZZ, fuzzTimeout } from '../../support/fuzz-run.js';
import { ACTOR_NAMES, changes, KNOWN_CODES, readPools, seedWorld, snapshot, type ActorName, type FuzzWorld } from '../../support/fuzz-world.js';
import { startTestServer, type TestServer } from '../../support/server.js';

// Issue #11, the live side: every subscription of schema.graphql with random and hostile
// arguments (threadEvents' after, filter and types; typing's threadId), as every role, over one
// WebSocket per role as a console keeps it.
const SUBSCRIPTIONS = rootFields(loadSchema(), 'subscription');
/** How long a subscription may take to be refused; a later refusal is still caught by the final check. */
const SETTLE_MS = 50;

interface Payload {
  errors?: Array<{ message: string; extensions?: { code?: unknown } }>;
}

interface Socket {
  client: Client;
  /** Close codes the server sent: a healthy run has none. */
  closes: number[];
}

let server: TestServer;
let world: FuzzWorld;
const sockets = new Map<ActorName, Socket>();
/** Every payload of the run, checked once more at the end for refusals that came late. */
const everything: Array<{ call: FuzzCall; payload: Payload }> = [];

beforeAll(async () => {
  server = await startTestServer();
  world = await seedWorld(server);
});
afterAll(async () => {
  await Promise.all([...sockets.values()].map(({ client }) => client.dispose()));
  await server?.close();
});

function socketOf(actor: ActorName): Socket {
  const existing = sockets.get(actor);
  if (existing) return existing;
  const closes: number[] = [];
  const client = createClient({
    url: server.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${world.actors[actor].token}` },
    retryAttempts: 0,
    lazyCloseTimeout: 60_000,
    on: { closed: (event) => void closes.push((event as { code: number }).code) },
  });
  const socket = { client, closes };
  sockets.set(actor, socket);
  return socket;
}

/** docs/api.md: a WebSocket message over 1 MiB closes the socket with 1009. */
const MESSAGE_LIMIT_BYTES = 1024 * 1024;

function oversized(call: FuzzCall): boolean {
  return Buffer.byteLength(JSON.stringify({ query: call.query, variables: call.variables })) > MESSAGE_LIMIT_BYTES;
}

function problemsOf(call: FuzzCall, payload: Payload): string[] {
  const expected = (code: string) => KNOWN_CODES.has(code) || (code === 'CLOSE_1009' && oversized(call));
  return (payload.errors ?? [])
    .filter((error) => typeof error.extensions?.code !== 'string' || !expected(error.extensions.code))
    .map((error) => `error with code ${String(error.extensions?.code)}: ${error.message}`);
}

/** Subscribes, waits until the first payload or SETTLE_MS, unsubscribes; the answers must be known codes, the socket must stay up and nothing may be written. */
async function subscribeOnce(actor: ActorName, call: FuzzCall): Promise<void> {
  const socket = socketOf(actor);
  const closesBefore = socket.closes.length;
  const before = await snapshot(server);
  const received: Payload[] = [];
  let settle: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const record = (payload: Payload) => {
    received.push(payload);
    everything.push({ call, payload });
    settle();
  };
  const unsubscribe = socket.client.subscribe(
    { query: call.query, variables: call.variables },
    {
      next: (value) => record(value as Payload),
      error: (error) => record({
        errors: Array.isArray(error)
          ? (error as Payload['errors'])
          : [{ message: `socket closed (${String((error as { code?: unknown }).code)})`, extensions: { code: `CLOSE_${String((error as { code?: unknown }).code)}` } }],
      }),
      complete: () => settle(),
    },
  );
  await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, SETTLE_MS))]);
  unsubscribe();
  const after = await snapshot(server);
  const problems = received.flatMap((payload) => problemsOf(call, payload));
  const closes = socket.closes.slice(closesBefore);
  if (closes.length) sockets.delete(actor);
  const unexpected = closes.filter((code) => !(code === 1009 && oversized(call)));
  if (unexpected.length) problems.push(`the server closed the socket: ${unexpected.join(', ')}`);
  const written = changes(before, after);
  if (written.length) problems.push(`a subscription wrote: ${written.join(', ')}`);
  if (problems.length) {
    throw new Error(`${problems.join('; ')}\nas ${actor}: ${describeCall(call)}\nreceived: ${JSON.stringify(received).slice(0, 600)}`);
  }
}

describe('fuzzing every subscription (issue #11)', () => {
  it('generates subscriptions for threadEvents and typing', () => {
    expect(SUBSCRIPTIONS.map((field) => field.name)).toEqual(expect.arrayContaining(['threadEvents', 'typing']));
  });

  SUBSCRIPTIONS.forEach((subscription, index) => {
    const name = `${subscription.name}: never an internal error, the socket stays up, and nothing is written`;
    // A subscription without arguments has nothing to fuzz but who asks.
    const runs = subscription.args.length ? FUZZ.runs : ACTOR_NAMES.length;
    it(name, async () => {
      const pools = await readPools(server);
      const calls = callArbitrary('subscription', subscription, pools);
      await checkProperty(name, fc.asyncProperty(fc.constantFrom(...ACTOR_NAMES), calls, subscribeOnce), runs, 100 + index);
    }, fuzzTimeout(runs));
  });

  it('received no late refusal without a known code', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const late = everything.filter(({ call, payload }) => problemsOf(call, payload).length > 0);
    expect(late.map(({ call, payload }) => `${describeCall(call)} -> ${JSON.stringify(payload).slice(0, 300)}`)).toEqual([]);
  });
});
