import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlParams } from '../../../db/sql.js';
import { eventVisibleSql } from '../../threads/visibility.js';
import { buildAgent, buildThread, startTestServer, type TestServer } from '../../../../../../test/support/server.js';

let server: TestServer;
let agentId: string;

beforeAll(async () => {
  server = await startTestServer();
  agentId = (await buildAgent(server)).id;
  // A busy floor's log: 5,000 events of 50 other queues and 200 other agents, none of theirs.
  const { id: threadId } = await buildThread(server);
  const drafts = Array.from({ length: 5000 }, (_, index) => {
    const queueId = `que_other_${index % 50}`;
    const ownerId = index % 2 === 0 ? null : `agt_other_${index % 200}`;
    const state = { status: 'OPEN', customerId: 'cus_x', channelKind: 'SMS', queueId, ownerId,
      collaboratorIds: index % 5 === 0 ? [`agt_other_${(index + 7) % 200}`] : [], priority: 'NORMAL', waitingSince: null, responseDueAt: null };
    return { type: 'PRIORITY_CHANGED', threadId, queueId, beforeQueueId: queueId, ownerId, beforeOwnerId: ownerId,
      actorId: null, threadVersion: 100 + index, before: state, after: state, note: null };
  });
  await server.dataSource.query(`SELECT append_events($1::jsonb)`, [JSON.stringify(drafts)]);
  await server.dataSource.query('ANALYZE event');
});
afterAll(() => server.close());

/** The plan of a page of the log as an agent reads it (threadEvents, one agent's replay). */
async function planOfPage(): Promise<string> {
  const params = new SqlParams();
  const after = params.add('0', 'bigint');
  const visible = eventVisibleSql({ agentId, seesAll: false, queueIds: new Set(['que_mine']) }, params);
  const runner = server.dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('BEGIN');
    const rows: Array<{ 'QUERY PLAN': string }> = await runner.query(
      `EXPLAIN SELECT e.id FROM event e WHERE e.id > ${after} AND ${visible} ORDER BY e.id LIMIT 100`, params.values);
    await runner.query('ROLLBACK');
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await runner.release();
  }
}

describe("the log's visibility filter", () => {
  it('is answered from indexes, branch by branch, not by walking the log', async () => {
    const plan = await planOfPage();
    expect(plan).toContain('BitmapOr');
    for (const index of ['event_queue_idx', 'event_before_queue_idx', 'event_owner_idx', 'event_before_owner_idx',
      'event_after_collaborators_idx', 'event_before_collaborators_idx']) {
      expect(plan).toContain(index);
    }
    expect(plan).not.toMatch(/Seq Scan on event|Index Scan using event_pkey/);
  });
});
