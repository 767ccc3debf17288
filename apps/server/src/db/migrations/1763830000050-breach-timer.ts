import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The breach timer's index (modules/threads/breach-timer.ts): open waits not yet breached, by due
 * time, so the earliest due time and the waits due now are one short index probe however many
 * episodes the table holds.
 */
export class BreachTimer1763830000050 implements MigrationInterface {
  name = 'BreachTimer1763830000050';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX wait_episode_unbreached_due_idx ON wait_episode (due_at)
      WHERE answered_at IS NULL AND closed_at IS NULL AND breached_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX wait_episode_unbreached_due_idx`);
  }
}
