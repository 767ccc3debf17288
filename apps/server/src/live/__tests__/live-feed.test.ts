import { startLiveFeed, type FeedStatus } from '@switchboard/schema';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildAgent, ingest, startTestServer, type AgentFixture, type TestServer, until } from '../../../../../test/support/server.js';

let server: TestServer;
let admin: AgentFixture;

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
});
afterAll(() => server.close());


describe('startLiveFeed (the client helper)', () => {
  it('reads the cursor, survives a dropped connection, and resumes with no gap and no duplicate', async () => {
    const sockets: WebSocket[] = [];
    class TrackedSocket extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        sockets.push(this);
      }
    }
    const client = createClient({
      url: server.wsUrl,
      webSocketImpl: TrackedSocket,
      connectionParams: { authorization: `Bearer ${admin.token}` },
      retryAttempts: 0,
    });
    const received: string[] = [];
    const statuses: FeedStatus[] = [];
    const feed = startLiveFeed<{ cursor: string; threadVersion: number; thread: { id: string }; type: string }>({
      subscribe: (payload, sink) => client.subscribe(payload, sink as never),
      readCursor: async () => (await server.gql<{ eventCursor: string }>('{ eventCursor }', {}, admin.token)).data!.eventCursor,
      query: 'subscription($after: String) { threadEvents(after: $after) { cursor threadVersion type thread { id } } }',
      onEvent: (event) => received.push(event.cursor),
      onStatus: (status) => statuses.push(status),
      backoffMs: 50,
    });
    await until(() => feed.cursor !== undefined && server.app.hub.subscriberCount === 1);
    const start = feed.cursor!;
    await ingest(server, admin.token, {});
    await until(() => received.length === 2);

    // The connection drops (a proxy restart, a laptop lid): events keep coming meanwhile.
    sockets.at(-1)!.terminate();
    await Promise.all(Array.from({ length: 4 }, () => ingest(server, admin.token, {})));
    await until(() => received.length === 10);
    // A sentinel written after everything: a late duplicate would come before its two events.
    await ingest(server, admin.token, {});
    await until(() => received.length >= 12);
    const expected = await server.dataSource.query(`SELECT id::text FROM event WHERE id > $1 AND thread_id IS NOT NULL ORDER BY event.id`, [start]);
    expect(expected).toHaveLength(12);
    expect(received).toEqual(expected.map((row: { id: string }) => row.id));
    expect(statuses).toContain('reconnecting');
    expect(feed.status).toBe('live');
    feed.stop();
    await client.dispose();
  });
});
