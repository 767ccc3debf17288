import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../db/data-source.js';
import { ENTITIES } from '../../entities.js';
import { BoardService } from '../../board/board.service.js';
import { BoardHistory } from '../board-history.js';
import { ReportKeeper } from '../report-keeper.js';
import { ReportRollups } from '../rollups.js';
import { buildAgent, ingest, startTestServer, until, type AgentFixture, type TestServer } from '../../../../../../test/support/server.js';

let server: TestServer;
let admin: AgentFixture;
let other: DataSource;
const otherStatements: string[] = [];
const silent = pino({ level: 'silent' });

const HISTORY = `query($since: DateTime!, $until: DateTime) { boardHistory(since: $since, until: $until) {
  at channel { id kind } waitingCount longestWaitSeconds breachedCount } }`;
type Snapshot = { at: string; channel: { id: string; kind: string }; waitingCount: number; longestWaitSeconds: number | null; breachedCount: number };

/** A keeper on `dataSource` (one process), snapshotting every second. */
function keeper(dataSource: DataSource, isLeader: () => boolean): ReportKeeper {
  const board = new BoardService(dataSource);
  return new ReportKeeper(new BoardHistory(dataSource, board), new ReportRollups(dataSource), silent,
    { snapshotSeconds: 1, retentionDays: 30, isLeader, rollupEveryMs: 3_600_000 });
}

async function snapshots(): Promise<Array<{ at: Date; channels: number; taken: Date; last: Date }>> {
  return server.dataSource.query(`SELECT interval_start AS at, count(*)::int AS channels, min(at) AS taken, max(at) AS last FROM board_snapshot GROUP BY 1 ORDER BY 1`);
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await buildAgent(server, { role: 'ADMIN' });
  const queryLogger = {
    logQuery: (query: string) => void otherStatements.push(query),
    logQueryError: () => undefined, logQuerySlow: () => undefined, logSchemaBuild: () => undefined, logMigration: () => undefined, log: () => undefined,
  };
  other = createDataSource({ url: (server.dataSource.options as { url: string }).url, entities: ENTITIES, poolSize: 3, queryLogger });
  await other.initialize();
});
afterAll(async () => {
  await other.destroy();
  await server.close();
});

describe('board snapshots', () => {
  it('are taken once per interval by the leader of two processes, one row per channel, waiting or not', async () => {
    server.services.breachTimer.start();
    await until(() => server.services.breachTimer.isLeader);
    const leader = keeper(server.dataSource, () => server.services.breachTimer.isLeader);
    // The second process's timer would lose the advisory lock: it does not lead.
    const follower = keeper(other, () => false);
    await server.dataSource.query(`DELETE FROM board_snapshot`);
    leader.start();
    follower.start();
    try {
      await ingest(server, admin.token, { channelKind: 'CHAT', from: 'history_one' });
      await ingest(server, admin.token, { channelKind: 'CHAT', from: 'history_two' });
      // Three intervals, the last of them read after both messages (on a slow run, three may be
      // taken while the two are still being written).
      const [{ written }] = await server.dataSource.query(`SELECT now() AS written`);
      await until(async () => {
        const taken = await snapshots();
        return taken.length >= 3 && taken.at(-1)!.taken > written;
      }, 10_000);
    } finally {
      await leader.stop();
      await follower.stop();
      await server.services.breachTimer.stop();
    }
    const taken = await snapshots();
    const channels = (await server.dataSource.query(`SELECT count(*)::int AS n FROM channel`))[0].n;
    expect(taken.every((row) => row.channels === channels)).toBe(true);
    // One interval (whole seconds), all of its rows read at one moment within it.
    expect(taken.every((row) => row.at.getTime() % 1000 === 0)).toBe(true);
    expect(taken.every((row) => row.taken.getTime() === row.last.getTime() && row.taken >= row.at && row.taken.getTime() < row.at.getTime() + 1000)).toBe(true);
    expect(otherStatements.some((sql) => sql.includes('board_snapshot'))).toBe(false);
    const [latest] = await server.dataSource.query(`SELECT waiting_count FROM board_snapshot s JOIN channel c ON c.id = s.channel_id
      WHERE c.kind = 'CHAT' ORDER BY interval_start DESC LIMIT 1`);
    expect(latest.waiting_count).toBe(2);
  });

  it('are never written twice for one interval, even by two processes that both believe they lead', async () => {
    const history = [new BoardHistory(server.dataSource, new BoardService(server.dataSource)), new BoardHistory(other, new BoardService(other))];
    // An interval an hour long: every one of these lands in the same one.
    const wrote = await Promise.all([0, 1, 2, 3].map((n) => history[n % 2]!.snapshot(3600)));
    expect(wrote.filter(Boolean)).toHaveLength(1);
    const rows = await server.dataSource.query(`SELECT interval_start, count(*)::int AS n FROM board_snapshot
      WHERE interval_start = date_bin(interval '1 hour', now(), timestamptz 'epoch') GROUP BY 1`);
    expect(rows).toHaveLength(1);
  });
});

describe('boardHistory', () => {
  it('returns the snapshots of a range oldest first, per channel, to supervisors and READ keys', async () => {
    const supervisor = await buildAgent(server, { role: 'SUPERVISOR' });
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const result = await server.gql<{ boardHistory: Snapshot[] }>(HISTORY, { since }, supervisor.token);
    expect(result.errors).toBeUndefined();
    const rows = result.data!.boardHistory;
    expect(rows.length).toBeGreaterThanOrEqual(3 * 7);
    const keys = rows.map((row) => `${row.at}|${row.channel.id}`);
    expect(keys).toEqual([...keys].sort());
    expect(rows.find((row) => row.channel.kind === 'CHAT' && row.waitingCount === 2)).toBeDefined();

    const until = rows[0]!.at;
    const before = await server.gql<{ boardHistory: Snapshot[] }>(HISTORY, { since, until }, supervisor.token);
    expect(before.data!.boardHistory.every((row) => row.at < until)).toBe(true);

    const agent = await buildAgent(server);
    expect((await server.gql(HISTORY, { since }, agent.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const backwards = await server.gql(HISTORY, { since, until: since }, supervisor.token);
    expect(backwards.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
