import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `threads(filter: { waiting: true }, orderBy: LONGEST_WAITING)` for viewers who see every queue
 * (supervisors, third-party wallboards): an index range in order, so a page of 50 reads 51 rows
 * and builds 51 rows' JSON instead of sorting every waiting thread. Measured in
 * `bench/src/vs-postgraphile.ts` at 100,000 threads (40,000 waiting): the page statement went
 * from about 28 ms (a sort that spilled to disk) to about 6 ms.
 */
export class LongestWaiting1763830000110 implements MigrationInterface {
  name = 'LongestWaiting1763830000110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX thread_longest_waiting_idx ON thread (waiting_since, id) WHERE waiting_since IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX thread_longest_waiting_idx`);
  }
}
