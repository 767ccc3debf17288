import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { actorIdOf } from '../auth/actor.js';
import { notFound } from '../../errors.js';
import { AgentRole } from '../agents/agent.entity.js';
import { Queue } from '../queues/queue.entity.js';
import { Channel } from './channel.entity.js';
import { CreateChannelInput } from './channel.inputs.js';
import type { ChannelService } from './channel.service.js';

@Resolver(() => Channel)
export class ChannelResolver {
  constructor(private readonly service: ChannelService) {}

  @Authorized()
  @Query(() => [Channel])
  channels(): Promise<Channel[]> {
    return this.service.list();
  }

  @Authorized(AgentRole.ADMIN)
  @Mutation(() => Channel, {
    nullable: true,
    description: 'ADMIN. Another channel of a kind (a second SMS number, another inbox); gateways name it with `channelId` in receiveMessage.',
  })
  createChannel(@Arg('input') input: CreateChannelInput, @Ctx() { actor }: Context): Promise<Channel> {
    return this.service.create(input, actorIdOf(actor!));
  }

  @Authorized(AgentRole.ADMIN)
  @Mutation(() => Channel, { nullable: true, description: 'ADMIN. Names are unique, ignoring case.' })
  renameChannel(@Arg('id', () => ID) id: string, @Arg('name') name: string, @Ctx() { actor }: Context): Promise<Channel> {
    return this.service.rename(id, name, actorIdOf(actor!));
  }

  @Authorized(AgentRole.ADMIN)
  @Mutation(() => Channel, { nullable: true })
  setChannelTarget(
    @Arg('channelId', () => ID) channelId: string,
    @Arg('responseTargetSeconds', () => Int) responseTargetSeconds: number,
    @Ctx() { actor }: Context,
  ): Promise<Channel> {
    return this.service.setTarget(channelId, responseTargetSeconds, actorIdOf(actor!));
  }

  @Authorized(AgentRole.ADMIN)
  @Mutation(() => Channel, { nullable: true })
  setChannelQueue(
    @Arg('channelId', () => ID) channelId: string,
    @Arg('queueId', () => ID) queueId: string,
    @Ctx() { actor }: Context,
  ): Promise<Channel> {
    return this.service.setQueue(channelId, queueId, actorIdOf(actor!));
  }

  @FieldResolver(() => Queue, { description: 'Where new threads from this channel go.' })
  async queue(@Root() channel: Channel, @Ctx() { loaders }: Context): Promise<Queue> {
    const queue = await loaders.queue.load(channel.queueId);
    if (!queue) throw notFound('Queue', channel.queueId);
    return queue;
  }
}
