import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Agent, AgentRole } from '../agents/agent.entity.js';
import { Queue } from './queue.entity.js';
import type { QueueService } from './queue.service.js';

@Resolver(() => Queue)
export class QueueResolver {
  constructor(private readonly service: QueueService) {}

  @Authorized()
  @Query(() => [Queue])
  queues(): Promise<Queue[]> {
    return this.service.list();
  }

  @Authorized(AgentRole.ADMIN)
  @Mutation(() => Queue, { nullable: true })
  createQueue(@Arg('name') name: string, @Ctx() { actor }: Context): Promise<Queue> {
    return this.service.create(name, actor!.agentId);
  }

  @Authorized(AgentRole.ADMIN)
  @Mutation(() => Queue, {
    nullable: true,
    description: "Replaces the queue's members. An agent taken out keeps no thread of that queue: those return to it.",
  })
  setQueueMembers(
    @Arg('queueId', () => ID) queueId: string,
    @Arg('agentIds', () => [ID]) agentIds: string[],
    @Ctx() { actor }: Context,
  ): Promise<Queue> {
    return this.service.setMembers(queueId, agentIds, actor!.agentId);
  }

  @FieldResolver(() => [Agent])
  members(@Root() queue: Queue, @Ctx() { loaders }: Context): Promise<Agent[]> {
    return loaders.membersOfQueue.load(queue.id);
  }
}
