import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The supervisor's board (modules/board/): who set an agent's presence when it was not the agent
 * (a supervisor marking someone who walked away), and one index that answers the board's
 * aggregates over waiting threads from the index alone, whatever else the thread rows hold.
 */
export class Board1763830000060 implements MigrationInterface {
  name = 'Board1763830000060';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agent ADD COLUMN presence_set_by text REFERENCES agent (id)`);
    // Waiting threads by wait channel and age, carrying what the board counts (queue, owner, due
    // time): an index-only scan. It replaces the narrower index on the first two columns.
    await q.query(`CREATE INDEX thread_waiting_board_idx ON thread (wait_channel_id, waiting_since)
      INCLUDE (queue_id, owner_id, response_due_at, id) WHERE waiting_since IS NOT NULL`);
    await q.query(`DROP INDEX thread_waiting_channel_idx`);
    // The longest wait of each queue: one probe per queue.
    await q.query(`CREATE INDEX thread_waiting_queue_idx ON thread (queue_id, waiting_since) WHERE waiting_since IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX thread_waiting_queue_idx`);
    await q.query(`CREATE INDEX thread_waiting_channel_idx ON thread (wait_channel_id, waiting_since) WHERE waiting_since IS NOT NULL`);
    await q.query(`DROP INDEX thread_waiting_board_idx`);
    await q.query(`ALTER TABLE agent DROP COLUMN presence_set_by`);
  }
}
