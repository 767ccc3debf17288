import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports (modules/reports/): who sent a thread's first response (kept with the reply, so a failed
 * delivery can take it back), board snapshots per channel, and the indexes the report's
 * aggregates read from alone.
 */
export class Reports1763830000070 implements MigrationInterface {
  name = 'Reports1763830000070';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE thread ADD COLUMN first_responder_id text REFERENCES agent (id),
                                     ADD COLUMN first_response_message_id text REFERENCES message (id)`);
    await q.query(BACKFILL_FIRST_RESPONSES);
    // First responses per agent over a period.
    await q.query(`CREATE INDEX thread_first_response_idx ON thread (first_response_at) INCLUDE (first_responder_id) WHERE first_response_at IS NOT NULL`);

    // Answered waits over a period, with everything a report groups and measures by.
    await q.query(`DROP INDEX wait_episode_answered_idx`);
    await q.query(`CREATE INDEX wait_episode_answered_idx ON wait_episode (answered_at)
      INCLUDE (channel_id, queue_id, answered_by, started_at, due_at) WHERE answered_at IS NOT NULL`);
    // Waits whose due time fell in a period (breaches), answered or not.
    await q.query(`CREATE INDEX wait_episode_due_idx ON wait_episode (due_at)
      INCLUDE (channel_id, queue_id, answered_by, answered_at, closed_at)`);
    // Threads set RESOLVED in a period.
    await q.query(`CREATE INDEX event_resolved_idx ON event (created_at) INCLUDE (thread_id, queue_id, actor_id)
      WHERE type = 'STATUS_CHANGED' AND after ->> 'status' = 'RESOLVED'`);

    await q.query(`
      CREATE TABLE board_snapshot (
        -- The start of the interval it was taken in (SWITCHBOARD_BOARD_SNAPSHOT_SECONDS): one row
        -- per channel per interval, whichever process took it.
        interval_start timestamptz NOT NULL,
        channel_id text NOT NULL REFERENCES channel (id),
        -- When its figures were read (the board's asOf).
        at timestamptz NOT NULL,
        waiting_count integer NOT NULL,
        longest_wait_seconds integer,
        breached_count integer NOT NULL,
        PRIMARY KEY (interval_start, channel_id)
      )`);
    await q.query(`CREATE INDEX board_snapshot_at_idx ON board_snapshot (at)`);

    // A closed UTC day's and hour's report figures per dimension (modules/reports/rollups.ts), so
    // a report over weeks reads a few thousand rows instead of every wait; written by the leader.
    for (const table of ['report_day', 'report_hour']) {
      await q.query(`
        CREATE TABLE ${table} (
          -- The start of the day (hour), UTC.
          start timestamptz NOT NULL,
          -- 'total', 'channel:<id>', 'queue:<id>' or 'agent:<id>'.
          key text NOT NULL,
          answered integer NOT NULL,
          in_target integer NOT NULL,
          breached integer NOT NULL,
          resolved integer NOT NULL,
          first_responses integer NOT NULL,
          -- Answered waits by response-time bucket: {"<bucket>": count}.
          hist jsonb NOT NULL,
          computed_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (start, key)
        )`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_hour`);
    await q.query(`DROP TABLE report_day`);
    await q.query(`DROP TABLE board_snapshot`);
    await q.query(`DROP INDEX event_resolved_idx`);
    await q.query(`DROP INDEX wait_episode_due_idx`);
    await q.query(`DROP INDEX wait_episode_answered_idx`);
    await q.query(`CREATE INDEX wait_episode_answered_idx ON wait_episode (answered_at, channel_id) WHERE answered_at IS NOT NULL`);
    await q.query(`DROP INDEX thread_first_response_idx`);
    await q.query(`ALTER TABLE thread DROP COLUMN first_response_message_id, DROP COLUMN first_responder_id`);
  }
}

/**
 * Who sent each thread's first response, from its messages (exported so a test can rerun it):
 * the earliest REPLY whose delivery did not fail. Before this migration a failed first reply kept
 * `first_response_at`; this corrects that too, as modules/threads/wait-clock.ts now does live.
 */
export const BACKFILL_FIRST_RESPONSES = `
  UPDATE thread t SET first_response_message_id = f.id, first_responder_id = f.author_id, first_response_at = f.created_at
    FROM (SELECT DISTINCT ON (thread_id) thread_id, id, author_id, created_at FROM message
           WHERE kind = 'REPLY' AND delivery_status IS DISTINCT FROM 'FAILED' ORDER BY thread_id, seq) f
   WHERE f.thread_id = t.id;
  UPDATE thread SET first_response_at = NULL, first_responder_id = NULL
   WHERE first_response_message_id IS NULL AND (first_response_at IS NOT NULL OR first_responder_id IS NOT NULL);`;
