import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks: durable readers of the event log, each with its own cursor, and a record of every
 * delivery attempt. One process delivers a webhook at a time by holding its lease
 * (`lease_owner`, `lease_until`), taken with `FOR UPDATE SKIP LOCKED`; a holder that dies simply
 * lets the lease run out, and the next one resumes from `cursor`.
 */
export class Webhooks1763830000010 implements MigrationInterface {
  name = 'Webhooks1763830000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook (
        id text PRIMARY KEY,
        url text NOT NULL,
        -- Thread event types it receives; empty means all of them.
        types text[] NOT NULL DEFAULT '{}',
        -- Kept in clear: HMAC signing needs it (it is shown to the caller once, never read back).
        secret text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        -- Where it stands in the log: every event up to here is delivered or not for it.
        cursor bigint NOT NULL,
        -- The last event the receiver acknowledged (2xx).
        delivered_cursor bigint,
        -- Failed attempts at the event now due, and since when it fails.
        attempts integer NOT NULL DEFAULT 0,
        failing_since timestamptz,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_owner text,
        lease_until timestamptz,
        created_by text REFERENCES agent (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhook_due_idx ON webhook (next_attempt_at) WHERE active`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id text PRIMARY KEY,
        webhook_id text NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
        event_cursor bigint NOT NULL,
        attempt integer NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
        http_status integer,
        error text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhook_delivery_webhook_idx ON webhook_delivery (webhook_id, at DESC, id DESC)`);
    await q.query(`CREATE INDEX webhook_delivery_at_idx ON webhook_delivery (at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS webhook_delivery`);
    await q.query(`DROP TABLE IF EXISTS webhook`);
  }
}
