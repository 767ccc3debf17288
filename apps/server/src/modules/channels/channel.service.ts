import type { DataSource } from 'typeorm';
import type { Transactions } from '../../events/transactions.js';
import { SystemEventType } from '../../events/event-types.js';
import { badInput, notFound } from '../../errors.js';
import { Channel } from './channel.entity.js';

/** 30 days: beyond that a "response target" is no promise at all. */
export const MAX_TARGET_SECONDS = 30 * 24 * 3600;

/** Channels: their response targets and the queue their new threads join. */
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

  /** Applies to messages that arrive afterwards: a waiting thread keeps the due time it has. */
  setTarget(channelId: string, seconds: number, actorId: string | null): Promise<Channel> {
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_TARGET_SECONDS) {
      throw badInput('responseTargetSeconds', `must be a whole number of seconds from 1 to ${MAX_TARGET_SECONDS}`);
    }
    return this.change(channelId, actorId, async (manager) => {
      await manager.query(`UPDATE channel SET response_target_seconds = $2 WHERE id = $1`, [channelId, seconds]);
      return { responseTargetSeconds: seconds };
    });
  }

  setQueue(channelId: string, queueId: string, actorId: string | null): Promise<Channel> {
    return this.change(channelId, actorId, async (manager) => {
      const queue: unknown[] = await manager.query(`SELECT 1 FROM queue WHERE id = $1`, [queueId]);
      if (queue.length === 0) throw badInput('queueId', `unknown queue ${queueId}`);
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
      const rows: Array<{ response_target_seconds: number; queue_id: string }> = await manager.query(
        `SELECT response_target_seconds, queue_id FROM channel WHERE id = $1 FOR UPDATE`, [channelId]);
      const before = rows[0];
      if (!before) throw notFound('Channel', channelId);
      const after = await apply(manager);
      emit({
        type: SystemEventType.CHANNEL_CHANGED,
        actorId,
        data: { channelId, before: { responseTargetSeconds: before.response_target_seconds, queueId: before.queue_id }, after },
      });
    });
    return this.dataSource.getRepository(Channel).findOneByOrFail({ id: channelId });
  }
}
