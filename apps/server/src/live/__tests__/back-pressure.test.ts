import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildAgent, ingest, startTestServer, subscribe, type AgentFixture, type TestServer } from '../../../../../test/support/server.js';

// Small limits, so a few hundred kilobytes make a socket "slow".
let server: TestServer;
let admin: AgentFixture;

beforeAll(async () => {
  server = await startTestServer({ liveLimits: { slowSocketBytes: 64 * 1024, replayHighWaterBytes: 16 * 1024 } });
  admin = await buildAgent(server, { role: 'ADMIN' });
});
afterAll(() => server.close());

const EVENTS = 'subscription($after: String) { threadEvents(after: $after) { cursor message { body } } }';

describe('back-pressure', () => {
  it('closes a live socket that stops reading once its buffer passes the cap (the client resumes with its cursor)', { timeout: 90_000 }, async () => {
    const raw = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${admin.token}` } }));
    await new Promise((resolve) => raw.once('message', resolve)); // connection_ack
    const before = server.app.hub.subscriberCount;
    raw.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: EVENTS } }));
    while (server.app.hub.subscriberCount === before) await new Promise((resolve) => setTimeout(resolve, 10));
    const closed = new Promise<number>((resolve) => raw.once('close', (code) => resolve(code)));
    // This client stops reading: the kernel buffers fill, then the server's.
    (raw as unknown as { _socket: { pause(): void } })._socket.pause();
    // Loopback buffers hold a few megabytes before the server's own buffer starts to grow.
    const body = 'x'.repeat(60 * 1024);
    const slowBefore = server.app.hub.slowSocketsClosed;
    for (let i = 0; i < 400 && server.app.hub.slowSocketsClosed === slowBefore; i++) await ingest(server, admin.token, { body });
    expect(server.app.hub.slowSocketsClosed).toBe(slowBefore + 1);
    // Its close frame waits behind what it did not read; once it reads again, it learns why.
    (raw as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await closed).toBe(4008);
  });

  it('paces a replay by the socket and still delivers every event once', async () => {
    const [{ id: start }] = await server.dataSource.query(`SELECT coalesce(max(id), 0)::text AS id FROM event`);
    const body = 'y'.repeat(8 * 1024);
    for (let i = 0; i < 20; i++) await ingest(server, admin.token, { body });
    const subscription = subscribe<{ threadEvents: { cursor: string } }>(server, admin.token, EVENTS, { after: start });
    const expected = await server.dataSource.query(`SELECT id::text FROM event WHERE id > $1 AND thread_id IS NOT NULL ORDER BY event.id`, [start]);
    await subscription.waitFor(expected.length, 20_000);
    expect(subscription.received.map((r) => r.data!.threadEvents.cursor)).toEqual(expected.map((row: { id: string }) => row.id));
    await subscription.dispose();
  });
});
