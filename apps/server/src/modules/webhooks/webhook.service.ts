import type { DataSource } from 'typeorm';
import { badInput, notFound } from '../../errors.js';
import { queryRows } from '../../db/sql.js';
import { latestCursor } from '../../events/event-log.js';
import { SystemEventType, THREAD_EVENT_TYPES, type SystemEventData, type ThreadEventType } from '../../events/event-types.js';
import type { Transactions, Tx } from '../../events/transactions.js';
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
    private readonly transactions: Transactions,
    private readonly options: WebhookServiceOptions,
  ) {}

  /** A change admins' consoles hear of (settingsChanged), in the write's transaction. */
  private change<T>(webhookId: string | null, change: SystemEventData['WEBHOOK_CHANGED']['change'], work: (tx: Tx) => Promise<T & { id: string }>, actorId: string | null): Promise<T> {
    return this.transactions.run(async (tx) => {
      const value = await work(tx);
      tx.emit({ type: SystemEventType.WEBHOOK_CHANGED, actorId, data: { webhookId: webhookId ?? value.id, change } });
      return value;
    }).then(({ value }) => value);
  }

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
    const row = await this.change(null, 'CREATED', async ({ manager }) => {
      const [inserted] = await queryRows<WebhookRow>(manager,
        `INSERT INTO webhook (id, url, types, secret, cursor, created_by) VALUES ($1, $2, $3::text[], $4, $5::bigint, $6)
         RETURNING ${WEBHOOK_COLUMNS}`,
        [newId('whk'), url, wanted, secret, cursor, actorId],
      );
      return inserted!;
    }, actorId);
    return { secret, webhook: webhookFromRow(row) };
  }

  /**
   * Enabling a disabled webhook keeps its cursor: it catches up from where it stopped (or from
   * the oldest kept event, the gap recorded) with a fresh failure window.
   */
  async setActive(id: string, active: boolean, actorId: string | null): Promise<Webhook> {
    const row = await this.change(id, active ? 'RESUMED' : 'PAUSED', async ({ manager }) => {
      const [updated] = await queryRows<WebhookRow>(manager,
        `UPDATE webhook SET
           attempts = CASE WHEN $2 AND NOT active THEN 0 ELSE attempts END,
           failing_since = CASE WHEN $2 AND NOT active THEN NULL ELSE failing_since END,
           next_attempt_at = CASE WHEN $2 AND NOT active THEN now() ELSE next_attempt_at END,
           active = $2
         WHERE id = $1 RETURNING ${WEBHOOK_COLUMNS}`,
        [id, active],
      );
      if (!updated) throw notFound('Webhook', id);
      return updated;
    }, actorId);
    if (active) this.options.wake?.();
    return webhookFromRow(row);
  }

  /** Its deliveries go with it; a delivery in flight finds it gone and stops. */
  async delete(id: string, actorId: string | null): Promise<boolean> {
    await this.change(id, 'DELETED', async ({ manager }) => {
      const [deleted] = await queryRows<{ id: string }>(manager, `DELETE FROM webhook WHERE id = $1 RETURNING id`, [id]);
      if (!deleted) throw notFound('Webhook', id);
      return deleted;
    }, actorId);
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
