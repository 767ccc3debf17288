import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, startTestServer, type AgentFixture, type TestServer } from '../../../../../test/support/server.js';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../logger.js';
import { prepareDemo } from '../demo-runner.js';
import { isDemoDatabase, seedDemo } from '../demo-seed.js';
import { DEMO_AGENTS, DEMO_CUSTOMERS, DEMO_PASSWORD } from '../demo-team.js';

// The demo `pnpm start` seeds on a fresh data folder: once, atomically, never over real data.
let fresh: TestServer;
let used: TestServer;

beforeAll(async () => {
  [fresh, used] = await Promise.all([startTestServer(), startTestServer()]);
});
afterAll(async () => {
  await Promise.all([fresh?.close(), used?.close()]);
});

const TABLES = ['queue', 'agent', 'agent_queue', 'customer', 'customer_identity', 'thread', 'message', 'wait_episode', 'board_snapshot', 'event', 'demo'];

async function counts(server: TestServer): Promise<Record<string, number>> {
  const entries = await Promise.all(TABLES.map(async (table) => {
    const [row] = await server.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
    return [table, row.n as number] as const;
  }));
  return Object.fromEntries(entries);
}

describe('seedDemo', () => {
  it('seeds a fresh database once, even when two processes start together, and marks it', async () => {
    const outcomes = await Promise.all([seedDemo(fresh.dataSource), seedDemo(fresh.dataSource)]);
    expect(outcomes.map((outcome) => outcome.demo && outcome.seeded).sort()).toEqual([false, true]);
    expect(await isDemoDatabase(fresh.dataSource)).toBe(true);
    const after = await counts(fresh);
    expect(after).toMatchObject({ queue: 3, agent: DEMO_AGENTS.length, customer: DEMO_CUSTOMERS.length, demo: 1, event: 0 });
    expect(after.thread).toBeGreaterThan(150);
    expect(after.message).toBe(after.thread! * 2);
    expect(after.wait_episode).toBe(after.thread);

    // A restart seeds nothing more and changes nothing.
    expect(await seedDemo(fresh.dataSource)).toEqual({ demo: true, seeded: false });
    expect(await counts(fresh)).toEqual(after);
  });

  it('sets the targets that differ by channel and routes channels to their queues', async () => {
    const rows = await fresh.dataSource.query(
      `SELECT DISTINCT ON (c.kind) c.kind, c.response_target_seconds AS target, q.name AS queue FROM channel c JOIN queue q ON q.id = c.queue_id ORDER BY c.kind, c.created_at`);
    const byKind = Object.fromEntries(rows.map((row: { kind: string; target: number; queue: string }) => [row.kind, [row.target, row.queue]]));
    expect(byKind).toMatchObject({ SMS: [300, 'General'], CHAT: [120, 'General'], EMAIL: [14400, 'Billing'], VOICE: [3600, 'General'], TWITTER: [3600, 'Social'], FACEBOOK: [3600, 'Social'] });
  });

  it('lets every demo login sign in, and gives reports and the board chart a day to show', async () => {
    for (const agent of DEMO_AGENTS) {
      const login = await fresh.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { agent { role } } }', { e: agent.email, p: DEMO_PASSWORD });
      expect(login.errors, agent.email).toBeUndefined();
    }
    const supervisor = DEMO_AGENTS.find((agent) => agent.role === 'SUPERVISOR')!;
    const { data } = await fresh.gql<{ login: { token: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: supervisor.email, p: DEMO_PASSWORD });
    const token = data!.login.token;
    const to = new Date().toISOString();
    const from = new Date(Date.now() - 24 * 3600_000).toISOString();
    const report = await fresh.gql<{ report: { total: { answeredCount: number; answeredInTargetCount: number } } }>(
      'query($from: DateTime!, $to: DateTime!) { report(from: $from, to: $to) { total { answeredCount answeredInTargetCount } } }', { from, to }, token);
    expect(report.errors).toBeUndefined();
    const { answeredCount, answeredInTargetCount: inTargetCount } = report.data!.report.total;
    expect(answeredCount).toBeGreaterThan(150);
    // Mostly on time, some late: a target is missed now and then.
    expect(inTargetCount / answeredCount).toBeGreaterThan(0.6);
    expect(inTargetCount).toBeLessThan(answeredCount);
    const history = await fresh.gql<{ boardHistory: Array<{ waitingCount: number }> }>(
      'query($since: DateTime!) { boardHistory(since: $since) { waitingCount } }', { since: new Date(Date.now() - 12 * 3600_000).toISOString() }, token);
    expect(history.errors).toBeUndefined();
    expect(history.data!.boardHistory.length).toBeGreaterThan(12 * 60 * 5);
    expect(history.data!.boardHistory.some((snapshot) => snapshot.waitingCount > 0)).toBe(true);
  });

  it('never seeds or changes a database that holds a contact center already', async () => {
    const someone: AgentFixture = await buildAgent(used, { role: 'ADMIN' });
    await buildAgent(used, { name: 'Real Agent' });
    const before = await counts(used);
    const outcome = await seedDemo(used.dataSource);
    expect(outcome).toMatchObject({ demo: false });
    expect(await counts(used)).toEqual(before);
    expect(await isDemoDatabase(used.dataSource)).toBe(false);
    expect(someone.id).toMatch(/^agt_/);
  });

  it('refuses a mix that names no channel kind, before seeding anything', async () => {
    const before = await counts(used);
    const config = loadConfig({ SWITCHBOARD_DEMO: 'on', SWITCHBOARD_DEMO_MIX: 'FAX=3' });
    await expect(prepareDemo(config, used.dataSource, createLogger('silent'))).rejects.toThrow(/SWITCHBOARD_DEMO_MIX: unknown channel kind FAX/);
    expect(await counts(used)).toEqual(before);
  });
});
