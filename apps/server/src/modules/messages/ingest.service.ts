import type { EntityManager } from 'typeorm';
import type { Transactions, Tx } from '../../events/transactions.js';
import { badInput } from '../../errors.js';
import { newId } from '../../ids.js';
import type { ChannelKind } from '../channels/channel.entity.js';
import { AddressError, normalizeAddress } from '../customers/addresses.js';
import { followCustomer } from '../customers/customer-merge.js';
import { ThreadEventType } from '../threads/thread.enums.js';
import { lockOpenThreadOf, type LockedThread } from '../threads/thread-state.js';
import { createThread, writeThread } from '../threads/thread-writer.js';
import { dueAt, startOrExtend } from '../threads/wait-clock.js';
import { EFFECTIVE_PRESENCE_SQL } from '../agents/presence.js';
import type { InboundMessageInput } from './ingest.inputs.js';
import { checkBody, optionalText } from './message-limits.js';

/** How far in the future a channel's clock may be from ours. */
export const RECEIVED_AT_SKEW_MS = 60_000;
/** A gateway may deliver late, but not a message from before the product could have promised anything. */
export const RECEIVED_AT_MAX_AGE_MS = 365 * 24 * 3600_000;

export interface IngestResult {
  messageId: string;
  threadId: string;
  duplicate: boolean;
  lastEventId: string | null;
}

interface Normalized {
  channelKind: ChannelKind;
  channelId: string | null;
  address: string;
  fromName: string | null;
  body: string;
  externalId: string;
  subject: string | null;
  receivedAt: Date;
}

const RETRYABLE = new Set(['message_inbound_external_key', 'customer_identity_pkey', 'thread_one_open_per_customer']);

/** A customer's message from a channel becomes part of their one open thread (DESIGN.md, "Data"). */
export class IngestService {
  constructor(private readonly transactions: Transactions) {}

  async receive(input: InboundMessageInput): Promise<IngestResult> {
    const normalized = normalize(input);
    // Deliveries of one sender are serialized by a lock, so races end as duplicates; a race the
    // lock cannot see (one externalId from two senders, one customer via two identities) loses on
    // a unique index and is retried once, when it finds the winner's rows.
    for (let attempt = 1; ; attempt++) {
      try {
        const { value, lastEventId } = await this.transactions.run((tx) => this.ingest(tx, normalized));
        return { ...value, lastEventId };
      } catch (error) {
        const constraint = (error as { constraint?: string }).constraint;
        if (attempt < 3 && constraint && RETRYABLE.has(constraint)) continue;
        throw error;
      }
    }
  }

  private async ingest(tx: Tx, input: Normalized): Promise<Omit<IngestResult, 'lastEventId'>> {
    const { manager } = tx;
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`sender:${input.channelKind}:${input.address}`]);

    // One statement: is it a redelivery, which channel, and which customer (if known).
    const [known]: Array<{ duplicate: { id: string; thread_id: string } | null; channel: ChannelRow | null; customer_id: string | null }> =
      await manager.query(
        `SELECT
           (SELECT json_build_object('id', m.id, 'thread_id', m.thread_id) FROM message m
             WHERE m.kind = 'INBOUND' AND m.channel_kind = $1 AND m.external_id = $2) AS duplicate,
           (SELECT json_build_object('id', c.id, 'kind', c.kind, 'queue_id', c.queue_id, 'response_target_seconds', c.response_target_seconds)
              FROM channel c WHERE CASE WHEN $3::text IS NULL THEN c.kind = $1 ELSE c.id = $3 END ORDER BY c.created_at, c.id LIMIT 1) AS channel,
           (SELECT ci.customer_id FROM customer_identity ci WHERE ci.channel_kind = $1 AND ci.address = $4) AS customer_id`,
        [input.channelKind, input.externalId, input.channelId, input.address]);
    if (known?.duplicate) return { messageId: known.duplicate.id, threadId: known.duplicate.thread_id, duplicate: true };
    const channel = checkChannel(input, known?.channel ?? null);
    // A customer being merged is waited for, and a merged one followed to its survivor.
    const customerId = known?.customer_id ? await followCustomer(manager, known.customer_id) : await this.newCustomer(manager, input);

    // The open thread's row lock serializes one customer's messages, whichever identity they come
    // from; two first messages racing to create it meet on a unique index and the loser retries.
    const before = (await lockOpenThreadOf(manager, customerId))
      ?? await createThread(tx, { customerId, queueId: channel.queue_id, channelId: channel.id, subject: input.subject, receivedAt: input.receivedAt });

    const messageId = newId('msg');
    const due = dueAt(input.receivedAt, channel.response_target_seconds);
    await manager.query(
      `INSERT INTO message (id, thread_id, kind, channel_id, channel_kind, body, external_id, received_at, response_due_at)
       VALUES ($1, $2, 'INBOUND', $3, $4, $5, $6, $7, $8)`,
      [messageId, before.id, channel.id, input.channelKind, input.body, input.externalId, input.receivedAt, due],
    );
    const after = await writeThread(tx, before, {
      type: ThreadEventType.MESSAGE_RECEIVED,
      messageId,
      wait: startOrExtend({ receivedAt: input.receivedAt, due, channelId: channel.id }),
      set: (params) => {
        const received = params.add(input.receivedAt, 'timestamptz');
        const channelId = params.add(channel.id);
        return [
          `status = CASE WHEN status = 'PENDING' THEN 'OPEN'::thread_status ELSE status END`,
          // The thread follows the channel the customer wrote on last.
          `channel_id = CASE WHEN last_inbound_at IS NULL OR ${received} >= last_inbound_at THEN ${channelId} ELSE channel_id END`,
          `last_inbound_at = greatest(last_inbound_at, ${received})`,
          `subject = coalesce(subject, ${params.add(input.subject)})`,
          'last_activity_at = now()',
        ];
      },
    });
    if (after.ownerId) await this.releaseIfOwnerOffline(tx, after);
    return { messageId, threadId: after.id, duplicate: false };
  }

  /**
   * A customer who writes to an agent that no console shows online would be stranded: the thread
   * goes back to its queue, with a SYSTEM message that says why (DESIGN.md, "Who may do what").
   */
  private async releaseIfOwnerOffline(tx: Tx, thread: LockedThread): Promise<void> {
    const { manager } = tx;
    const [owner] = await manager.query(
      `SELECT a.name, ${EFFECTIVE_PRESENCE_SQL} AS presence, q.name AS queue FROM agent a, queue q WHERE a.id = $1 AND q.id = $2`,
      [thread.ownerId, thread.queueId]);
    if (!owner || owner.presence !== 'OFFLINE') return;
    const messageId = newId('msg');
    await manager.query(
      `INSERT INTO message (id, thread_id, kind, channel_id, channel_kind, body) VALUES ($1, $2, 'SYSTEM', $3, $4, $5)`,
      [messageId, thread.id, thread.channelId, thread.channelKind,
        `${owner.name} is offline, so the customer's message returned this thread to the ${owner.queue} queue.`]);
    await writeThread(tx, thread, { type: ThreadEventType.RELEASED, actorId: null, messageId, set: () => ['owner_id = NULL'] });
  }

  private async newCustomer(manager: EntityManager, input: Normalized): Promise<string> {
    const id = newId('cus');
    await manager.query(`INSERT INTO customer (id, name) VALUES ($1, $2)`, [id, input.fromName ?? input.address]);
    await manager.query(
      `INSERT INTO customer_identity (customer_id, channel_kind, address) VALUES ($1, $2, $3)`, [id, input.channelKind, input.address]);
    return id;
  }
}

interface ChannelRow {
  id: string;
  kind: ChannelKind;
  queue_id: string;
  response_target_seconds: number;
}

function checkChannel(input: Normalized, channel: ChannelRow | null): ChannelRow {
  if (!channel) {
    throw input.channelId
      ? badInput('input.channelId', `unknown channel ${input.channelId}`)
      : badInput('input.channelKind', `no ${input.channelKind} channel is configured`);
  }
  if (channel.kind !== input.channelKind) {
    throw badInput('input.channelId', `channel ${channel.id} is ${channel.kind}, not ${input.channelKind}`);
  }
  return channel;
}

function normalize(input: InboundMessageInput): Normalized {
  let address: string;
  try {
    address = normalizeAddress(input.channelKind, input.from);
  } catch (error) {
    if (error instanceof AddressError) throw badInput('input.from', error.message);
    throw error;
  }
  const externalId = optionalText(input.externalId, 'input.externalId', 255);
  if (externalId === null) throw badInput('input.externalId', 'must not be blank');
  const receivedAt = input.receivedAt ?? new Date();
  if (Number.isNaN(receivedAt.getTime())) throw badInput('input.receivedAt', 'must be an instant');
  if (receivedAt.getTime() > Date.now() + RECEIVED_AT_SKEW_MS) {
    throw badInput('input.receivedAt', `must not be more than ${RECEIVED_AT_SKEW_MS / 1000} s in the future`);
  }
  if (receivedAt.getTime() < Date.now() - RECEIVED_AT_MAX_AGE_MS) {
    throw badInput('input.receivedAt', 'must not be more than a year in the past');
  }
  return {
    channelKind: input.channelKind,
    channelId: input.channelId ?? null,
    address,
    fromName: optionalText(input.fromName, 'input.fromName', 200),
    body: checkBody(input.body, 'input.body'),
    externalId,
    subject: optionalText(input.subject, 'input.subject', 500),
    receivedAt,
  };
}
