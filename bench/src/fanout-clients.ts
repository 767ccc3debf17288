import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { nowMs, serveOps, sleep } from './fanout-shared.js';

/**
 * A load process of the fan-out bench (forked by `fanout.ts`): holds a share of the consoles and
 * records, per console and event, when the frame arrived. Two kinds of console:
 * - `server`: a real graphql-ws client (package `graphql-ws` over `ws`), signed in with a Bearer
 *   token in `connectionParams`, with one `threadEvents` subscription;
 * - `floor`: a raw `ws` socket to the floor process, which parses each frame as JSON the same way.
 * An event is keyed by `threadEvents.thread.id` (the floor pads its own keys to the same length).
 */

type Kind = 'server' | 'floor';

interface Console {
  kind: Kind;
  closing: boolean;
  /** key → when its frame arrived (ms, `nowMs`). */
  times: Map<string, number>;
  close(): void;
}

interface ThreadEventsPayload {
  data?: { threadEvents?: { cursor?: string; at?: string; thread?: { id?: string } } } | null;
  errors?: unknown;
}

const consoles: Console[] = [];
/** key → how many consoles have it (first receipt only). */
const received = new Map<string, number>();
/** key → the event's `at` as the frame carried it. */
const ats = new Map<string, string>();
const problems: string[] = [];
let duplicates = 0;
let unexpected = 0;
let payloadBytes = 0;


function problem(text: string): void {
  if (problems.length < 50) problems.push(text);
  else if (problems.length === 50) problems.push('… more problems not shown');
}

function onPayload(con: Console, value: ThreadEventsPayload, at: number): void {
  if (con.closing) return;
  const event = value?.data?.threadEvents;
  const key = event?.thread?.id;
  if (!key) {
    unexpected++;
    problem(`unexpected payload: ${JSON.stringify(value).slice(0, 200)}`);
    return;
  }
  if (con.times.has(key)) {
    duplicates++;
    return;
  }
  con.times.set(key, at);
  received.set(key, (received.get(key) ?? 0) + 1);
  if (!ats.has(key) && event.at) ats.set(key, event.at);
  if (!payloadBytes) payloadBytes = JSON.stringify(value).length;
}

function openServerConsole(url: string, token: string, query: string): Promise<Console> {
  return new Promise((resolve, reject) => {
    let connected = false;
    let client: Client | undefined;
    const con: Console = {
      kind: 'server',
      closing: false,
      times: new Map(),
      close: () => {
        con.closing = true;
        void client?.dispose();
      },
    };
    const timer = setTimeout(() => {
      con.close();
      reject(new Error('graphql-ws connection not acknowledged within 30 s'));
    }, 30_000);
    client = createClient({
      url,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
      on: {
        connected: () => {
          connected = true;
          clearTimeout(timer);
          resolve(con);
        },
        closed: (event) => {
          if (con.closing) return;
          const { code, reason } = (event ?? {}) as { code?: number; reason?: string };
          if (!connected) {
            clearTimeout(timer);
            reject(new Error(`graphql-ws closed before ack: ${code} ${reason ?? ''}`));
          } else {
            problem(`a server console was closed: ${code} ${reason ?? ''}`);
          }
        },
      },
    });
    // graphql-ws sends the subscribe right after the ack; there is no acknowledgement of it.
    client.subscribe<ThreadEventsPayload['data']>(
      { query },
      {
        next: (value) => onPayload(con, value as ThreadEventsPayload, nowMs()),
        error: (error) => {
          if (!con.closing) problem(`subscription error: ${JSON.stringify(error).slice(0, 300)}`);
        },
        complete: () => {
          if (!con.closing) problem('a subscription completed');
        },
      },
    );
  });
}

function openFloorConsole(url: string): Promise<Console> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    let open = false;
    const con: Console = {
      kind: 'floor',
      closing: false,
      times: new Map(),
      close: () => {
        con.closing = true;
        socket.close();
      },
    };
    socket.on('message', (data: Buffer) => {
      const at = nowMs();
      const frame = JSON.parse(data.toString('utf8')) as { id?: string; type?: string; payload?: ThreadEventsPayload };
      if (frame.type !== 'next' || !frame.id || !frame.payload) {
        unexpected++;
        return;
      }
      onPayload(con, frame.payload, at);
    });
    socket.once('open', () => {
      open = true;
      resolve(con);
    });
    socket.on('error', (error) => {
      if (!open) reject(error);
      else if (!con.closing) problem(`floor socket error: ${error.message}`);
    });
    socket.on('close', (code) => {
      if (open && !con.closing) problem(`a floor console was closed: ${code}`);
    });
  });
}

async function open(args: { kind: Kind; url: string; tokens: string[]; count: number; query: string; concurrency: number }): Promise<number> {
  const { kind, url, tokens, count, query, concurrency } = args;
  let next = 0;
  const failures: string[] = [];
  const opened: Console[] = [];
  const lane = async () => {
    while (next < count && failures.length === 0) {
      const i = next++;
      try {
        const con = kind === 'server' ? await openServerConsole(url, tokens[(consoles.length + i) % tokens.length]!, query) : await openFloorConsole(url);
        opened.push(con);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  consoles.push(...opened);
  if (failures.length) throw new Error(`${failures.length} console(s) failed to connect, first: ${failures[0]}`);
  return consoles.length;
}

async function wait(args: { key: string; timeoutMs: number }): Promise<number> {
  const deadline = Date.now() + args.timeoutMs;
  for (;;) {
    const missing = consoles.length - (received.get(args.key) ?? 0);
    if (missing <= 0 || Date.now() > deadline) return Math.max(0, missing);
    await sleep(5);
  }
}

function collect(args: { keys: string[] }) {
  const times: Record<string, Float64Array> = {};
  for (const key of args.keys) {
    const column = new Float64Array(consoles.length);
    consoles.forEach((con, i) => (column[i] = con.times.get(key) ?? Number.NaN));
    times[key] = column;
  }
  const keyAts: Record<string, string> = {};
  for (const key of args.keys) {
    const at = ats.get(key);
    if (at) keyAts[key] = at;
  }
  return { consoles: consoles.length, times, ats: keyAts, duplicates, unexpected, problems: [...problems], payloadBytes };
}

async function trim(args: { keep: number }): Promise<number> {
  const gone = consoles.splice(args.keep);
  for (const con of gone) con.close();
  await sleep(50);
  return consoles.length;
}

serveOps({ open, wait, collect, trim });
