import type { EntityManager } from 'typeorm';
import { queryRows } from '../../db/sql.js';
import type { Transactions, Tx } from '../../events/transactions.js';
import { SystemEventType, ThreadEventType } from '../../events/event-types.js';
import { badInput, invalidState, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import { lockThread, type LockedThread } from '../threads/thread-state.js';
import { writeThread } from '../threads/thread-writer.js';
import { absorb, handOver } from '../threads/wait-clock.js';

interface CustomerLock { id: string; name: string; merged_into_id: string | null }

/**
 * Folds customer `fromId` into `intoId` (contract: mergeCustomers), in one transaction: the
 * identities and threads move over, and `from` is marked merged into `into` (and so is anyone
 * merged into `from` before). When both have a thread that is not RESOLVED, the one opened later
 * hands its messages to the older one with a SYSTEM line and is RESOLVED, so one open thread per
 * customer still holds; the older takes over its wait (wait-clock.ts `absorb`).
 *
 * Locks, in DESIGN.md's order: the two customer rows by id, then their open threads by id. Ingest
 * and addCustomerIdentity share-lock the customer row they resolved (followCustomer), so a message
 * racing a merge waits for it and then lands in `into`'s thread.
 */
export async function mergeCustomers(
  transactions: Transactions,
  visible: (manager: EntityManager, ids: string[]) => Promise<Set<string>>,
  actorId: string | null,
  intoId: string,
  fromId: string,
): Promise<void> {
  if (intoId === fromId) throw badInput('fromId', 'is the customer to merge into: pick another one');
  await transactions.run(async (tx) => {
    const { manager } = tx;
    const locked = await queryRows<CustomerLock>(manager,
      `SELECT id, name, merged_into_id FROM customer WHERE id = ANY($1) ORDER BY id FOR UPDATE`, [[intoId, fromId]]);
    const seen = await visible(manager, [intoId, fromId]);
    for (const id of [intoId, fromId]) {
      const row = locked.find((customer) => customer.id === id);
      if (!row || !seen.has(id)) throw notFound('Customer', id);
      if (row.merged_into_id) throw invalidState(`Customer ${id} was merged into ${row.merged_into_id} already`);
    }
    const from = locked.find((customer) => customer.id === fromId)!;

    // Every thread that changes, locked in id order: `from`'s, and `into`'s open one.
    const ids = await queryRows<{ id: string }>(manager,
      `SELECT id FROM thread WHERE customer_id = $2 OR (customer_id = $1 AND status <> 'RESOLVED') ORDER BY id`, [intoId, fromId]);
    const threads: LockedThread[] = [];
    for (const { id } of ids) threads.push((await lockThread(manager, id))!);
    const intoOpen = threads.find((thread) => thread.customerId === intoId);
    const fromOpen = threads.find((thread) => thread.customerId === fromId && thread.status !== 'RESOLVED');

    await manager.query(`UPDATE customer_identity SET customer_id = $1 WHERE customer_id = $2`, [intoId, fromId]);
    const note = `${from.name} was merged into this customer`;
    if (intoOpen && fromOpen) {
      await foldThreads(tx, intoOpen, fromOpen, from.name, intoId, actorId);
    } else if (fromOpen) {
      await writeThread(tx, fromOpen, {
        type: ThreadEventType.CUSTOMER_MERGED, actorId, note, set: (params) => [`customer_id = ${params.add(intoId)}`],
      });
    }
    // Past threads follow too, through the thread writer like every thread change (an event each).
    for (const thread of threads.filter((t) => t.customerId === fromId && t.status === 'RESOLVED' && t.id !== fromOpen?.id)) {
      await writeThread(tx, thread, { type: ThreadEventType.CUSTOMER_MERGED, actorId, note, set: (params) => [`customer_id = ${params.add(intoId)}`] });
    }
    await manager.query(`UPDATE customer SET merged_into_id = $1, updated_at = now() WHERE id = $2 OR merged_into_id = $2`, [intoId, fromId]);
    tx.emit({ type: SystemEventType.CUSTOMERS_MERGED, actorId, data: { intoId, fromId } });
  });
}

/**
 * The customer a message or an identity for `customerId` belongs to now: share-locks the row (so
 * a merge of it waits, or is waited for) and follows a merge to its survivor.
 */
export async function followCustomer(manager: EntityManager, customerId: string): Promise<string> {
  for (let id = customerId; ;) {
    const [row] = await queryRows<{ merged_into_id: string | null }>(manager, `SELECT merged_into_id FROM customer WHERE id = $1 FOR SHARE`, [id]);
    if (!row?.merged_into_id) return id;
    id = row.merged_into_id;
  }
}

/** Both customers have an open thread: the newer one's messages and wait go to the older. */
async function foldThreads(tx: Tx, intoOpen: LockedThread, fromOpen: LockedThread, fromName: string, intoId: string, actorId: string | null): Promise<void> {
  const { manager } = tx;
  const ages = await queryRows<{ id: string }>(manager,
    `SELECT id FROM thread WHERE id = ANY($1) ORDER BY created_at, id`, [[intoOpen.id, fromOpen.id]]);
  const [older, newer] = ages[0]!.id === intoOpen.id ? [intoOpen, fromOpen] : [fromOpen, intoOpen];
  const moved = await queryRows<{ id: string }>(manager, `UPDATE message SET thread_id = $1 WHERE thread_id = $2 RETURNING id`, [older.id, newer.id]);
  const messageId = newId('msg');
  await manager.query(
    `INSERT INTO message (id, thread_id, kind, channel_id, channel_kind, author_id, body) VALUES ($1, $2, 'SYSTEM', $3, $4, $5, $6)`,
    [messageId, older.id, older.channelId, older.channelKind, actorId,
      `${fromName} was merged into this customer: ${moved.length} message${moved.length === 1 ? '' : 's'} of their other conversation moved here.`]);
  // The newer one is done first (one open thread per customer holds at every statement); its
  // wait is handed over, then the older thread takes it: as if those messages had arrived there.
  await writeThread(tx, newer, {
    type: ThreadEventType.CUSTOMER_MERGED, actorId, note: `Merged into thread ${older.id}`, wait: handOver(),
    set: (params) => [`customer_id = ${params.add(intoId)}`, `status = 'RESOLVED'::thread_status`],
  });
  await writeThread(tx, older, {
    type: ThreadEventType.CUSTOMER_MERGED, actorId, messageId, wait: absorb(newer),
    set: (params) => [
      `customer_id = ${params.add(intoId)}`,
      ...(newer.waitingSince ? [`status = 'OPEN'::thread_status`] : []),
      'last_activity_at = now()',
    ],
  });
}
