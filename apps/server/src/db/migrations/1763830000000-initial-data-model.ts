import type { MigrationInterface, QueryRunner } from 'typeorm';
import { newId } from '../../ids.js';

const DEFAULT_CHANNELS: ReadonlyArray<[kind: string, name: string, targetSeconds: number]> = [
  ['SMS', 'SMS', 5 * 60],
  ['CHAT', 'Web chat', 2 * 60],
  ['TWITTER', 'Twitter', 60 * 60],
  ['FACEBOOK', 'Facebook', 60 * 60],
  ['EMAIL', 'E-mail', 4 * 60 * 60],
  ['VOICE', 'Voice-mail', 4 * 60 * 60],
  ['FORUM', 'Forum', 24 * 60 * 60],
];

/**
 * The whole data model of DESIGN.md ("Data"), the event log with its single writer
 * `append_events`, and the seed: one channel per kind with its default target, queue "General".
 */
export class InitialDataModel1763830000000 implements MigrationInterface {
  name = 'InitialDataModel1763830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`CREATE TYPE channel_kind AS ENUM ('SMS','EMAIL','CHAT','TWITTER','FACEBOOK','VOICE','FORUM')`);
    await q.query(`CREATE TYPE thread_status AS ENUM ('OPEN','PENDING','RESOLVED')`);
    await q.query(`CREATE TYPE agent_role AS ENUM ('AGENT','SUPERVISOR','ADMIN')`);
    await q.query(`CREATE TYPE presence AS ENUM ('ONLINE','AWAY','OFFLINE')`);
    await q.query(`CREATE TYPE message_kind AS ENUM ('INBOUND','REPLY','NOTE','SYSTEM')`);
    await q.query(`CREATE TYPE delivery_status AS ENUM ('QUEUED','SENT','DELIVERED','FAILED')`);

    await q.query(`
      CREATE TABLE queue (
        id text PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX queue_name_key ON queue (lower(name))`);

    await q.query(`
      CREATE TABLE channel (
        id text PRIMARY KEY,
        kind channel_kind NOT NULL,
        name text NOT NULL,
        response_target_seconds integer NOT NULL CHECK (response_target_seconds > 0),
        queue_id text NOT NULL REFERENCES queue (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX channel_kind_idx ON channel (kind, created_at)`);

    await q.query(`
      CREATE TABLE agent (
        id text PRIMARY KEY,
        name text NOT NULL,
        email text NOT NULL,
        password_hash text NOT NULL,
        role agent_role NOT NULL DEFAULT 'AGENT',
        capacity integer NOT NULL DEFAULT 5 CHECK (capacity >= 0),
        active boolean NOT NULL DEFAULT true,
        -- What the agent last chose; shown only while a console of theirs is connected.
        presence presence NOT NULL DEFAULT 'OFFLINE',
        last_seen_at timestamptz,
        -- The presence others were last told (AGENT_PRESENCE_CHANGED); a conditional UPDATE moves
        -- it, so two processes never announce one change twice.
        announced_presence presence NOT NULL DEFAULT 'OFFLINE',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX agent_email_key ON agent (lower(email))`);

    await q.query(`
      CREATE TABLE agent_queue (
        agent_id text NOT NULL REFERENCES agent (id),
        queue_id text NOT NULL REFERENCES queue (id),
        PRIMARY KEY (agent_id, queue_id)
      )`);
    await q.query(`CREATE INDEX agent_queue_queue_idx ON agent_queue (queue_id, agent_id)`);

    await q.query(`
      CREATE TABLE session (
        id text PRIMARY KEY,
        agent_id text NOT NULL REFERENCES agent (id),
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX session_agent_idx ON session (agent_id)`);

    await q.query(`
      CREATE TABLE api_key (
        id text PRIMARY KEY,
        name text NOT NULL,
        key_hash bytea NOT NULL UNIQUE,
        scopes text[] NOT NULL,
        agent_id text REFERENCES agent (id),
        created_by_id text REFERENCES agent (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);

    await q.query(`
      CREATE TABLE customer (
        id text PRIMARY KEY,
        name text NOT NULL,
        merged_into_id text REFERENCES customer (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX customer_name_trgm ON customer USING gin (name gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE customer_identity (
        customer_id text NOT NULL REFERENCES customer (id),
        channel_kind channel_kind NOT NULL,
        -- Normalized before it is stored or looked up (E.164, lower-cased e-mail and handles).
        address text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (channel_kind, address)
      )`);
    await q.query(`CREATE INDEX customer_identity_customer_idx ON customer_identity (customer_id)`);
    await q.query(`CREATE INDEX customer_identity_address_trgm ON customer_identity USING gin (address gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE thread (
        id text PRIMARY KEY,
        customer_id text NOT NULL REFERENCES customer (id),
        queue_id text NOT NULL REFERENCES queue (id),
        channel_id text NOT NULL REFERENCES channel (id),
        subject text,
        status thread_status NOT NULL DEFAULT 'OPEN',
        -- 0 LOW, 1 NORMAL, 2 HIGH, 3 URGENT: stored as a number so that it sorts.
        priority smallint NOT NULL DEFAULT 1 CHECK (priority BETWEEN 0 AND 3),
        owner_id text REFERENCES agent (id),
        waiting_since timestamptz,
        response_due_at timestamptz,
        wait_channel_id text REFERENCES channel (id),
        -- The wait whose breach was recorded, so a second leader cannot record it twice.
        sla_breached_due_at timestamptz,
        first_response_at timestamptz,
        -- When the latest inbound message arrived: the thread's channel follows it.
        last_inbound_at timestamptz,
        last_activity_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // At most one thread per customer is not RESOLVED: it is where an inbound message goes.
    await q.query(`CREATE UNIQUE INDEX thread_one_open_per_customer ON thread (customer_id) WHERE status <> 'RESOLVED'`);
    // The queue view (DUE_SOONEST): waiting threads first, then priority, then the due time.
    await q.query(`CREATE INDEX thread_queue_due_idx ON thread (queue_id, (response_due_at IS NULL), priority DESC, response_due_at, id) WHERE status = 'OPEN'`);
    await q.query(`CREATE INDEX thread_queue_unowned_idx ON thread (queue_id, (response_due_at IS NULL), priority DESC, response_due_at, id) WHERE status = 'OPEN' AND owner_id IS NULL`);
    await q.query(`CREATE INDEX thread_activity_idx ON thread (last_activity_at DESC, id DESC)`);
    await q.query(`CREATE INDEX thread_owner_idx ON thread (owner_id, status) WHERE owner_id IS NOT NULL`);
    await q.query(`CREATE INDEX thread_customer_idx ON thread (customer_id, created_at DESC)`);
    await q.query(`CREATE INDEX thread_waiting_channel_idx ON thread (wait_channel_id, waiting_since) WHERE waiting_since IS NOT NULL`);
    await q.query(`CREATE INDEX thread_subject_trgm ON thread USING gin (subject gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE thread_participant (
        thread_id text NOT NULL REFERENCES thread (id),
        agent_id text NOT NULL REFERENCES agent (id),
        joined_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (thread_id, agent_id)
      )`);
    await q.query(`CREATE INDEX thread_participant_agent_idx ON thread_participant (agent_id)`);

    await q.query(`
      CREATE TABLE message (
        id text PRIMARY KEY,
        -- The order the server stored messages in (ids made in several processes do not sort so).
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        thread_id text NOT NULL REFERENCES thread (id),
        kind message_kind NOT NULL,
        channel_id text NOT NULL REFERENCES channel (id),
        channel_kind channel_kind NOT NULL,
        author_id text REFERENCES agent (id),
        body text NOT NULL,
        to_address text,
        delivery_status delivery_status,
        delivery_error text,
        external_id text,
        idempotency_key text,
        -- For INBOUND: when the channel received it, and the due time that set (arrival plus
        -- its channel's target at arrival).
        received_at timestamptz,
        response_due_at timestamptz,
        -- For a REPLY: the wait clock it stopped, restored if its delivery FAILS.
        stopped_waiting_since timestamptz,
        stopped_response_due_at timestamptz,
        stopped_wait_channel_id text REFERENCES channel (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX message_thread_idx ON message (thread_id, seq)`);
    await q.query(`CREATE UNIQUE INDEX message_inbound_external_key ON message (channel_kind, external_id) WHERE kind = 'INBOUND'`);
    await q.query(`CREATE UNIQUE INDEX message_reply_idempotency_key ON message (thread_id, idempotency_key) WHERE kind = 'REPLY' AND idempotency_key IS NOT NULL`);
    await q.query(`CREATE INDEX message_body_trgm ON message USING gin (body gin_trgm_ops)`);

    // The event log: append-only, ids in commit order (see append_events below).
    await q.query(`CREATE SEQUENCE event_id_seq`);
    await q.query(`
      CREATE TABLE event (
        id bigint PRIMARY KEY,
        type text NOT NULL,
        thread_id text REFERENCES thread (id),
        -- Routing state before and after, so replays filter with an index instead of a scan.
        queue_id text,
        before_queue_id text,
        owner_id text,
        before_owner_id text,
        actor_id text REFERENCES agent (id),
        message_id text REFERENCES message (id),
        thread_version integer,
        before jsonb,
        after jsonb,
        note text,
        -- Details of events that are not about one thread (membership, channel, agent changes).
        data jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX event_thread_idx ON event (thread_id, id)`);
    await q.query(`CREATE INDEX event_queue_idx ON event (queue_id, id)`);
    await q.query(`CREATE INDEX event_before_queue_idx ON event (before_queue_id, id) WHERE before_queue_id IS DISTINCT FROM queue_id`);

    // The only writer of the log. Taken as the last step of a writing transaction (after its row
    // locks), the advisory lock is released only when COMMIT is visible, so id order is commit
    // order and a reader that reads "id > last" never skips a late commit.
    await q.query(`
      CREATE FUNCTION append_events(events jsonb) RETURNS bigint
      LANGUAGE plpgsql AS $$
      DECLARE
        last_id bigint;
      BEGIN
        PERFORM set_config('lock_timeout', '5s', true);
        PERFORM pg_advisory_xact_lock(7254420119);
        PERFORM set_config('switchboard.appending', 'on', true);
        WITH rows AS (
          SELECT e, n FROM jsonb_array_elements(events) WITH ORDINALITY AS t(e, n) ORDER BY n
        ), inserted AS (
          INSERT INTO event (id, type, thread_id, queue_id, before_queue_id, owner_id, before_owner_id,
                             actor_id, message_id, thread_version, before, after, note, data, created_at)
          SELECT nextval('event_id_seq'), e->>'type', e->>'threadId', e->>'queueId', e->>'beforeQueueId',
                 e->>'ownerId', e->>'beforeOwnerId', e->>'actorId', e->>'messageId',
                 (e->>'threadVersion')::integer, e->'before', e->'after', e->>'note', e->'data',
                 clock_timestamp() -- the moment of the append, just before COMMIT (now() is the transaction's start)
          FROM rows ORDER BY n
          RETURNING id
        )
        SELECT max(id) INTO last_id FROM inserted;
        PERFORM set_config('switchboard.appending', 'off', true);
        RETURN last_id;
      END $$`);
    await q.query(`
      CREATE FUNCTION event_guard() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' OR coalesce(current_setting('switchboard.appending', true), 'off') <> 'on' THEN
          RAISE EXCEPTION 'the event log is written only by append_events() and never changed';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER event_guard BEFORE INSERT OR UPDATE OR DELETE ON event
      FOR EACH ROW EXECUTE FUNCTION event_guard()`);

    // Seed: queue "General" and one channel per kind with its default response target.
    const general = newId('que');
    await q.query(`INSERT INTO queue (id, name) VALUES ($1, 'General')`, [general]);
    for (const [kind, name, target] of DEFAULT_CHANNELS) {
      await q.query(
        `INSERT INTO channel (id, kind, name, response_target_seconds, queue_id) VALUES ($1, $2, $3, $4, $5)`,
        [newId('chn'), kind, name, target, general],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['event', 'message', 'thread_participant', 'thread', 'customer_identity', 'customer',
      'api_key', 'session', 'agent_queue', 'agent', 'channel', 'queue']) {
      await q.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    await q.query(`DROP SEQUENCE IF EXISTS event_id_seq`);
    await q.query(`DROP FUNCTION IF EXISTS append_events(jsonb)`);
    await q.query(`DROP FUNCTION IF EXISTS event_guard()`);
    for (const type of ['channel_kind', 'thread_status', 'agent_role', 'presence', 'message_kind', 'delivery_status']) {
      await q.query(`DROP TYPE IF EXISTS ${type}`);
    }
  }
}
