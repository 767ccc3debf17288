import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mark of a database the demo seed created (demo/demo-seed.ts): the simulator and the bots
 * run only where it is, so they can never write to a real contact center's database. It also
 * keeps the simulator's INGEST key across restarts (a demo's secrets are published anyway).
 */
export class Demo1763830000100 implements MigrationInterface {
  name = 'Demo1763830000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE demo (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        seeded_at timestamptz NOT NULL DEFAULT now(),
        ingest_key text
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE demo`);
  }
}
