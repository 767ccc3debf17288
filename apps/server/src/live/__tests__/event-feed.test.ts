import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { buildAgent, ingest, startTestServer, subscribe, until, type AgentFixture, type TestServer } from '../../../../../test/support/server.js';
import { databaseUrlOf } from '../../db/data-source.js';
import type { LoggedEvent } from '../../events/event-types.js';
import { createLogger } from '../../logger.js';
import { EventFeed } from '../event-feed.js';
import { EVENTS_CHANNEL } from '../notifier.js';

let server: TestServer;
let admin: AgentFixture;

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
});
afterAll(() => server.close());

/** A second process's reader of the same log (its poll an hour away), counting its reads. */
async function otherReplicasFeed(): Promise<{ feed: EventFeed; received: LoggedEvent[]; reads: () => number }> {
  let reads = 0;
  const counting = new Proxy(server.dataSource, {
    get(target, property, receiver) {
      if (property !== 'query') return Reflect.get(target, property, receiver);
      return (sql: string, params?: unknown[]) => {
        if (/FROM event e WHERE e\.id >/.test(sql)) reads++;
        return target.query(sql, params);
      };
    },
  }) as DataSource;
  const received: LoggedEvent[] = [];
  const feed = new EventFeed({
    dataSource: counting, databaseUrl: databaseUrlOf(server.dataSource), logger: createLogger('warn'),
    onEvents: (events) => received.push(...events), onTyping: () => undefined, pollMs: 3_600_000,
  });
  await feed.initialize();
  await feed.listen();
  await until(() => reads >= 1); // its catch-up read on connecting
  return { feed, received, reads: () => reads };
}

const notify = (payload: string) => server.dataSource.query(`SELECT pg_notify($1, $2)`, [EVENTS_CHANNEL, payload]);
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe("this process's event feed", () => {
  it('hands a commit made here to its consoles with no read of the log of its own (the commit read it back)', async () => {
    const subscribers = server.app.hub.subscriberCount;
    const console1 = subscribe<{ threadEvents: { cursor: string; type: string; thread: { id: string } } }>(server, admin.token,
      'subscription { threadEvents(types: [CREATED]) { cursor type thread { id } } }');
    // The feed's safety-net poll (a read of the log every 1.5 s) is not a read the commits caused:
    // held off while the statements are counted, or it may fire inside the window on a slow run.
    const resumePoll = server.app.feed.holdPoll();
    try {
      await until(() => server.app.hub.subscriberCount > subscribers); // subscribed (graphql-ws acknowledges nothing)
      await server.app.feed.read(); // and the feed idle
      server.statements.length = 0;
      const sent = await ingest(server, admin.token, { body: 'read back by its own commit' });
      await console1.waitFor(1);
      const created = console1.received[0]!.data!.threadEvents;
      expect(created).toMatchObject({ type: 'CREATED', thread: { id: sent.data!.receiveMessage.thread.id } });
      // Then a burst of commits: every one delivered once, in order.
      await Promise.all(Array.from({ length: 20 }, (_, i) => ingest(server, admin.token, { from: `+1555077${String(i).padStart(4, '0')}`, body: `burst ${i}` })));
      await console1.waitFor(21);
      const cursors = console1.received.map((r) => BigInt(r.data!.threadEvents.cursor));
      expect(cursors).toEqual([...cursors].sort((a, b) => (a < b ? -1 : 1)));
      expect(new Set(cursors).size).toBe(cursors.length);
      expect(server.statements.filter((sql) => /FROM event e WHERE e\.id >/.test(sql))).toEqual([]);
    } finally {
      await console1.dispose();
      resumePoll();
    }
  });
});

describe("another replica's event feed", () => {
  it('reads a commit made here at once, woken by the NOTIFY that names its last event', async () => {
    const { feed, received } = await otherReplicasFeed();
    try {
      const sent = await ingest(server, admin.token, { body: 'to the other replica' });
      const threadId = sent.data!.receiveMessage.thread.id;
      await until(() => received.some((event) => 'threadId' in event && event.threadId === threadId), 5_000);
    } finally {
      await feed.stop();
    }
  });

  it('skips the read for a wake-up naming an event it has already read, and reads for a later one or an unnamed one', async () => {
    const { feed, reads } = await otherReplicasFeed();
    try {
      const passed = feed.cursor.toString();
      const before = reads();
      await notify(passed);
      await settle();
      expect(reads()).toBe(before);
      await notify(''); // a writer of an older version names nothing
      await until(() => reads() === before + 1);
      await notify((feed.cursor + 1n).toString());
      await until(() => reads() === before + 2);
    } finally {
      await feed.stop();
    }
  });
});
