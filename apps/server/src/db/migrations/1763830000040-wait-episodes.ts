import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wait episodes (docs/wait-clock.md, "Episodes"): one row per customer wait, written by the
 * wait-clock module in the transaction that moves the clock; reports read them. The table starts
 * filled from the event log, as far as the log still reaches.
 */
export class WaitEpisodes1763830000040 implements MigrationInterface {
  name = 'WaitEpisodes1763830000040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE wait_episode (
        id text PRIMARY KEY,
        thread_id text NOT NULL REFERENCES thread (id),
        -- The channel of the message that set the due time (the thread's wait_channel_id).
        channel_id text NOT NULL REFERENCES channel (id),
        -- The thread's queue when the wait ended; while it is open, the thread's queue now.
        queue_id text NOT NULL REFERENCES queue (id),
        started_at timestamptz NOT NULL,
        -- The due time in force: earlier when a faster channel's message arrives.
        due_at timestamptz NOT NULL,
        answered_at timestamptz,
        answered_by text REFERENCES agent (id),
        answer_message_id text REFERENCES message (id),
        -- Recorded once by the breach timer, with a conditional UPDATE.
        breached_at timestamptz,
        -- Ended by PENDING or RESOLVED, without a reply.
        closed_at timestamptz,
        CHECK (answered_at IS NULL OR closed_at IS NULL)
      )`);
    // At most one open wait per thread: the one every clock move finds (and ON CONFLICT's arbiter).
    await q.query(`CREATE UNIQUE INDEX wait_episode_open_key ON wait_episode (thread_id) WHERE answered_at IS NULL AND closed_at IS NULL`);
    // A thread's waits, and the one a failed reply had ended (restore looks it up by thread).
    await q.query(`CREATE INDEX wait_episode_thread_idx ON wait_episode (thread_id, started_at)`);
    // Reports by time.
    await q.query(`CREATE INDEX wait_episode_answered_idx ON wait_episode (answered_at, channel_id) WHERE answered_at IS NOT NULL`);
    await q.query(`CREATE INDEX wait_episode_started_idx ON wait_episode (started_at)`);
    await q.query(BACKFILL_WAIT_EPISODES);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE wait_episode`);
  }
}

/**
 * Rebuilds wait episodes from the event log into an empty `wait_episode` table, replaying what
 * modules/threads/wait-clock.ts does, event by event; exported so a test can rerun it. Events
 * carry the clock before and after, which gives the boundaries, the start and the due time; the
 * log cannot say:
 * - which channel set the due time: the inbound message of the thread whose own due time is the
 *   episode's (earliest such, received within the wait), or the thread's wait channel now;
 * - when a wait was closed, to the millisecond: the event's append time (the live row has the
 *   transaction's time, a few milliseconds earlier); answers take their reply's creation time;
 * - which delivery event was the FAILED one that restored a wait: the first DELIVERY_CHANGED of
 *   a reply now FAILED after which the thread waits since no later than the wait the reply stopped;
 * - breaches (left null) and waits whose every event is older than the retention window. A wait
 *   that started before the window but ended inside it is recorded from its end event's "before".
 * Waiting threads get their open episode from the thread row at the end, whatever the log held.
 */
export const BACKFILL_WAIT_EPISODES = `
-- A UUIDv7 id of the episode's start (the format of ids.ts), made in SQL.
CREATE OR REPLACE FUNCTION pg_temp.wait_episode_id(started timestamptz) RETURNS text LANGUAGE sql AS $$
  SELECT 'wep_' || encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
    PLACING substring(int8send(floor(extract(epoch FROM started) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')
$$;
-- The channel of the thread's inbound message that set the due time "due" in a wait since "since".
CREATE OR REPLACE FUNCTION pg_temp.wait_episode_channel(thread_key text, since timestamptz, due timestamptz) RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(
    (SELECT m.channel_id FROM message m
      WHERE m.thread_id = thread_key AND m.kind = 'INBOUND' AND m.response_due_at = due AND m.received_at >= since
      ORDER BY m.seq LIMIT 1),
    (SELECT coalesce(t.wait_channel_id, t.channel_id) FROM thread t WHERE t.id = thread_key))
$$;
DO $$
DECLARE
  e record;
  since_before timestamptz;
  since_after timestamptz;
  restoring boolean;
BEGIN
  FOR e IN
    SELECT ev.id, ev.type, ev.thread_id, ev.queue_id, ev.actor_id, ev.message_id, ev.before, ev.after, ev.created_at,
           m.created_at AS message_created_at, m.delivery_status, m.stopped_waiting_since
      FROM event ev LEFT JOIN message m ON m.id = ev.message_id
     WHERE ev.thread_id IS NOT NULL AND ev.type IN ('MESSAGE_RECEIVED', 'REPLIED', 'STATUS_CHANGED', 'DELIVERY_CHANGED')
     ORDER BY ev.id
  LOOP
    since_before := (e.before->>'waitingSince')::timestamptz;
    since_after := (e.after->>'waitingSince')::timestamptz;
    restoring := e.type = 'DELIVERY_CHANGED' AND e.delivery_status = 'FAILED' AND since_after <= e.stopped_waiting_since
      AND NOT EXISTS (SELECT 1 FROM event p WHERE p.message_id = e.message_id AND p.type = 'DELIVERY_CHANGED' AND p.id < e.id
                        AND (p.after->>'waitingSince')::timestamptz <= e.stopped_waiting_since);

    IF restoring THEN
      -- The wait the reply had ended is open again, merged with any that started since.
      DELETE FROM wait_episode w
       WHERE w.thread_id = e.thread_id AND (w.answer_message_id = e.message_id OR (w.answered_at IS NULL AND w.closed_at IS NULL));
    END IF;

    IF (e.type = 'MESSAGE_RECEIVED' AND since_after IS NOT NULL) OR restoring THEN
      INSERT INTO wait_episode (id, thread_id, channel_id, queue_id, started_at, due_at)
      VALUES (pg_temp.wait_episode_id(since_after), e.thread_id,
              pg_temp.wait_episode_channel(e.thread_id, since_after, (e.after->>'responseDueAt')::timestamptz),
              e.queue_id, since_after, (e.after->>'responseDueAt')::timestamptz)
      ON CONFLICT (thread_id) WHERE answered_at IS NULL AND closed_at IS NULL DO UPDATE
        SET started_at = excluded.started_at, due_at = excluded.due_at, channel_id = excluded.channel_id, queue_id = excluded.queue_id;
    ELSIF e.type IN ('REPLIED', 'STATUS_CHANGED') AND since_before IS NOT NULL AND since_after IS NULL THEN
      -- A wait whose start the log no longer holds is recorded from this end's "before".
      INSERT INTO wait_episode (id, thread_id, channel_id, queue_id, started_at, due_at)
      VALUES (pg_temp.wait_episode_id(since_before), e.thread_id,
              pg_temp.wait_episode_channel(e.thread_id, since_before, (e.before->>'responseDueAt')::timestamptz),
              e.queue_id, since_before, (e.before->>'responseDueAt')::timestamptz)
      ON CONFLICT (thread_id) WHERE answered_at IS NULL AND closed_at IS NULL DO NOTHING;
      IF e.type = 'REPLIED' THEN
        UPDATE wait_episode SET answered_at = e.message_created_at, answered_by = e.actor_id, answer_message_id = e.message_id, queue_id = e.queue_id
         WHERE thread_id = e.thread_id AND answered_at IS NULL AND closed_at IS NULL;
      ELSE
        UPDATE wait_episode SET closed_at = e.created_at, queue_id = e.queue_id
         WHERE thread_id = e.thread_id AND answered_at IS NULL AND closed_at IS NULL;
      END IF;
    END IF;
  END LOOP;

  -- Waiting threads: the open episode is the thread row's clock now, in its queue now.
  INSERT INTO wait_episode (id, thread_id, channel_id, queue_id, started_at, due_at)
  SELECT pg_temp.wait_episode_id(t.waiting_since), t.id, coalesce(t.wait_channel_id, t.channel_id), t.queue_id, t.waiting_since, t.response_due_at
    FROM thread t WHERE t.waiting_since IS NOT NULL AND t.response_due_at IS NOT NULL
  ON CONFLICT (thread_id) WHERE answered_at IS NULL AND closed_at IS NULL DO UPDATE
    SET started_at = excluded.started_at, due_at = excluded.due_at, channel_id = excluded.channel_id, queue_id = excluded.queue_id;
END $$`;
