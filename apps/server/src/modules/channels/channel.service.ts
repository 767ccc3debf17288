import { INPUT_LIMITS } from '@switchboard/schema';
import type { DataSource } from 'typeorm';
import type { Transactions } from '../../events/transactions.js';
import { SystemEventType } from '../../events/event-types.js';
import { badInput, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import { requireText } from '../agents/agent.service.js';
import { Channel, type ChannelKind } from './channel.entity.js';

export const MAX_TARGET_SECONDS = INPUT_LIMITS.responseTargetMaxSeconds;

const MAX_CHANNEL_NAME = INPUT_LIMITS.name;

function checkTarget(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_TARGET_SECONDS) {
    throw badInput('responseTargetSeconds', `must be a whole number of seconds from 1 to ${MAX_TARGET_SECONDS}`);
  }
  return seconds;
}

/** Channels: their names, response targets and the queue their new threads join. */
export class ChannelService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
  ) {}

  list(): Promise<Channel[]> {
    return this.dataSource.getRepository(Channel).find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async byIds(ids: readonly string[]): Promise<Map<string, Channel>> {
    const rows = await this.dataSource.getRepository(Channel).createQueryBuilder('c').where('c.id = ANY(:ids)', { ids }).getMany();
    return new Map(rows.map((channel) => [channel.id, channel]));
  }

  /**
   * Another channel, e.g. a second SMS number or another inbox. A gateway names it with
   * `channelId` in receiveMessage; without one, a kind's first channel takes the message.
   */
  async create(input: { kind: ChannelKind; name: string; responseTargetSeconds: number; queueId: string }, actorId: string | null): Promise<Channel> {
    const name = requireText('name', input.name, MAX_CHANNEL_NAME);
    const seconds = checkTarget(input.responseTargetSeconds);
    const id = newId('chn');
    await this.transactions.run(async ({ manager, emit }) => {
      await checkQueue(manager, input.queueId);
      await checkNameFree(manager, name, null);
      await manager.query(
        `INSERT INTO channel (id, kind, name, response_target_seconds, queue_id) VALUES ($1, $2, $3, $4, $5)`,
        [id, input.kind, name, seconds, input.queueId]);
      emit({ type: SystemEventType.CHANNEL_CREATED, actorId, data: { channelId: id, kind: input.kind, name, responseTargetSeconds: seconds, queueId: input.queueId } });
    }).catch(rethrowTakenName(name));
    return this.dataSource.getRepository(Channel).findOneByOrFail({ id });
  }

  rename(channelId: string, rawName: string, actorId: string | null): Promise<Channel> {
    const name = requireText('name', rawName, MAX_CHANNEL_NAME);
    return this.change(channelId, actorId, async (manager) => {
      await checkNameFree(manager, name, channelId);
      await manager.query(`UPDATE channel SET name = $2 WHERE id = $1`, [channelId, name]);
      return { name };
    }).catch(rethrowTakenName(name));
  }

  /** Applies to messages that arrive afterwards: a waiting thread keeps the due time it has. */
  setTarget(channelId: string, rawSeconds: number, actorId: string | null): Promise<Channel> {
    const seconds = checkTarget(rawSeconds);
    return this.change(channelId, actorId, async (manager) => {
      await manager.query(`UPDATE channel SET response_target_seconds = $2 WHERE id = $1`, [channelId, seconds]);
      return { responseTargetSeconds: seconds };
    });
  }

  setQueue(channelId: string, queueId: string, actorId: string | null): Promise<Channel> {
    return this.change(channelId, actorId, async (manager) => {
      await checkQueue(manager, queueId);
      await manager.query(`UPDATE channel SET queue_id = $2 WHERE id = $1`, [channelId, queueId]);
      return { queueId };
    });
  }

  private async change(
    channelId: string,
    actorId: string | null,
    apply: (manager: import('typeorm').EntityManager) => Promise<Record<string, unknown>>,
  ): Promise<Channel> {
    await this.transactions.run(async ({ manager, emit }) => {
      const rows: Array<{ name: string; response_target_seconds: number; queue_id: string }> = await manager.query(
        `SELECT name, response_target_seconds, queue_id FROM channel WHERE id = $1 FOR UPDATE`, [channelId]);
      const before = rows[0];
      if (!before) throw notFound('Channel', channelId);
      const after = await apply(manager);
      emit({
        type: SystemEventType.CHANNEL_CHANGED,
        actorId,
        data: { channelId, before: { name: before.name, responseTargetSeconds: before.response_target_seconds, queueId: before.queue_id }, after },
      });
    });
    return this.dataSource.getRepository(Channel).findOneByOrFail({ id: channelId });
  }
}

type Manager = import('typeorm').EntityManager;

async function checkQueue(manager: Manager, queueId: string): Promise<void> {
  const queue: unknown[] = await manager.query(`SELECT 1 FROM queue WHERE id = $1`, [queueId]);
  if (queue.length === 0) throw badInput('queueId', `unknown queue ${queueId}`);
}

/** Names tell channels of one kind apart on every screen: unique, ignoring case. */
async function checkNameFree(manager: Manager, name: string, exceptId: string | null): Promise<void> {
  const taken: unknown[] = await manager.query(
    `SELECT 1 FROM channel WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2`, [name, exceptId]);
  if (taken.length > 0) throw badInput('name', `a channel named "${name}" already exists`);
}

/** Two concurrent writes of one name: the unique index decides; answer as the check would. */
function rethrowTakenName(name: string) {
  return (error: unknown): never => {
    if ((error as { constraint?: string }).constraint === 'channel_name_key') {
      throw badInput('name', `a channel named "${name}" already exists`);
    }
    throw error;
  };
}
