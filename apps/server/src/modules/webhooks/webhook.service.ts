import type { DataSource } from 'typeorm';
import { badInput, notFound } from '../../errors.js';
import { queryRows } from '../../db/sql.js';
import { latestCursor } from '../../events/event-log.js';
import { THREAD_EVENT_TYPES, type ThreadEventType } from '../../events/event-types.js';
import { newId } from '../../ids.js';
import { checkWebhookUrl, type LookupAll } from './webhook-url.js';
import { newWebhookSecret } from './webhook-signer.js';
import {
  deliveryFromRow, WEBHOOK_COLUMNS, webhookFromRow, type Webhook, type WebhookDelivery, type WebhookDeliveryRow,
  type WebhookPayload, type WebhookRow,
} from './webhook.model.js';

export const MAX_DELIVERIES_PAGE = 500;
const MAX_WEBHOOKS = 100;

export interface WebhookServiceOptions {
  /** SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE: loopback and private targets are allowed (tests, one network). */
  allowPrivate: boolean;
  /** How a host is resolved for the address check (tests inject one). */
  lookup?: LookupAll;
  /** Called after a change that gives the dispatcher work (a webhook enabled). */
  wake?: () => void;
}

/** Webhooks as an ADMIN manages them; delivery is the dispatcher's (webhook-dispatcher.ts). */
export class WebhookService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly options: WebhookServiceOptions,
  ) {}

  async list(): Promise<Webhook[]> {
    const rows: WebhookRow[] = await this.dataSource.query(`SELECT ${WEBHOOK_COLUMNS} FROM webhook ORDER BY created_at, id`);
    return rows.map(webhookFromRow);
  }

  /** A new webhook starts at the log's latest event: it receives what happens from now on, no history. */
  async create(rawUrl: string, types: readonly ThreadEventType[] | null | undefined, actorId: string | null): Promise<WebhookPayload> {
    const url = await checkWebhookUrl(rawUrl, { allowPrivate: this.options.allowPrivate, lookup: this.options.lookup });
    const wanted = [...new Set(types ?? [])];
    const unknown = wanted.filter((type) => !THREAD_EVENT_TYPES.includes(type));
    if (unknown.length > 0) throw badInput('types', `unknown event type ${unknown.join(', ')}`);
    const [{ count }] = (await this.dataSource.query(`SELECT count(*)::int AS count FROM webhook`)) as [{ count: number }];
    if (count >= MAX_WEBHOOKS) throw badInput('url', `at most ${MAX_WEBHOOKS} webhooks may exist; delete one first`);
    const secret = newWebhookSecret();
    const cursor = await latestCursor(this.dataSource);
    const [row]: WebhookRow[] = await this.dataSource.query(
      `INSERT INTO webhook (id, url, types, secret, cursor, created_by) VALUES ($1, $2, $3::text[], $4, $5::bigint, $6)
       RETURNING ${WEBHOOK_COLUMNS}`,
      [newId('whk'), url, wanted, secret, cursor, actorId],
    );
    return { secret, webhook: webhookFromRow(row!) };
  }

  /**
   * Enabling a disabled webhook keeps its cursor: it catches up from where it stopped (or from
   * the oldest kept event, the gap recorded) with a fresh failure window.
   */
  async setActive(id: string, active: boolean): Promise<Webhook> {
    const [row] = await queryRows<WebhookRow>(this.dataSource.manager,
      `UPDATE webhook SET
         attempts = CASE WHEN $2 AND NOT active THEN 0 ELSE attempts END,
         failing_since = CASE WHEN $2 AND NOT active THEN NULL ELSE failing_since END,
         next_attempt_at = CASE WHEN $2 AND NOT active THEN now() ELSE next_attempt_at END,
         active = $2
       WHERE id = $1 RETURNING ${WEBHOOK_COLUMNS}`,
      [id, active],
    );
    if (!row) throw notFound('Webhook', id);
    if (active) this.options.wake?.();
    return webhookFromRow(row);
  }

  /** Its deliveries go with it; a delivery in flight finds it gone and stops. */
  async delete(id: string): Promise<boolean> {
    const rows = await queryRows(this.dataSource.manager, `DELETE FROM webhook WHERE id = $1 RETURNING id`, [id]);
    if (rows.length === 0) throw notFound('Webhook', id);
    return true;
  }

  /** Every attempt, newest first. */
  async deliveries(webhookId: string, first: number): Promise<WebhookDelivery[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_DELIVERIES_PAGE) {
      throw badInput('first', `must be from 1 to ${MAX_DELIVERIES_PAGE}`);
    }
    const found: unknown[] = await this.dataSource.query(`SELECT 1 FROM webhook WHERE id = $1`, [webhookId]);
    if (found.length === 0) throw notFound('Webhook', webhookId);
    const rows: WebhookDeliveryRow[] = await this.dataSource.query(
      `SELECT id, event_cursor::text AS event_cursor, attempt, status, http_status, error, at
         FROM webhook_delivery WHERE webhook_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
      [webhookId, first],
    );
    return rows.map(deliveryFromRow);
  }
}
