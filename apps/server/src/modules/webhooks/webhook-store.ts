import { holdsAfter, logBounds } from '../../events/event-log.js';
import type { DataSource } from 'typeorm';
import { queryRows } from '../../db/sql.js';
import { newId } from '../../ids.js';

/** A webhook as its lease holder sees it (cursors as bigint). */
export interface LeasedWebhook {
  id: string;
  url: string;
  types: string[];
  secret: string;
  active: boolean;
  cursor: bigint;
  attempts: number;
  /** Milliseconds until its next attempt is due (0 or less: now). */
  dueInMs: number;
}

interface LeasedRow {
  id: string; url: string; types: string[]; secret: string; active: boolean; cursor: string; attempts: number; due_in_ms: number;
}

const LEASED = `id, url, types, secret, active, cursor::text AS cursor, attempts,
  (extract(epoch FROM next_attempt_at - now()) * 1000)::float8 AS due_in_ms`;

/**
 * The dispatcher's statements. Every change made while delivering is fenced by
 * `lease_owner = <this dispatcher>`: a holder whose lease ran out and was taken over can no
 * longer move the cursor or record an outcome for the webhook.
 */
export class WebhookStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Leases up to `limit` webhooks that are active, due, not leased (or whose lease ran out) and
   * behind the log. SKIP LOCKED: two processes claiming at once never take the same row, and the
   * row lock re-checks the lease condition against the newest version of the row.
   */
  async claim(owner: string, leaseMs: number, limit: number, skip: readonly string[]): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(this.dataSource.manager,
      `UPDATE webhook SET lease_owner = $1, lease_until = now() + make_interval(secs => $2::float8 / 1000)
        WHERE id IN (
          SELECT w.id FROM webhook w
           WHERE w.active AND w.next_attempt_at <= now() AND (w.lease_until IS NULL OR w.lease_until < now())
             AND w.id <> ALL($4::text[])
             AND EXISTS (SELECT 1 FROM event e WHERE e.id > w.cursor)
           ORDER BY w.next_attempt_at LIMIT $3
           FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [owner, leaseMs, limit, skip]);
    return rows.map((row) => row.id);
  }

  /** Extends our lease and reads the webhook; null when it is gone or the lease is someone else's. */
  async renew(id: string, owner: string, leaseMs: number): Promise<LeasedWebhook | null> {
    const [row] = await queryRows<LeasedRow>(this.dataSource.manager,
      `UPDATE webhook SET lease_until = now() + make_interval(secs => $3::float8 / 1000)
        WHERE id = $1 AND lease_owner = $2 RETURNING ${LEASED}`,
      [id, owner, leaseMs]);
    return row ? { ...row, cursor: BigInt(row.cursor), dueInMs: row.due_in_ms } : null;
  }

  async release(id: string, owner: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2`, [id, owner]);
  }

  /** Moves the cursor past events it had nothing to deliver for (other types, system events). */
  async skipTo(id: string, owner: string, cursor: bigint): Promise<boolean> {
    const rows = await queryRows(this.dataSource.manager,
      `UPDATE webhook SET cursor = greatest(cursor, $3::bigint) WHERE id = $1 AND lease_owner = $2 RETURNING id`,
      [id, owner, cursor.toString()]);
    return rows.length > 0;
  }

  /** Records the attempt before it is sent: a process that dies during it leaves it PENDING. */
  async begin(webhookId: string, eventCursor: string, attempt: number): Promise<string> {
    const id = newId('whd');
    await this.dataSource.query(
      `INSERT INTO webhook_delivery (id, webhook_id, event_cursor, attempt, status) VALUES ($1, $2, $3::bigint, $4, 'PENDING')`,
      [id, webhookId, eventCursor, attempt]);
    return id;
  }

  /** The receiver acknowledged: the cursor moves past the event and the failure state clears. False: lease lost or webhook gone. */
  async delivered(id: string, owner: string, deliveryId: string, eventCursor: string, httpStatus: number | null): Promise<boolean> {
    const rows = await queryRows(this.dataSource.manager,
      `WITH attempt AS (UPDATE webhook_delivery SET status = 'DELIVERED', http_status = $5 WHERE id = $4)
       UPDATE webhook SET cursor = greatest(cursor, $3::bigint), delivered_cursor = $3::bigint, attempts = 0,
              failing_since = NULL, next_attempt_at = now()
        WHERE id = $1 AND lease_owner = $2 RETURNING id`,
      [id, owner, eventCursor, deliveryId, httpStatus]);
    return rows.length > 0;
  }

  /**
   * The attempt failed: retry after `retryInMs`, or deactivate once the event now due has failed
   * for `failureWindowMs` (the cursor stays, so re-enabling catches up). Releases the lease.
   */
  async failed(
    id: string, owner: string, deliveryId: string,
    outcome: { httpStatus: number | null; error: string | null; retryInMs: number; failureWindowMs: number },
  ): Promise<{ active: boolean } | null> {
    const [row] = await queryRows<{ active: boolean }>(this.dataSource.manager,
      `WITH attempt AS (UPDATE webhook_delivery SET status = 'FAILED', http_status = $4, error = $5 WHERE id = $3)
       UPDATE webhook SET
              attempts = attempts + 1,
              failing_since = coalesce(failing_since, now()),
              active = active AND now() - coalesce(failing_since, now()) < make_interval(secs => $7::float8 / 1000),
              next_attempt_at = now() + make_interval(secs => $6::float8 / 1000),
              lease_owner = NULL, lease_until = NULL
        WHERE id = $1 AND lease_owner = $2 RETURNING active`,
      [id, owner, deliveryId, outcome.httpStatus, outcome.error, outcome.retryInMs, outcome.failureWindowMs]);
    return row ?? null;
  }

  /** The dispatcher stopped during the attempt: recorded, the lease released, no back-off. */
  async interrupted(id: string, owner: string, deliveryId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `WITH attempt AS (UPDATE webhook_delivery SET status = 'FAILED', error = $4 WHERE id = $3)
       UPDATE webhook SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2`,
      [id, owner, deliveryId, error]);
  }

  /**
   * The log no longer holds what follows the cursor (retention pruned it while the webhook was
   * off or failing): record the gap as a FAILED delivery and resume at the oldest kept event.
   * False when the log still holds everything after the cursor.
   */
  async skipGap(id: string, owner: string, cursor: bigint): Promise<boolean> {
    const { oldest } = await logBounds(this.dataSource);
    if (oldest === null || holdsAfter({ oldest }, cursor)) return false;
    const resumeAfter = oldest - 1n;
    await this.dataSource.query(
      `WITH moved AS (UPDATE webhook SET cursor = $4::bigint WHERE id = $2 AND lease_owner = $5 AND cursor = $3::bigint RETURNING id)
       INSERT INTO webhook_delivery (id, webhook_id, event_cursor, attempt, status, error)
       SELECT $1, id, $3::bigint, 0, 'FAILED', $6 FROM moved`,
      [newId('whd'), id, cursor.toString(), resumeAfter.toString(), owner,
        `gap: the events after cursor ${cursor} up to ${resumeAfter} left the log (retention) before they were delivered; resuming at ${oldest}`]);
    return true;
  }

  /** Attempts older than the log's retention go with the events they were about. */
  async prune(days: number): Promise<number> {
    const [row] = (await this.dataSource.query(
      `WITH gone AS (DELETE FROM webhook_delivery WHERE at < now() - make_interval(days => $1) RETURNING 1)
       SELECT count(*)::int AS removed FROM gone`, [days])) as Array<{ removed: number }>;
    return row?.removed ?? 0;
  }
}
