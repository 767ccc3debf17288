import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention for the event log: `prune_events(before)` is the only way rows leave it (the guard
 * trigger lets a DELETE through only inside it). A cursor older than what is kept then answers
 * CURSOR_EXPIRED, and clients reload.
 */
export class EventRetention1763830000001 implements MigrationInterface {
  name = 'EventRetention1763830000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX event_created_idx ON event (created_at)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION event_guard() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' AND coalesce(current_setting('switchboard.appending', true), 'off') = 'on' THEN
          RETURN NEW;
        END IF;
        IF TG_OP = 'DELETE' AND coalesce(current_setting('switchboard.pruning', true), 'off') = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'the event log is written only by append_events() and never changed';
      END $$`);
    await q.query(`
      CREATE FUNCTION prune_events(older_than timestamptz, max_rows integer DEFAULT 10000) RETURNS integer
      LANGUAGE plpgsql AS $$
      DECLARE
        removed integer;
      BEGIN
        PERFORM set_config('switchboard.pruning', 'on', true);
        -- Oldest first, in bounded batches, and never the newest event: eventCursor stays valid.
        DELETE FROM event WHERE id IN (
          SELECT id FROM event WHERE created_at < older_than AND id < (SELECT max(id) FROM event)
          ORDER BY id LIMIT max_rows);
        GET DIAGNOSTICS removed = ROW_COUNT;
        PERFORM set_config('switchboard.pruning', 'off', true);
        RETURN removed;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS prune_events(timestamptz, integer)`);
    await q.query(`DROP INDEX IF EXISTS event_created_idx`);
    await q.query(`
      CREATE OR REPLACE FUNCTION event_guard() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' OR coalesce(current_setting('switchboard.appending', true), 'off') <> 'on' THEN
          RAISE EXCEPTION 'the event log is written only by append_events() and never changed';
        END IF;
        RETURN NEW;
      END $$`);
  }
}
