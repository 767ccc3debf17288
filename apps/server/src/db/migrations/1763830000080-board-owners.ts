import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The board's agent rows (modules/board/board.service.ts): each agent's OPEN threads, the
 * longest-waiting first, as an index range; their count is a range count. Capacity checks
 * (owner and OPEN) read it too. Measured in `pnpm bench:board`: the held-threads statement went
 * from about 100 ms to under 10 ms with 100,000 waiting threads.
 */
export class BoardOwners1763830000080 implements MigrationInterface {
  name = 'BoardOwners1763830000080';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX thread_open_owner_idx ON thread (owner_id, waiting_since, id) WHERE status = 'OPEN' AND owner_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX thread_open_owner_idx`);
  }
}
