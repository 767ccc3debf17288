import type { EntityManager } from 'typeorm';
import type { Transactions } from '../../events/transactions.js';
import { DomainError, badInput, ErrorCode, invalidState, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import { actorIdOf, type Actor, type AgentIdentity } from '../auth/actor.js';
import type { ChannelKind } from '../channels/channel.entity.js';
import { requireParticipant, requireVisible } from '../threads/thread-access.js';
import { ThreadEventType, ThreadStatus } from '../threads/thread.enums.js';
import { lockThread, type LockedThread } from '../threads/thread-state.js';
import { writeThread } from '../threads/thread-writer.js';
import { answer, firstResponseWithout, restore, stoppedBy } from '../threads/wait-clock.js';
import { DeliveryStatus, MessageKind } from './message.model.js';
import { checkBody, optionalText } from './message-limits.js';

export interface MessageChange {
  messageId: string;
  threadId: string;
  cursor: string;
}

/** Where a delivery may go next: forward only; DELIVERED and FAILED are final. */
const NEXT_DELIVERY: Record<DeliveryStatus, DeliveryStatus[]> = {
  QUEUED: [DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.FAILED],
  SENT: [DeliveryStatus.DELIVERED, DeliveryStatus.FAILED],
  DELIVERED: [],
  FAILED: [],
};

/** Writing on a thread: replies to the customer, internal notes, and how delivery went. */
export class ReplyService {
  constructor(private readonly transactions: Transactions) {}

  /**
   * Answers the customer on the thread's channel or another one they have an identity on. Stops
   * the wait clock at commit; a retry with the same idempotency key returns the first reply.
   */
  async reply(actor: AgentIdentity, threadId: string, input: { body: string; channelKind?: ChannelKind | null; idempotencyKey?: string | null }): Promise<MessageChange> {
    const body = checkBody(input.body);
    const idempotencyKey = optionalText(input.idempotencyKey, 'idempotencyKey', 200);
    const { value, lastEventId } = await this.transactions.run(async (tx) => {
      const { manager } = tx;
      const before = await requireVisible(manager, actor, threadId, await lockThread(manager, threadId));
      requireParticipant(actor, before);
      if (idempotencyKey) {
        const [earlier] = await manager.query(
          `SELECT m.id, (SELECT max(e.id)::text FROM event e WHERE e.message_id = m.id) AS cursor
             FROM message m WHERE m.thread_id = $1 AND m.kind = 'REPLY' AND m.idempotency_key = $2`, [threadId, idempotencyKey]);
        // The thread lock serializes retries: a second one always finds the first.
        if (earlier) return { messageId: earlier.id as string, cursor: earlier.cursor as string };
      }
      if (before.status === ThreadStatus.RESOLVED) throw invalidState('The thread is RESOLVED: reopen it first');
      const route = await routeReply(manager, before, input.channelKind ?? null);
      const messageId = newId('msg');
      const stopped = stoppedBy(before);
      await manager.query(
        `INSERT INTO message (id, thread_id, kind, channel_id, channel_kind, author_id, body, to_address, delivery_status,
                              idempotency_key, stopped_waiting_since, stopped_response_due_at, stopped_wait_channel_id)
         VALUES ($1, $2, 'REPLY', $3, $4, $5, $6, $7, 'QUEUED', $8, $9, $10, $11)`,
        [messageId, threadId, route.channelId, route.kind, actor.agentId, body, route.address, idempotencyKey,
          stopped.waitingSince, stopped.responseDueAt, stopped.waitChannelId],
      );
      await writeThread(tx, before, {
        type: ThreadEventType.REPLIED, actorId: actor.agentId, messageId,
        wait: answer({ agentId: actor.agentId, messageId }), set: () => ['last_activity_at = now()'],
      });
      return { messageId, cursor: null as string | null };
    });
    return { messageId: value.messageId, threadId, cursor: lastEventId ?? value.cursor ?? '0' };
  }

  /** Internal: never sent, does not touch the wait clock. Any member of the queue may write one. */
  async addNote(actor: AgentIdentity, threadId: string, rawBody: string): Promise<MessageChange> {
    const body = checkBody(rawBody);
    const { value, lastEventId } = await this.transactions.run(async (tx) => {
      const { manager } = tx;
      const before = await requireVisible(manager, actor, threadId, await lockThread(manager, threadId));
      if (before.status === ThreadStatus.RESOLVED) throw invalidState('The thread is RESOLVED: reopen it first');
      const messageId = newId('msg');
      await manager.query(
        `INSERT INTO message (id, thread_id, kind, channel_id, channel_kind, author_id, body) VALUES ($1, $2, 'NOTE', $3, $4, $5, $6)`,
        [messageId, threadId, before.channelId, before.channelKind, actor.agentId, body]);
      await writeThread(tx, before, { type: ThreadEventType.NOTE_ADDED, actorId: actor.agentId, messageId, set: () => ['last_activity_at = now()'] });
      return messageId;
    });
    return { messageId: value, threadId, cursor: lastEventId ?? '0' };
  }

  /**
   * A gateway reports how delivery went. A FAILED reply restores the wait clock it had stopped:
   * the customer never got that answer.
   */
  async setDelivery(actor: Actor, messageId: string, status: DeliveryStatus, externalId?: string | null, error?: string | null): Promise<MessageChange> {
    const gatewayId = optionalText(externalId, 'externalId', 255);
    const reason = optionalText(error, 'error', 2000);
    const { value, lastEventId } = await this.transactions.run(async (tx) => {
      const { manager } = tx;
      const [located] = await manager.query(`SELECT thread_id FROM message WHERE id = $1`, [messageId]);
      if (!located) throw notFound('Message', messageId);
      // Lock order: the thread first, then its message.
      const before = await requireVisible(manager, actor, located.thread_id, await lockThread(manager, located.thread_id));
      const [message] = await manager.query(
        `SELECT kind, delivery_status, stopped_waiting_since, stopped_response_due_at, stopped_wait_channel_id
           FROM message WHERE id = $1 FOR UPDATE`, [messageId]);
      if (message.kind !== MessageKind.REPLY) throw badInput('messageId', `${messageId} is not a REPLY; only replies are delivered`);
      const current = message.delivery_status as DeliveryStatus;
      if (current === status && gatewayId === null) return before.id;
      if (current !== status && !NEXT_DELIVERY[current].includes(status)) {
        throw invalidState(`Delivery is ${current}; it cannot become ${status}`);
      }
      await manager.query(
        `UPDATE message SET delivery_status = $2, external_id = coalesce($3, external_id), delivery_error = coalesce($4, delivery_error) WHERE id = $1`,
        [messageId, status, gatewayId, reason]);
      // The customer never got a reply that failed: the wait it had ended starts again.
      const reopensWait = status === DeliveryStatus.FAILED && current !== DeliveryStatus.FAILED &&
        before.status === ThreadStatus.OPEN && message.stopped_waiting_since !== null;
      await writeThread(tx, before, {
        type: ThreadEventType.DELIVERY_CHANGED,
        actorId: actorIdOf(actor),
        messageId,
        note: reason,
        set: status === DeliveryStatus.FAILED && current !== DeliveryStatus.FAILED ? firstResponseWithout(messageId) : undefined,
        wait: reopensWait ? restore({
          messageId, waitingSince: message.stopped_waiting_since, responseDueAt: message.stopped_response_due_at, waitChannelId: message.stopped_wait_channel_id,
        }) : undefined,
      });
      return before.id;
    });
    return { messageId, threadId: value, cursor: lastEventId ?? '0' };
  }
}

/** The thread's channel, or the first channel of `kind`, and the customer's address there. */
async function routeReply(manager: EntityManager, thread: LockedThread, kind: ChannelKind | null): Promise<{ channelId: string; kind: ChannelKind; address: string }> {
  const [current] = await manager.query(`SELECT id, kind FROM channel WHERE id = $1`, [thread.channelId]);
  const wanted: ChannelKind = kind ?? current.kind;
  const [identity] = await manager.query(
    `SELECT address FROM customer_identity WHERE customer_id = $1 AND channel_kind = $2 ORDER BY created_at, address LIMIT 1`,
    [thread.customerId, wanted]);
  if (!identity) {
    throw new DomainError(ErrorCode.NO_CUSTOMER_IDENTITY, `The customer has no ${wanted} address: add one first (addCustomerIdentity)`, { channelKind: wanted });
  }
  if (wanted === current.kind) return { channelId: current.id, kind: wanted, address: identity.address };
  const [channel] = await manager.query(`SELECT id FROM channel WHERE kind = $1 ORDER BY created_at, id LIMIT 1`, [wanted]);
  if (!channel) throw badInput('channelKind', `no ${wanted} channel is configured`);
  return { channelId: channel.id, kind: wanted, address: identity.address };
}

