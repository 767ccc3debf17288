import type { DataSource } from 'typeorm';
import { badInput } from '../../errors.js';
import { queryRows } from '../../db/sql.js';
import type { BoardService } from '../board/board.service.js';

/** The most snapshots one `boardHistory` returns: a week of minutes for every channel fits. */
export const MAX_HISTORY_ROWS = 100_000;

export interface SnapshotRow { at: Date; channelId: string; waitingCount: number; longestWaitSeconds: number | null; breachedCount: number }

/**
 * Board snapshots (issue 13): every SWITCHBOARD_BOARD_SNAPSHOT_SECONDS the leader writes one row
 * per channel, waiting or not, from the board's own figures (board.service.ts), at the moment they
 * were read (`at`). The key is the interval and the channel, so a second leader in the same
 * interval (one that lost its session and has not noticed yet) writes nothing twice.
 */
export class BoardHistory {
  constructor(private readonly dataSource: DataSource, private readonly board: BoardService) {}

  /** Takes this interval's snapshot; false when one was taken already. */
  async snapshot(intervalSeconds: number): Promise<boolean> {
    const { board } = await this.board.compute();
    const rows = await queryRows<{ at: Date }>(this.dataSource.manager, `
      INSERT INTO board_snapshot (interval_start, at, channel_id, waiting_count, longest_wait_seconds, breached_count)
      SELECT date_bin(make_interval(secs => $1), $2::timestamptz, timestamptz 'epoch'), $2::timestamptz, *
        FROM unnest($3::text[], $4::int[], $5::int[], $6::int[])
      ON CONFLICT (interval_start, channel_id) DO NOTHING RETURNING at`,
      [intervalSeconds, board.asOf, board.channels.map((row) => row.channel.id), board.channels.map((row) => row.waitingCount),
        board.channels.map((row) => row.longestWaitSeconds), board.channels.map((row) => row.breachedCount)]);
    return rows.length > 0;
  }

  /** Snapshots older than the event log's retention go with it. */
  async prune(retentionDays: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM board_snapshot WHERE interval_start < now() - make_interval(days => $1)`, [retentionDays]);
  }

  /** Oldest first, then by channel. */
  async history(since: Date, until: Date | null): Promise<SnapshotRow[]> {
    if (Number.isNaN(since.getTime()) || (until && Number.isNaN(until.getTime()))) throw badInput('since', 'must be an instant');
    if (until && until.getTime() <= since.getTime()) throw badInput('until', 'must be after since');
    const rows = await queryRows<{ at: Date; channel_id: string; waiting_count: number; longest_wait_seconds: number | null; breached_count: number }>(
      this.dataSource.manager,
      `SELECT at, channel_id, waiting_count, longest_wait_seconds, breached_count FROM board_snapshot
        WHERE at >= $1 AND ($2::timestamptz IS NULL OR at < $2) ORDER BY at, channel_id LIMIT $3`,
      [since, until, MAX_HISTORY_ROWS + 1]);
    if (rows.length > MAX_HISTORY_ROWS) {
      throw badInput('since', `the range holds more than ${MAX_HISTORY_ROWS} snapshots: narrow since and until`);
    }
    return rows.map((row) => ({ at: row.at, channelId: row.channel_id, waitingCount: row.waiting_count,
      longestWaitSeconds: row.longest_wait_seconds, breachedCount: row.breached_count }));
  }
}
