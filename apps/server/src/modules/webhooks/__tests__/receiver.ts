import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: { cursor: string; type: string; [key: string]: unknown };
}

/** What the receiver answers: a status, after an optional delay, or 'hang' (never answers). */
export type Answer = { status: number; delayMs?: number } | 'hang';

/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests: records every request (raw body and
 * headers) and the most requests it ever had in flight at once per path.
 */
export async function startReceiver(answer: (request: Received, nth: number) => Answer = () => ({ status: 200 })) {
  const received: Received[] = [];
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const entry: Received = { path: req.url ?? '/', headers: req.headers, raw, body: JSON.parse(raw) as Received['body'] };
      received.push(entry);
      const now = (inFlight.get(entry.path) ?? 0) + 1;
      inFlight.set(entry.path, now);
      maxInFlight.set(entry.path, Math.max(now, maxInFlight.get(entry.path) ?? 0));
      const done = () => inFlight.set(entry.path, (inFlight.get(entry.path) ?? 1) - 1);
      const reply = state.answer(entry, received.filter((r) => r.path === entry.path).length);
      if (reply === 'hang') {
        res.on('close', done);
        return;
      }
      setTimeout(() => {
        done();
        res.writeHead(reply.status, { 'content-type': 'text/plain' }).end('ok');
      }, reply.delayMs ?? 0);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const state = { answer };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    maxInFlight,
    /** Replaces how it answers from now on. */
    answerWith(next: typeof answer) {
      state.answer = next;
    },
    on(path: string) {
      return received.filter((entry) => entry.path === path);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
