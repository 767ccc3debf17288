import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Limits that hold across replicas, and indexes for reads that grow with the center:
 * - `rate_limit`: the counters of rate-limiter-flexible (login failures per e-mail and address,
 *   requests per token), in its own layout; created here so the library never creates tables.
 *   UNLOGGED: written on every request, and a crash that resets counters loses nothing else.
 * - a customer's threads newest first (Customer.threads, one window query for a page of customers).
 * (The log's visibility filter gets its indexes in 1763830000030, once it was rewritten to use them.)
 */
export class Limits1763830000020 implements MigrationInterface {
  name = 'Limits1763830000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
    await q.query(`CREATE INDEX rate_limit_expire_idx ON rate_limit (expire)`);
    await q.query(`CREATE INDEX thread_customer_activity_idx ON thread (customer_id, last_activity_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX thread_customer_activity_idx`);
    await q.query(`DROP TABLE rate_limit`);
  }
}
