import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { DEFAULT_AGENTS_PAGE, MAX_AGENTS_PAGE, pageSize } from '../pagination.js';
import { actorIdOf } from '../auth/actor.js';
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
    return this.service.create(name, actorIdOf(actor!));
  }

  @Authorized(AgentRole.ADMIN)
  @Mutation(() => Queue, { nullable: true, description: 'ADMIN. Names are unique, ignoring case.' })
  renameQueue(@Arg('id', () => ID) id: string, @Arg('name') name: string, @Ctx() { actor }: Context): Promise<Queue> {
    return this.service.rename(id, name, actorIdOf(actor!));
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
    return this.service.setMembers(queueId, agentIds, actorIdOf(actor!));
  }

  @FieldResolver(() => [Agent], { description: 'By name; `after` is the id of the last agent of the previous page.' })
  members(
    @Root() queue: Queue,
    @Ctx() { loaders }: Context,
    @Arg('first', () => Int, { nullable: true, defaultValue: DEFAULT_AGENTS_PAGE }) first?: number,
    @Arg('after', () => ID, { nullable: true }) after?: string,
  ): Promise<Agent[]> {
    return loaders.membersOfQueue.load({ id: queue.id, first: pageSize(first ?? DEFAULT_AGENTS_PAGE, MAX_AGENTS_PAGE), after: after ?? null });
  }
}
