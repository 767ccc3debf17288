import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, ingest, startTestServer, type AgentFixture, type TestServer } from '../../../../../../test/support/server.js';
import { untilNextBreach } from '../wait-clock.js';

// The breach timer sleeps until the next due time; with nothing to wait for it must sleep (a
// NULL turned into 0 once woke it every 5 ms on an idle server, about 280 commits a second).
let server: TestServer;
let admin: AgentFixture;

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
});
afterAll(() => server.close());

describe('untilNextBreach', () => {
  it('is null while no wait is pending, and the time to the next due one once a customer waits', async () => {
    expect(await untilNextBreach(server.dataSource.manager)).toBeNull();
    await ingest(server, admin.token, { channelKind: 'SMS', from: '+15550777001', receivedAt: new Date(Date.now() - 60_000).toISOString() });
    const ms = await untilNextBreach(server.dataSource.manager);
    // SMS promises 5 minutes; the customer wrote a minute ago.
    expect(ms).toBeGreaterThan(3 * 60_000);
    expect(ms).toBeLessThanOrEqual(4 * 60_000 + 1_000);
  });
});
