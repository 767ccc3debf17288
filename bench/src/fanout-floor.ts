import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';
import { nowMs, processMeter, serveRpc, type RpcRequest } from './fanout-shared.js';

/**
 * The floor of the fan-out bench (forked by `fanout.ts`): the least a process can do for one live
 * event. It hosts a bare `ws` server; per event it runs ONE autocommit INSERT into a scratch
 * table of the same PostgreSQL, and as soon as that returns (committed) writes a frame of the
 * same shape and size as Switchboard's to every socket, each with its own subscription id in
 * front of one shared payload string (as the server's hub does). No LISTEN/NOTIFY, no log read,
 * no GraphQL, no auth.
 */

const OPEN = 1;
const SLOW_SOCKET_BYTES = 8 * 1024 * 1024; // the hub's default cap, checked the same way

const databaseUrl = process.env.FANOUT_FLOOR_DATABASE_URL;
if (!databaseUrl) throw new Error('FANOUT_FLOOR_DATABASE_URL is not set');

const db = new pg.Client({ connectionString: databaseUrl, application_name: 'sb-bench-floor' });
db.on('error', (error) => console.error(`floor: database connection lost: ${error.message}`));
await db.connect();
await db.query(`CREATE TABLE IF NOT EXISTS bench_floor (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), body text)`);

const sockets = new Map<WebSocket, string>();
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/floor' });
await new Promise<void>((resolve, reject) => {
  wss.once('listening', resolve);
  wss.once('error', reject);
});
wss.on('connection', (socket) => {
  // graphql-ws client ids are UUIDs: the same 36 characters in each frame.
  sockets.set(socket, randomUUID());
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => undefined);
});
const address = wss.address();
const port = typeof address === 'object' && address ? address.port : 0;

const meter = processMeter();

async function fire(args: { payloadBytes: number; body: string }) {
  const { rows } = await db.query<{ id: string; at: Date }>(`INSERT INTO bench_floor (body) VALUES ($1) RETURNING id::text AS id, at`, [args.body]);
  const committedAt = nowMs();
  const row = rows[0]!;
  const at = row.at.toISOString();
  const head = `{"data":{"threadEvents":{"cursor":${JSON.stringify(row.id)},"at":${JSON.stringify(at)},"thread":{"id":"`;
  const tail = `"}}}}`;
  const keyLength = Math.max(4 + row.id.length, args.payloadBytes - head.length - tail.length);
  const key = `flr_${row.id.padStart(keyLength - 4, '0')}`;
  const payload = head + key + tail;
  let recipients = 0;
  for (const [socket, subscriptionId] of sockets) {
    if (socket.readyState !== OPEN) continue;
    if (socket.bufferedAmount > SLOW_SOCKET_BYTES) {
      socket.close(4008, 'Too slow');
      continue;
    }
    socket.send(`{"id":${JSON.stringify(subscriptionId)},"type":"next","payload":${payload}}`);
    recipients++;
  }
  return { id: row.id, key, committedAt, at, writeMs: nowMs() - committedAt, recipients, payloadBytes: payload.length };
}

serveRpc(async (request: RpcRequest) => {
  switch (request.op) {
    case 'port':
      return port;
    case 'fire':
      return fire(request as never);
    case 'connections':
      return sockets.size;
    case 'resetStats':
      meter.reset();
      return null;
    case 'stats':
      return meter.stats();
    case 'close':
      for (const socket of sockets.keys()) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await db.end();
      return null;
    default:
      throw new Error(`unknown op ${request.op}`);
  }
});
